"""Installed packages, read statically: a module of the project's site-packages as facts.

A project's URL tree reaches into packages (``include("rest_framework.urls")``, a schema view
from drf-spectacular). Their modules are found in the site-packages of the interpreter the
project uses (:mod:`..core.interpreter`), read, parsed and reduced to facts like the project's
own, never imported. Nothing is read until a linker asks for a module; a module read is kept
for the whole process, keyed by the folder, the distribution's name and version (its
``.dist-info``) and the module, so another index of the same environment, or a relink, pays
nothing. These facts are not registered with the project's symbols: names in them resolve
through the project's symbols to what they import from elsewhere (``External``), so the
frameworks' own classes stay the known library classes they are.
"""

from __future__ import annotations

import os
import threading

from ..core.interpreter import interpreter, site_packages
from ..core.parsing import parse_text
from ..core.source import DEFAULT_MAX_BYTES, read_source, read_text
from .facts import ModuleFacts, extract_facts
from .symbol_types import ClassSym, External, ModuleSym, Symbol
from .symbols import Symbols

_LOCK = threading.Lock()
# (site folder, distribution, version, module) -> facts (None: no such module)
_MODULES: dict[tuple[str, str, str, str], ModuleFacts | None] = {}


class Libraries:
    """The site-packages modules of one project's interpreter."""

    def __init__(self, root: str, python: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.root = root
        self.python = python
        self.max_bytes = max_bytes
        self._dirs: list[str] | None = None
        # site folder -> {top-level import name: (distribution, version)}, read once per index
        self._dists: dict[str, dict[str, tuple[str, str]]] = {}

    @property
    def dirs(self) -> list[str]:
        if self._dirs is None:
            self._dirs = site_packages(interpreter(self.root, self.python))
        return self._dirs

    def module(self, dotted: str) -> ModuleFacts | None:
        """The facts of installed module ``dotted``; None when no site folder has it."""
        if not dotted or any(not part.isidentifier() for part in dotted.split(".")):
            return None
        rel = dotted.replace(".", os.sep)
        for folder in self.dirs:
            for path, is_package in (
                (os.path.join(folder, rel + ".py"), False),
                (os.path.join(folder, rel, "__init__.py"), True),
            ):
                if not os.path.isfile(path):
                    continue
                dist, version = self._distribution(folder, dotted.split(".")[0])
                if not version:  # not installed from a distribution: its file's age instead
                    version = f"mtime:{os.stat(path).st_mtime_ns}"
                key = (folder, dist, version, dotted)
                with _LOCK:
                    if key in _MODULES:
                        return _MODULES[key]
                facts = self._read(path, dotted, is_package)
                with _LOCK:
                    _MODULES[key] = facts
                return facts
        return None

    def _read(self, path: str, dotted: str, is_package: bool) -> ModuleFacts | None:
        source = read_source(path, self.max_bytes)  # regular files only, size checked
        if source.text is None:
            return None
        return extract_facts(parse_text(path, source.text), dotted, is_package)

    def _distribution(self, folder: str, top: str) -> tuple[str, str]:
        """(distribution, version) that installed top-level package ``top`` in ``folder``,
        from the ``.dist-info`` folders' names and ``top_level.txt``; ("", "") when none
        says."""
        known = self._dists.get(folder)
        if known is None:
            known = self._dists[folder] = _dist_tops(folder)
        return known.get(top, known.get(top.lower(), ("", "")))


def _dist_tops(folder: str) -> dict[str, tuple[str, str]]:
    known: dict[str, tuple[str, str]] = {}
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        entries = []
    for entry in entries:
        if not entry.endswith(".dist-info"):
            continue
        name, _, version = entry[: -len(".dist-info")].partition("-")
        tops = [name.lower().replace("-", "_")]
        listed = os.path.join(folder, entry, "top_level.txt")
        if os.path.isfile(listed):
            try:
                listing = read_text(listed, 4096, errors="strict")
                tops = [t.strip() for t in listing.splitlines() if t.strip()] or tops
            except (OSError, UnicodeDecodeError):
                pass
        for t in tops:
            known.setdefault(t, (name, version))
    return known


def library_symbol(symbols: Symbols, dotted: str) -> Symbol | None:
    """What ``dotted`` (``drf_spectacular.views.SpectacularAPIView``) names in the installed
    packages: a class, function or module of their facts, followed through the re-exports
    of the packages it passes (``from .views import X``); None when no package has it."""
    for _ in range(6):
        module, _, attr = dotted.rpartition(".")
        whole = symbols.library(dotted)
        if whole is not None:
            return ModuleSym(whole)
        facts = symbols.library(module) if module else None
        if facts is None:
            return None
        found = symbols.member(ModuleSym(facts), attr)
        if not isinstance(found, External):
            return found
        if found.dotted == dotted or found.dotted == f"{facts.module}.{attr}":
            return None
        dotted = found.dotted  # imported from another module: look there
    return None


def full_class_chain(symbols: Symbols, cls: ClassSym, stop: frozenset[str]) -> list[ClassSym]:
    """``cls``'s project chain, then the installed classes it inherits from (read from
    site-packages: ``UserAdmin`` past a project admin class), depth first; a class named in
    ``stop`` (one whose methods the caller models) ends that branch."""

    def widen(sym: Symbol | None) -> Symbol | None:
        if isinstance(sym, External) and sym.dotted not in stop:
            sym = library_symbol(symbols, sym.dotted) or sym
        return sym if isinstance(sym, ClassSym) and sym.dotted not in stop else None

    return symbols.class_chain(cls, widen=widen, limit=48)


def class_has(symbols: Symbols, cls: ClassSym, attr: str) -> bool | None:
    """Whether ``cls`` or a class it inherits from (the project's, the installed packages')
    defines ``attr``; None when a base cannot be read (then it may)."""
    for klass in full_class_chain(symbols, cls, frozenset()):
        info = klass.facts.classes[klass.qualname]
        if attr in info.methods or attr in info.fields:
            return True
        for base in info.bases:
            sym = symbols.follow(symbols.resolve_expr(klass.facts, info.scope, base))
            if (
                isinstance(sym, External)
                and sym.dotted not in ("object", "builtins.object")
                and not isinstance(library_symbol(symbols, sym.dotted), ClassSym)
            ):
                return None
    return False

"""Name resolution and constant evaluation across the project's modules, without running code.

``resolve`` follows local scopes, imports (relative ones included) and re-exports to what a
name denotes: an assignment in some module, a function, a class, a module, or something
outside the project (``fastapi.APIRouter``). ``evaluate`` folds the constant expressions route
prefixes are made of: literals, f-strings, ``+``, module constants, settings-class defaults
(``settings.API_V1_STR`` where ``settings = Settings()``), ``os.getenv`` defaults.
"""

from __future__ import annotations

import ast
import os
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from ..core.syntax import dotted_name
from .facts import ModuleFacts, Scope
from .memo_keys import ALL, ANY_MODULE, DECORATORS
from .outline import Outline, outline, top_level
from .symbol_types import (
    UNKNOWN,
    Assigned,
    ClassSym,
    External,
    FunctionSym,
    Instance,
    ModuleSym,
    Symbol,
)

_MAX_DEPTH = 24


T = TypeVar("T")


def _common_prefix_len(a: str, b: str) -> int:
    return len(os.path.commonpath([a, b])) if os.path.isabs(a) == os.path.isabs(b) else 0


class Symbols:
    """Resolution over the project's modules.

    Modules are registered by path and dotted name; their facts may be loaded lazily (a cold
    ``routes`` only parses the files that can hold routes, and the modules those import are
    parsed when a name is first resolved through them).

    Resolutions are memoised with the paths of the modules they read (:meth:`memo`), so a relink
    after an edit recomputes only what went through the edited file; linkers can memoise their
    own derived results (a handler's details) the same way.
    """

    def __init__(
        self,
        modules: Iterable[ModuleFacts] = (),
        loader: Callable[[str], ModuleFacts | None] | None = None,
    ) -> None:
        self.by_path: dict[str, ModuleFacts | None] = {}
        # every dotted suffix of a module's name maps to it, so a project opened one folder
        # above its import root (or without __init__.py files) still resolves its imports
        self.by_name: dict[str, list[tuple[str, str]]] = {}  # name -> [(module, path)]
        self._loader = loader
        self._memo: dict[Hashable, tuple[Any, frozenset[str | tuple[str, str]]]] = {}
        self._dependents: dict[
            str | tuple[str, str], set[Hashable]
        ] = {}  # path -> memo keys that read it
        self._epoch = 0  # bumps on every invalidation; a result computed across one is not kept
        self._local = threading.local()  # per thread: the paths read by each open computation
        self._outlines: dict[str, Outline] = {}
        self.registrations = 0  # bumps when the set of registered paths may have changed
        # an installed package's module as facts (``index/libraries.py``), for the linkers
        # that follow the project into its packages; never registered here
        self.library: Callable[[str], ModuleFacts | None] = lambda dotted: None
        # computations actually run, by the first element of their key (tests count these)
        self.computed: Counter[Hashable] = Counter()
        for facts in modules:
            self.add(facts)

    # --- memo --------------------------------------------------------------------------

    def _frames(self) -> list[set[str | tuple[str, str]]]:
        frames: list[set[str | tuple[str, str]]] | None = getattr(self._local, "frames", None)
        if frames is None:
            frames = self._local.frames = []
        return frames

    def _read(self, path: str) -> None:
        """Record that the open computations read module ``path``'s interface."""
        frames = self._frames()
        if frames:
            frames[-1].add(path)

    def _read_def(self, path: str, qualname: str) -> None:
        """Record that the open computations read the definition ``qualname`` of ``path``
        (anything inside its top-level function or class); a module-level name is interface."""
        frames = self._frames()
        if frames:
            frames[-1].add(path)
            frames[-1].add((path, top_level(qualname)))

    def reads(self, facts: ModuleFacts, scope: Scope) -> None:
        """Record a read of something defined in ``scope`` of ``facts`` (an assignment a
        linker interprets itself): the interface, or the definition it is inside."""
        if scope:
            self._read_def(facts.path, scope)
        else:
            self._read(facts.path)

    def depend(self, dep: str | tuple[str, str]) -> None:
        """Record a dependency by hand: ``path + ALL`` for a pass over a whole module,
        ``ANY_MODULE`` for one over every module."""
        frames = self._frames()
        if frames:
            frames[-1].add(dep)

    def memo_module(self, name: Hashable, facts: ModuleFacts, compute: Callable[[], T]) -> T:
        """A per-module pass: ``compute()`` memoised under (name, path), dropped on any change
        to the module and on changes to what it resolved through. Facts the index does not
        hold (a caller's own text) are computed without memoising."""
        if not self._current(facts):
            return compute()

        def run() -> T:
            self.depend(facts.path + ALL)
            return compute()

        return self.memo((name, facts.path), run)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept until a module it read (through this object) changes.

        The modules read are recorded while ``compute`` runs, nested memos included, so
        :meth:`replace` can drop exactly the results that went through the edited file.
        """
        frames = self._frames()
        hit = self._memo.get(key)
        if hit is not None:
            if frames:
                frames[-1].update(hit[1])
            return hit[0]
        epoch = self._epoch
        self.computed[key[0] if isinstance(key, tuple) and key else key] += 1
        value, deps = self.recorded(compute)
        if epoch == self._epoch:
            self._memo[key] = (value, deps)
            for path in deps:
                self._dependents.setdefault(path, set()).add(key)
        return value

    def recorded(self, compute: Callable[[], T]) -> tuple[T, frozenset[str | tuple[str, str]]]:
        """``compute()`` and what it read (passed on to the open computation as well), for a
        result kept outside the memo whose readers must depend on the same."""
        frames = self._frames()
        frames.append(set())
        try:
            value = compute()
        finally:
            read = frames.pop()
        if frames:
            frames[-1].update(read)
        return value, frozenset(read)

    def forget(self, key: Hashable) -> None:
        """Drop one memoised result (its caller knows it will not be asked for again)."""
        self._memo.pop(key, None)

    def invalidate(self, path: str | tuple[str, str] | None = None) -> None:
        """Forget results that read ``path`` (all results when None); a module path drops
        what read any part of it."""
        self._epoch += 1
        if path is None:
            self._memo.clear()
            self._dependents.clear()
            return
        if isinstance(path, str) and path != ANY_MODULE:
            outline = self._outlines.pop(path, None)
            self._drop(path + ALL)
            for name in outline.definitions if outline is not None else ():
                self._drop((path, name))
        self._drop(path)

    def _drop(self, dep: str | tuple[str, str]) -> None:
        for key in self._dependents.pop(dep, ()):
            self._memo.pop(key, None)

    def _current(self, facts: ModuleFacts) -> bool:
        """Whether ``facts`` is what this object holds for its path (only those are memoised:
        a caller may resolve in facts of a text the index does not hold)."""
        return self.by_path.get(facts.path) is facts

    def register(
        self, path: str, module: str, facts: ModuleFacts | None = None, longname: str = ""
    ) -> None:
        """Register ``path`` as ``module``, reachable by every dotted suffix of ``longname``
        (its name relative to the workspace root) as well."""
        if path in self.by_path:
            self.remove(path)
        self.invalidate()  # the names modules are found by changed
        self.registrations += 1
        self.by_path[path] = facts
        names = {module}
        parts = (longname or module).split(".")
        names.update(".".join(parts[i:]) for i in range(len(parts)))
        for name in names:
            if name:
                self.by_name.setdefault(name, []).append((module, path))

    def add(self, facts: ModuleFacts, longname: str = "") -> None:
        self.register(facts.path, facts.module, facts, longname)

    def replace(self, facts: ModuleFacts, longname: str = "", text: str | None = None) -> None:
        """New facts for a path; a known path keeps its names (the common edit: O(1)).

        With the module's ``text``, the edit is compared with the last one (:func:`outline`):
        when the interface is unchanged, only what read the whole module or a changed
        definition is dropped, and the old facts object takes the new contents in place, so
        the symbols kept by surviving results see the new text (the edit inside a handler)."""
        path = facts.path
        old = self.by_path.get(path)
        if path not in self.by_path:
            self.add(facts, longname)
            if text is not None:
                self._outlines[path] = outline(facts, text)
            return
        before = self._outlines.get(path)
        after = outline(facts, text) if text is not None and old is not facts else None
        if old is None or _decorators(old) != _decorators(facts):
            self._drop(path + DECORATORS)
        if old is None or before is None or after is None or before.interface != after.interface:
            self.invalidate(path)
            self.by_path[path] = facts
            if after is not None:
                self._outlines[path] = after
            return
        self._epoch += 1
        self._drop(path + ALL)
        for name in set(before.definitions) | set(after.definitions):
            if before.definitions.get(name) != after.definitions.get(name):
                self._drop((path, name))
        old.__dict__.update(facts.__dict__)  # same object, new contents
        self._outlines[path] = after

    def outline_known(self, facts: ModuleFacts, text: str) -> None:
        """Remember the outline of facts registered without one (parsed lazily)."""
        self._outlines[facts.path] = outline(facts, text)

    def remove(self, path: str) -> None:
        self.invalidate()
        self.registrations += 1
        self._outlines.pop(path, None)
        self.by_path.pop(path, None)
        for name in list(self.by_name):
            entries = [e for e in self.by_name[name] if e[1] != path]
            if entries:
                self.by_name[name] = entries
            else:
                del self.by_name[name]

    def facts(self, path: str) -> ModuleFacts | None:
        """A module's facts; a computation asking for them depends on all of the module."""
        self.depend(path + ALL)
        return self._facts(path)

    def _facts(self, path: str) -> ModuleFacts | None:
        self._read(path)
        facts = self.by_path.get(path)
        if facts is None and path in self.by_path and self._loader is not None:
            facts = self._loader(path)
            self.by_path[path] = facts
        return facts

    def loaded(self) -> list[ModuleFacts]:
        return [f for f in self.by_path.values() if f is not None]

    def module(self, name: str, near: str | None = None) -> ModuleFacts | None:
        candidates = self.by_name.get(name)
        if not candidates:
            return None
        exact = [c for c in candidates if c[0] == name]
        pool = exact or candidates
        if len(pool) > 1 and near is not None:
            path = max(pool, key=lambda c: _common_prefix_len(c[1], near))[1]
        else:
            path = pool[0][1]
        return self._facts(path)

    # --- resolution --------------------------------------------------------------------

    def resolve_name(self, facts: ModuleFacts, scope: Scope, name: str, depth: int = 0) -> Symbol:
        if self._current(facts):
            return self.memo(
                ("name", facts.path, scope, name),
                lambda: self._resolve_name(facts, scope, name, depth),
            )
        return self._resolve_name(facts, scope, name, depth)

    def _resolve_name(self, facts: ModuleFacts, scope: Scope, name: str, depth: int) -> Symbol:
        self._read(facts.path)
        if scope:  # the scopes inside a definition are part of it
            self._read_def(facts.path, scope)
        s: str | None = scope
        while s is not None:
            if (s, name) in facts.assigns:
                return Assigned(facts, s, name)
            qual = f"{s}.{name}" if s else name
            if qual in facts.functions:
                self._read_def(facts.path, qual)
                return FunctionSym(facts, qual)
            if qual in facts.classes:
                self._read_def(facts.path, qual)
                return ClassSym(facts, qual)
            s = s.rsplit(".", 1)[0] if "." in s else ("" if s else None)
        target = facts.imports.get(name)
        if target is not None:
            return self.resolve_dotted(target, facts.path, depth + 1)
        starred = self._star_member(facts, name, depth)
        return starred if starred is not None else External(name)

    def resolve_dotted(self, dotted: str, near: str | None = None, depth: int = 0) -> Symbol:
        return self.memo(
            ("dotted", dotted, near), lambda: self._resolve_dotted(dotted, near, depth)
        )

    def _resolve_dotted(self, dotted: str, near: str | None, depth: int) -> Symbol:
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):
            mod = self.module(".".join(parts[:i]), near)
            if mod is not None:
                sym: Symbol = ModuleSym(mod)
                for attr in parts[i:]:
                    sym = self.member(sym, attr, depth + 1)
                return sym
        return External(dotted)

    def member(self, sym: Symbol, attr: str, depth: int = 0) -> Symbol:
        if depth > _MAX_DEPTH:
            return External(attr)
        if isinstance(sym, ModuleSym):
            facts = sym.facts
            self._read(facts.path)
            if ("", attr) in facts.assigns:
                return Assigned(facts, "", attr)
            if attr in facts.functions:
                self._read_def(facts.path, attr)
                return FunctionSym(facts, attr)
            if attr in facts.classes:
                self._read_def(facts.path, attr)
                return ClassSym(facts, attr)
            if attr in facts.imports:
                return self.resolve_dotted(facts.imports[attr], facts.path, depth + 1)
            starred = self._star_member(facts, attr, depth)
            if starred is not None:
                return starred
            sub = self.module(f"{facts.module}.{attr}", facts.path) if facts.module else None
            if sub is not None:
                return ModuleSym(sub)
            return External(f"{facts.module}.{attr}")
        if isinstance(sym, External):
            return External(f"{sym.dotted}.{attr}")
        if isinstance(sym, ClassSym):
            self._read_def(sym.facts.path, sym.qualname)
            qual = f"{sym.qualname}.{attr}"
            if qual in sym.facts.functions:
                return FunctionSym(sym.facts, qual)
            if qual in sym.facts.classes:
                return ClassSym(sym.facts, qual)
            if (sym.qualname, attr) in sym.facts.assigns:  # class constants: ``Paths.USERS``
                return Assigned(sym.facts, sym.qualname, attr)
            info = sym.facts.classes.get(sym.qualname)
            for base in info.bases if info is not None else ():
                assert info is not None
                base_sym = self.follow(self.resolve_expr(sym.facts, info.scope, base), depth + 1)
                if isinstance(base_sym, ClassSym) and base_sym != sym:
                    found = self.member(base_sym, attr, depth + 1)
                    if not isinstance(found, External):
                        return found
        if isinstance(sym, Assigned):
            target = self.follow(sym, depth + 1)
            if target is not sym:
                return self.member(target, attr, depth + 1)
        return External(attr)

    def _star_member(
        self, facts: ModuleFacts, attr: str, depth: int, seen: frozenset[str] = frozenset()
    ) -> Symbol | None:
        """``attr`` as ``from .x import *`` binds it in ``facts``: the first starred module
        that exports it (its ``__all__``, else its public names), followed there; None when
        none does. ``seen`` guards against modules starring each other."""
        if not facts.star_imports or depth > _MAX_DEPTH:
            return None
        seen = seen | {facts.path}
        for dotted in facts.star_imports:
            mod = self.module(dotted, facts.path)
            if mod is None or mod.path in seen:
                continue
            self._read(mod.path)
            exported = self._exports(mod)
            if (attr not in exported) if exported is not None else attr.startswith("_"):
                continue
            if (
                ("", attr) in mod.assigns
                or attr in mod.functions
                or attr in mod.classes
                or attr in mod.imports
            ):
                return self.member(ModuleSym(mod), attr, depth + 1)
            found = self._star_member(mod, attr, depth + 1, seen)
            if found is not None:
                return found
        return None

    def _exports(self, facts: ModuleFacts) -> frozenset[str] | None:
        """The names a module's ``__all__`` lists; None when it has none the index can read."""
        value = facts.assigns.get(("", "__all__"))
        if value is None:
            return None
        listed = self.evaluate(facts, "", value)
        if not isinstance(listed, list):
            return None
        names = {v for v in listed if isinstance(v, str)}
        for _, extra in facts.augments.get(("", "__all__"), []):
            more = self.evaluate(facts, "", extra)
            if isinstance(more, list):
                names.update(v for v in more if isinstance(v, str))
        return frozenset(names)

    def follow(self, sym: Symbol, depth: int = 0) -> Symbol:
        """Follow plain aliases (``router = users.router``) to what they name."""
        while isinstance(sym, Assigned) and depth < _MAX_DEPTH:
            value = sym.value
            if isinstance(value, (ast.Name, ast.Attribute)):
                sym = self.resolve_expr(sym.facts, sym.scope, value, depth + 1)
                depth += 1
            else:
                break
        return sym

    def resolve_expr(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0
    ) -> Symbol:
        if depth > _MAX_DEPTH:
            return External("?")
        if isinstance(expr, ast.Name):
            return self.resolve_name(facts, scope, expr.id, depth + 1)
        if isinstance(expr, ast.Attribute):
            dotted = dotted_name(expr) if self._current(facts) else None
            if dotted is not None:  # keyed by the text, not the node: any node spelling it
                key = ("expr", facts.path, scope, dotted)
                return self.memo(key, lambda: self._resolve_attribute(facts, scope, expr, depth))
            return self._resolve_attribute(facts, scope, expr, depth)
        return External("?")

    def _resolve_attribute(
        self, facts: ModuleFacts, scope: Scope, expr: ast.Attribute, depth: int
    ) -> Symbol:
        base = self.resolve_expr(facts, scope, expr.value, depth + 1)
        return self.member(base, expr.attr, depth + 1)

    def qualified(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> str | None:
        """The dotted name an expression denotes (``fastapi.APIRouter`` for ``APIRouter``)."""
        sym = self.follow(self.resolve_expr(facts, scope, expr))
        if isinstance(sym, External):
            return sym.dotted
        if isinstance(sym, (ClassSym, FunctionSym)):
            return sym.dotted
        if isinstance(sym, ModuleSym):
            return sym.facts.module
        return None

    def class_chain(
        self,
        cls: ClassSym,
        *,
        bases_first: bool = False,
        widen: Callable[[Symbol | None], Symbol | None] | None = None,
        limit: int = 32,
    ) -> list[ClassSym]:
        """``cls`` and its project base classes, depth first (close enough to the MRO for
        finding which class defines a handler or an attribute). ``widen`` maps each base as
        resolved to the class to follow (an installed package's, for ``libraries``), or to
        something else to end the branch there.

        ``bases_first``: the order in which later classes override earlier ones, for merging
        the attributes a class inherits: each class after all of its bases, the last-listed
        base first (``class D(B, C)``, both from ``A``: A, C, B, D, the MRO reversed). This is
        not the default order reversed where bases share an ancestor (that gives C, A, B, D).
        """
        if bases_first:
            return self._bases_first(cls)
        chain: list[ClassSym] = []
        todo = [cls]
        while todo and len(chain) < limit:
            klass = todo.pop(0)
            if any(k.facts is klass.facts and k.qualname == klass.qualname for k in chain):
                continue
            chain.append(klass)
            info = klass.facts.classes[klass.qualname]
            bases: list[Symbol | None] = [
                self.follow(self.resolve_expr(klass.facts, info.scope, b)) for b in info.bases
            ]
            if widen is not None:
                bases = [widen(b) for b in bases]
            todo = [b for b in bases if isinstance(b, ClassSym)] + todo
        return chain

    def _bases_first(self, cls: ClassSym) -> list[ClassSym]:
        out: list[ClassSym] = []
        seen: set[tuple[str, str]] = set()

        def visit(c: ClassSym, depth: int) -> None:
            key = (c.facts.path, c.qualname)
            if key in seen or depth > 12:
                return
            seen.add(key)
            info = c.facts.classes[c.qualname]
            for base in reversed(info.bases):
                sym = self.follow(self.resolve_expr(c.facts, info.scope, base))
                if isinstance(sym, ClassSym):
                    visit(sym, depth + 1)
            out.append(c)

        visit(cls, 0)
        return out

    def class_bases(self, cls: ClassSym, depth: int = 0) -> list[str]:
        """Dotted names of all ancestors of a project class (project and external)."""
        if not self._current(cls.facts):
            return self._class_bases(cls, depth)
        key = ("bases", cls.facts.path, cls.qualname)
        return list(self.memo(key, lambda: tuple(self._class_bases(cls, depth))))

    def _class_bases(self, cls: ClassSym, depth: int) -> list[str]:
        self._read_def(cls.facts.path, cls.qualname)
        out: list[str] = []
        if depth > _MAX_DEPTH:
            return out
        facts = cls.facts
        info = facts.classes[cls.qualname]
        for base in info.bases:
            if isinstance(base, ast.Subscript):  # Generic[T], BaseModel[...]
                base = base.value
            sym = self.follow(self.resolve_expr(facts, info.scope, base))
            if isinstance(sym, ClassSym):
                out.append(sym.dotted)
                out.extend(self.class_bases(sym, depth + 1))
            elif isinstance(sym, External):
                out.append(sym.dotted)
        return out

    # --- evaluation --------------------------------------------------------------------

    def evaluate(self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.JoinedStr):
            out = []
            for part in expr.values:
                if isinstance(part, ast.Constant):
                    out.append(str(part.value))
                elif isinstance(part, ast.FormattedValue):
                    v = self.evaluate(facts, scope, part.value, depth + 1)
                    if v is UNKNOWN or isinstance(v, Instance):
                        return UNKNOWN
                    out.append(str(v))
            return "".join(out)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.evaluate(facts, scope, expr.left, depth + 1)
            right = self.evaluate(facts, scope, expr.right, depth + 1)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
                return [*left, *right]
            return UNKNOWN
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return [self.evaluate(facts, scope, e, depth + 1) for e in expr.elts]
        if isinstance(expr, ast.Name):
            sym = self.resolve_name(facts, scope, expr.id, depth + 1)
            return self._value_of(sym, depth + 1)
        if isinstance(expr, ast.Attribute):
            if isinstance(expr.value, (ast.Name, ast.Attribute)):
                base_sym = self.resolve_expr(facts, scope, expr.value, depth + 1)
                if isinstance(base_sym, (ModuleSym, ClassSym)):
                    return self._value_of(self.member(base_sym, expr.attr, depth + 1), depth + 1)
                base = self._value_of(base_sym, depth + 1)
            else:  # ``get_settings().API_PREFIX``, ``Settings().API_V1_STR``
                base = self.evaluate(facts, scope, expr.value, depth + 1)
            if isinstance(base, Instance) and isinstance(base.cls, ClassSym):
                return self._field_default(base.cls, expr.attr, depth + 1)
            return UNKNOWN
        if isinstance(expr, ast.Call):
            return self._call_value(facts, scope, expr, depth + 1)
        return UNKNOWN

    def _value_of(self, sym: Symbol, depth: int) -> Any:
        if isinstance(sym, Assigned):
            return self.evaluate(sym.facts, sym.scope, sym.value, depth + 1)
        if isinstance(sym, ClassSym):
            return sym
        return UNKNOWN

    def _call_value(self, facts: ModuleFacts, scope: Scope, call: ast.Call, depth: int) -> Any:
        callee = self.follow(self.resolve_expr(facts, scope, call.func, depth + 1))
        if isinstance(callee, External):
            name = callee.dotted
            if name in {"os.getenv", "os.environ.get", "getenv", "environ.get"}:
                default = call.args[1] if len(call.args) > 1 else None
                for kw in call.keywords:
                    if kw.arg == "default":
                        default = kw.value
                return self.evaluate(facts, scope, default, depth + 1) if default else UNKNOWN
            if name in {"str"} and call.args:
                return self.evaluate(facts, scope, call.args[0], depth + 1)
            return UNKNOWN
        if isinstance(callee, ClassSym):
            return Instance(callee, call)
        if isinstance(callee, FunctionSym):
            # ``settings = get_settings()`` where get_settings returns ``Settings()``
            self._read_def(callee.facts.path, callee.qualname)
            # the first return whose value is known (``return _cached`` before it is not)
            for ret in callee.facts.returns.get(callee.qualname, ()):
                value = self.evaluate(callee.facts, callee.qualname, ret, depth + 1)
                if value is not UNKNOWN:
                    return value
        return UNKNOWN

    def _field_default(self, cls: ClassSym, attr: str, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        self._read_def(cls.facts.path, cls.qualname)
        info = cls.facts.classes[cls.qualname]
        if attr in info.fields:
            _, value = info.fields[attr]
            if value is None:
                return UNKNOWN
            if isinstance(value, ast.Call):
                # pydantic Field("/api", ...) / Field(default="/api")
                fname = dotted_name(value.func) or ""
                if fname.split(".")[-1] == "Field":
                    for kw in value.keywords:
                        if kw.arg == "default":
                            return self.evaluate(cls.facts, info.scope, kw.value, depth + 1)
                    if value.args:
                        return self.evaluate(cls.facts, info.scope, value.args[0], depth + 1)
                    return UNKNOWN
            return self.evaluate(cls.facts, cls.qualname, value, depth + 1)
        for base in info.bases:
            sym = self.follow(self.resolve_expr(cls.facts, info.scope, base))
            if isinstance(sym, ClassSym):
                v = self._field_default(sym, attr, depth + 1)
                if v is not UNKNOWN:
                    return v
        return UNKNOWN

    def evaluate_str(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> str | None:
        if expr is None:
            return None
        v = self.evaluate(facts, scope, expr)
        return v if isinstance(v, str) else None


def _decorators(facts: ModuleFacts) -> tuple[str, ...]:
    """The decorators that may register what they decorate, as text to compare: every
    decorator of a top-level class, and those of a top-level function that call a plain name
    (``@register_view(...)``; a route decorator, ``@router.get(...)``, is the route's own
    business and changes as paths are typed)."""
    return tuple(
        f"{qualname}:{ast.dump(d)}"
        for qualname, decorators in [
            *((c.qualname, c.node.decorator_list) for c in facts.classes.values() if not c.scope),
            *(
                (f.qualname, [d for d in f.decorators if registers(d)])
                for f in facts.functions.values()
                if not f.scope
            ),
        ]
        for d in decorators
    )


def registers(decorator: ast.expr) -> bool:
    """A function decorator that may register the function: a plain name, called or not."""
    return isinstance(decorator.func if isinstance(decorator, ast.Call) else decorator, ast.Name)

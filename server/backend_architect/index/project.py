"""The project index: facts per file, and the routes and models linked from them.

Cold: every Python file is read, but only files that can hold routes (a cheap text test) are
parsed up front; files that can hold models are parsed when models are first asked for, and the
modules either imports are parsed when a name is first resolved through them. Incremental:
``update`` re-extracts one file's facts and relinks; a file that no longer parses keeps its last
good facts (marked stale) so routes do not blink out while typing.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.discovery import iter_python_files
from ..core.model import OrmModel, Position, Route, SchemaModel
from ..core.parsing import ParseCache, ParsedFile, ParseProblem, gc_paused
from ..core.source import DEFAULT_MAX_BYTES, SourceText, read_source
from .facts import ModuleFacts, extract_facts
from .frameworks import LINKERS
from .frameworks.common import DATA_FILES, LinkContext
from .frameworks.starlette.graph import sub_app_roots
from .libraries import Libraries
from .memo_keys import ANY_MODULE
from .models.extract import extract_models, extract_schemas
from .symbols import Symbols

# Text that a file holding routes, routers, apps or models must contain. A file without any of
# these is parsed only if something imports a name through it. Run over every file, so split
# for speed as ``can_hold_routes`` is: a regular expression whose branches all start with a
# capital (rare in Python text, so the engine skips ahead fast) and plain substring tests.
_RELEVANT_MARKED_RE = re.compile(
    r"F(?:astAPI|lask)|APIRouter|APIView|Blueprint|Starlette|ViewSet|Mount\(|Route\(|"
    r"DeclarativeBase|Column\(|SQLModel|Base(?:Model|Settings)|Schema\)|Serializer|Mapped\["
)
_RELEVANT_WORDS = (
    "include_router",
    "add_api_route",
    "register_blueprint",
    "add_url_rule",
    ".route(",
    ".register(",
    "urlpatterns",
    "api_view",
    "strawberry",
    "graphene",
    "declarative_base",
    "mapped_column",
    # models on a base from another file: SQLModel tables, Flask-SQLAlchemy, Django models
    # on an abstract model; pydantic dataclasses
    "table=True",
    "db.Model",
    "models.Model",
    "django.db import models",
    "pydantic",
)


def may_be_relevant(text: str) -> bool:
    """Whether ``text`` may hold routes, routers, apps, models or schemas."""
    return _RELEVANT_MARKED_RE.search(text) is not None or any(
        word in text for word in _RELEVANT_WORDS
    )


# Of those, the files that can hold routes, routers or apps: the linkers read only these (and
# what they import), so a cold ``routes`` does not parse every model file of a big project.
# Split in three for speed (this test runs over every file): the regular expression's branches
# all start with a character that is rare in Python text, the lower-case words are plain
# substring tests, and the decorator branch finds handler modules whose router is imported.
_ROUTES_MARKED_RE = re.compile(
    r"F(?:astAPI|lask)|APIRouter|APIView|ViewSet|Blueprint|Starlette|Mount\(|Route\(|MethodView|"
    r"_route|_blueprint|_url_rule|\.route\(|\.register\(|\.as_view|Router\(|\.mount\(|"
    r"Quart\(|Api\(|Application\(|RouteTableDef|Litestar\("
)  # _route: include_router, add_api_route, add_(api_)websocket_route, add_route; Router( and
# .mount( for a Starlette router or a mount whose routes are all in other modules; Quart(,
# Api( (Flask-RESTX/RESTful, flask-smorest), aiohttp's Application( and RouteTableDef,
# Litestar(. (Branches on a capital already there or rarer: Namespace( would try at each None)
# Flask-AppBuilder: exposed methods, the registration of views and APIs, FAB's own classes,
# the settings that turn its security views and APIs on or off (read from the config module)
_ROUTES_WORDS = (
    "urlpatterns",
    "api_view",
    "strawberry",
    "graphene",
    "@expose",
    ".add_view",
    ".add_api",
    "flask_appbuilder",
    # Flask-AppBuilder's settings, read where the config sets them (a config module need not
    # import FAB): ``FAB_ADD_SECURITY_API``, ``FAB_INDEX_VIEW``, ``AUTH_TYPE``, ...
    "FAB_",
    "AUTH_TYPE",
    "AUTH_USER_REGISTRATION",
    "router.add_",  # aiohttp: ``def setup_routes(app): app.router.add_get(...)``
)
# (``.view(``: aiohttp's route tables; ``@get(`` without a receiver: Litestar's handlers, but
# not ``@patch(``, which is mock's far more often)
_ROUTE_DECORATOR_RE = re.compile(
    r"@(?!mock\.)(?:[\w.]+\."
    r"(?:get|post|put|patch|delete|head|options|trace|api_route|route|websocket|view)"
    r"|(?:get|post|put|delete|route|websocket))\("
)
# branches that name a class and must not end a longer name (``MockApplication(``)
_WHOLE_NAMES = frozenset({"Quart(", "Api(", "Application(", "Litestar("})


def _marked(text: str) -> bool:
    for m in _ROUTES_MARKED_RE.finditer(text):
        start = m.start()
        if m.group() not in _WHOLE_NAMES or start == 0:
            return True
        before = text[start - 1]
        if not (before.isalnum() or before == "_"):
            return True
    return False


def can_hold_routes(text: str) -> bool:
    return (
        _marked(text)
        or any(word in text for word in _ROUTES_WORDS)
        or _ROUTE_DECORATOR_RE.search(text) is not None
    )


# What the index needs to know of a file before parsing it, read elsewhere (``check`` reads
# and classifies the files in a forked process while this one parses the relevant ones):
# whether it has text, whether it can hold routes, whether it may hold models, and the
# problem met reading it.
Classified = tuple[bool, bool, bool, "str | None"]


def classify_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Classified:
    source = read_source(path, max_bytes)
    if source.text is None:
        return (False, False, False, source.problem)
    return (True, can_hold_routes(source.text), may_be_relevant(source.text), source.problem)


_package_dirs: dict[str, bool] = {}  # directory -> has __init__.py (module_names asks per file)


def _is_package_dir(directory: str) -> bool:
    known = _package_dirs.get(directory)
    if known is None:
        known = _package_dirs[directory] = os.path.exists(os.path.join(directory, "__init__.py"))
    return known


def module_names(path: str, root: str) -> tuple[str, str, bool]:
    """(import name, name relative to the root, is a package) for a file under ``root``.

    The import name follows the package structure (directories with ``__init__.py``), which is
    what relative imports are resolved against; the root-relative name lets absolute imports of
    projects without ``__init__.py`` files resolve too.
    """
    rel = os.path.relpath(path, root)
    if rel.startswith(".."):
        rel = os.path.basename(path)
    parts = rel[:-3].split(os.sep) if rel.endswith(".py") else rel.split(os.sep)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    longname = ".".join(p for p in parts if p and p != ".")
    directory = os.path.dirname(os.path.abspath(path))
    pkg_parts = [] if is_package else [os.path.splitext(os.path.basename(path))[0]]
    if is_package:
        pkg_parts = [os.path.basename(directory)]
        directory = os.path.dirname(directory)
    if _is_package_dir(os.path.dirname(os.path.abspath(path))) or is_package:
        while _is_package_dir(directory):
            pkg_parts.insert(0, os.path.basename(directory))
            directory = os.path.dirname(directory)
        return ".".join(pkg_parts), longname, is_package
    return longname, longname, is_package


@dataclass
class FileState:
    path: str
    facts: ModuleFacts | None
    problems: list[ParseProblem] = field(default_factory=list)
    read_problem: str | None = None  # binary, too large, undecodable


class ProjectIndex:
    def __init__(
        self,
        root: str,
        max_bytes: int = DEFAULT_MAX_BYTES,
        parse_cache: ParseCache | None = None,
        python: str | None = None,  # the project's interpreter: where its packages are read
    ) -> None:
        self.root = os.path.abspath(root)
        self.max_bytes = max_bytes
        self.parse_cache = parse_cache or ParseCache()
        self.symbols = Symbols(loader=self._load)
        self.libraries = Libraries(self.root, python, max_bytes)
        self.symbols.library = self.libraries.module
        self.files: dict[str, FileState] = {}
        self.overlays: dict[str, str] = {}  # open documents: path -> text
        self.relevant: set[str] = set()  # paths the linkers look at
        self.model_files: set[str] = set()  # paths that can hold models or schemas
        self._unclassified: set[str] = set()  # read at build; model test deferred to first use
        self.routes: list[Route] = []
        # where an app is mounted inside another: its routes form an API of their own
        self.sub_app_roots: frozenset[str] = frozenset()
        self._by_file: tuple[list[Route], dict[str, list[Route]]] | None = None
        self._published: tuple[list[Route], list[Route]] | None = None
        # models and schemas are derived on first use after a relink (see ``models``)
        self._derived: tuple[int, list[OrmModel], list[SchemaModel]] | None = None
        self._model_names: tuple[list[OrmModel], frozenset[str]] | None = None
        self.generation = 0  # bumps on every relink; caches of derived data key on it
        # what linkers keep from one relink to the next (routes of unchanged declarations)
        self._link_cache: dict[str, Any] = {}
        self._models_cache: dict[str, Any] = {}  # the same for models and schemas
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []

    # --- building ----------------------------------------------------------------------

    def build(
        self,
        paths: Iterable[str] | None = None,
        eager: bool = False,
        progress: Callable[[int, int], None] | None = None,
        batch: int = 64,
        classified: Callable[[str], Classified | None] | None = None,
    ) -> None:
        """Index ``paths`` (default: every Python file under the root).

        Works in batches, taking the lock per batch, so an editor's requests are answered
        between batches while a big workspace is indexed in the background. ``classified``
        answers for a path what :func:`classify_file` would (or None): then only the files
        that can hold routes are read here.
        """
        todo = [
            os.path.abspath(p)
            for p in (paths if paths is not None else iter_python_files(self.root))
        ]
        _package_dirs.clear()  # folders may have become packages since the last build
        with gc_paused():
            for start in range(0, len(todo), batch):
                with self._lock:
                    for path in todo[start : start + batch]:
                        if path in self.overlays and path in self.files:
                            continue  # an open document was indexed from the editor already
                        known = None
                        if classified is not None and not eager and path not in self.overlays:
                            known = classified(path)
                        if known is not None:
                            self._register_classified(path, known)
                        else:
                            self._register(path, self._read(path), eager)
                if progress is not None:
                    progress(min(start + batch, len(todo)), len(todo))
            self.relink()

    def reads_data_file(self, path: str) -> bool:
        """Whether a linker read (or looked for) ``path``, a file that is not a module."""
        return os.path.abspath(path) in self._link_cache.get(DATA_FILES, ())

    def use_interpreter(self, python: str | None) -> None:
        """The project's interpreter changed (a setting): its packages are read from there,
        and a built index relinks at once."""
        if python != self.libraries.python:
            self.libraries = Libraries(self.root, python, self.max_bytes)
            self.symbols.library = self.libraries.module
            if self.files:  # built: what was read from the old environment goes
                self.relink()

    def _read(self, path: str) -> SourceText:
        if path in self.overlays:
            return SourceText(path, self.overlays[path])
        return read_source(path, self.max_bytes)

    def _register(self, path: str, source: SourceText, eager: bool) -> None:
        module, longname, _ = module_names(path, self.root)
        if source.text is None:
            self._unreadable(path, source.problem, module, longname)
            return
        relevant = can_hold_routes(source.text)
        (self.relevant.add if relevant else self.relevant.discard)(path)
        self._unclassified.add(path)
        if relevant or eager:
            facts = self._extract(path, source.text)
            self.symbols.register(path, module, facts, longname)
            self.symbols.outline_known(facts, source.text)
        else:
            self.files[path] = FileState(path, None, read_problem=source.problem)
            self.symbols.register(path, module, None, longname)
        if source.problem and path in self.files:
            self.files[path].read_problem = source.problem

    def _register_classified(self, path: str, known: Classified) -> None:
        """``_register`` for a file classified elsewhere: read here only if it can hold routes."""
        has_text, routes, models, problem = known
        module, longname, _ = module_names(path, self.root)
        if not has_text:
            self._unreadable(path, problem, module, longname)
            return
        if routes:
            self._register(path, self._read(path), eager=False)
        else:
            self.relevant.discard(path)
            self.files[path] = FileState(path, None, read_problem=problem)
            self.symbols.register(path, module, None, longname)
        (self.model_files.add if models else self.model_files.discard)(path)
        self._unclassified.discard(path)

    def _unreadable(self, path: str, problem: str | None, module: str, longname: str) -> None:
        """A file with no text (binary, too large, undecodable) whether found by the scan or
        updated later: known by name so its importers resolve, and in no route or model pass."""
        self.files[path] = FileState(path, None, read_problem=problem)
        self.symbols.register(path, module, None, longname)
        self.relevant.discard(path)
        self.model_files.discard(path)
        self._unclassified.discard(path)

    def _classify(self, path: str, text: str) -> None:
        """Record whether ``text`` can hold routes and whether it can hold models."""
        (self.relevant.add if can_hold_routes(text) else self.relevant.discard)(path)
        models = may_be_relevant(text)
        (self.model_files.add if models else self.model_files.discard)(path)
        self._unclassified.discard(path)

    def _extract(self, path: str, text: str) -> ModuleFacts:
        parsed = self.parse_cache.parse(path, text)
        return self._facts_from(parsed)

    def _facts_from(self, parsed: ParsedFile) -> ModuleFacts:
        path = parsed.path
        module, _, is_package = module_names(path, self.root)
        previous = self.files.get(path)
        broken = parsed.tree is None or (
            parsed.problems and not all(p.newer_syntax for p in parsed.problems)
        )
        # A file being typed: keep the last good facts while the text does not parse.
        if (
            broken
            and previous is not None
            and previous.facts is not None
            and not previous.facts.problems
        ):
            previous.facts.stale = True
            previous.problems = list(parsed.problems)
            return previous.facts
        facts = extract_facts(parsed, module, is_package)
        self.files[path] = FileState(path, facts, list(parsed.problems))
        return facts

    def _load(self, path: str) -> ModuleFacts | None:
        """Lazy loader for modules first needed during resolution."""
        source = self._read(path)
        if source.text is None:
            return None
        facts = self._extract(path, source.text)
        self.symbols.outline_known(facts, source.text)
        return facts

    # --- incremental -------------------------------------------------------------------

    def update(
        self, path: str, text: str | None = None, overlay: bool = False
    ) -> ModuleFacts | None:
        """Re-read one file (from ``text`` if given) and relink what depends on it."""
        path = os.path.abspath(path)
        if os.path.basename(path) == "__init__.py":
            _package_dirs.pop(os.path.dirname(path), None)  # a package may have appeared
        with self._lock, gc_paused():
            if overlay and text is not None:
                self.overlays[path] = text
            source = SourceText(path, text) if text is not None else self._read(path)
            if source.text is not None and len(source.text) > self.max_bytes:
                source = SourceText(
                    path,
                    None,
                    f"file is {len(source.text):,} characters, over the {self.max_bytes:,}-byte limit; skipped",
                )
            module, longname, _ = module_names(path, self.root)
            if source.text is None:
                self._unreadable(path, source.problem, module, longname)
            else:
                facts = self._extract(path, source.text)
                self.symbols.replace(facts, longname, source.text)
                held = self.symbols.by_path.get(path)  # the old object, updated in place
                if held is not None and path in self.files:
                    self.files[path].facts = held
                self._classify(path, source.text)
            self.relink()
            state = self.files.get(path)
            return state.facts if state else None

    def close_overlay(self, path: str) -> None:
        path = os.path.abspath(path)
        with self._lock:
            if self.overlays.pop(path, None) is not None and os.path.exists(path):
                self.update(path)

    def remove(self, path: str) -> None:
        path = os.path.abspath(path)
        with self._lock:
            self.files.pop(path, None)
            self.overlays.pop(path, None)
            self.relevant.discard(path)
            self.model_files.discard(path)
            self._unclassified.discard(path)
            self.symbols.remove(path)
            self.parse_cache.forget(path)
            self.relink()

    def relink(self) -> None:
        with self._lock, gc_paused():
            self.symbols.invalidate(ANY_MODULE)  # passes over every module (call sites)
            modules = [f for p in sorted(self.relevant) if (f := self.symbols.facts(p)) is not None]
            ctx = LinkContext(self.symbols, modules, self.root, self._link_cache)
            routes: list[Route] = []
            for linker_cls in LINKERS:
                routes.extend(linker_cls(ctx).link())
            routes.sort(key=lambda r: (r.path, r.methods, r.file, r.span.start.line))
            self.routes = routes
            self.sub_app_roots = sub_app_roots(ctx)
            self.generation += 1
        for listener in list(self._listeners):
            listener()

    def _models_and_schemas(self) -> tuple[list[OrmModel], list[SchemaModel]]:
        """Derived on first use after a relink: ``routes`` never pays for them, and an edit
        pays only when something reads them. Model files are parsed here the first time."""
        with self._lock:
            derived = self._derived
            if derived is None or derived[0] != self.generation:
                with gc_paused():
                    for path in sorted(self._unclassified):
                        source = self._read(path)
                        if source.text is not None and may_be_relevant(source.text):
                            self.model_files.add(path)
                    self._unclassified.clear()
                    paths = sorted(self.relevant | self.model_files)
                    modules = [f for p in paths if (f := self.symbols.facts(p)) is not None]
                    ctx = LinkContext(self.symbols, modules, self.root, self._models_cache)
                    derived = (self.generation, extract_models(ctx), extract_schemas(ctx))
                self._derived = derived
            return derived[1], derived[2]

    def adopt_derived(self, models: list[OrmModel], schemas: list[SchemaModel]) -> None:
        """Take models and schemas derived elsewhere for this very generation of the index (a
        forked ``check`` worker takes its parent's instead of deriving them again)."""
        with self._lock:
            self._derived = (self.generation, models, schemas)

    @property
    def models(self) -> list[OrmModel]:
        return self._models_and_schemas()[0]

    @property
    def schemas(self) -> list[SchemaModel]:
        return self._models_and_schemas()[1]

    @property
    def model_names(self) -> frozenset[str]:
        """The class names of the ORM models, made once per derivation (rules ask per call)."""
        models = self.models
        known = self._model_names
        if known is None or known[0] is not models:
            known = self._model_names = (models, frozenset(m.name for m in models))
        return known[1]

    def on_relink(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    # --- queries -----------------------------------------------------------------------

    def facts(self, path: str) -> ModuleFacts | None:
        return self.symbols.facts(os.path.abspath(path))

    def text(self, path: str) -> str | None:
        path = os.path.abspath(path)
        return self._read(path).text

    def parsed(self, path: str, text: str | None = None) -> ParsedFile | None:
        """The parse of ``path`` (of ``text``, the editor's, if given); None for a file that is
        unreadable or over ``max_bytes`` (a 20 MB document parsed for a hover held the server
        for minutes)."""
        text = text if text is not None else self.text(path)
        if text is None or len(text) > self.max_bytes:
            return None
        return self.parse_cache.parse(os.path.abspath(path), text)

    def routes_in(self, path: str, reachable_only: bool = False) -> list[Route]:
        path = os.path.abspath(path)
        routes = self.routes
        # grouped by file once per list of routes: rules ask for every file's routes
        if self._by_file is None or self._by_file[0] is not routes:
            grouped: dict[str, list[Route]] = {}
            for r in routes:
                grouped.setdefault(r.file, []).append(r)
            self._by_file = (routes, grouped)
        return [r for r in self._by_file[1].get(path, ()) if r.reachable or not reachable_only]

    def routes_at(self, path: str, pos: Position) -> list[Route]:
        """Routes whose handler name or route decorator is under ``pos``."""
        out = []
        for r in self.routes_in(path):
            if r.span.contains(pos) or (
                r.decorator_span is not None and r.decorator_span.contains(pos)
            ):
                out.append(r)
        return out

    def routes_around(self, path: str, pos: Position) -> list[Route]:
        """Routes whose handler definition (decorators to body end) contains ``pos``."""
        return [
            r for r in self.routes_in(path) if r.body_span is not None and r.body_span.contains(pos)
        ]

    def published_routes(self) -> list[Route]:
        """Routes an app serves; when the project has no app at all, every route found."""
        routes = self.routes
        if self._published is None or self._published[0] is not routes:  # rules ask per file
            reachable = [r for r in routes if r.reachable]
            self._published = (routes, reachable or list(routes))
        return list(self._published[1])

    def schema(self, name: str) -> SchemaModel | None:
        bare = name.split("[")[-1].rstrip("]").split(".")[-1]
        return next((s for s in self.schemas if s.name == bare), None)

    def model(self, name: str) -> OrmModel | None:
        return next((m for m in self.models if m.name == name or m.table == name), None)

    def problems(self) -> dict[str, list[str]]:
        """Files that could not be fully read or parsed, with the reasons (for reports)."""
        out: dict[str, list[str]] = {}
        for path, state in self.files.items():
            msgs = [f"line {p.line + 1}: {p.message}" for p in state.problems]
            if state.read_problem:
                msgs.insert(0, state.read_problem)
            if msgs:
                out[path] = msgs
        return out

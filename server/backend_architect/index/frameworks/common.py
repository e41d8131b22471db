"""What every framework's route discovery shares: the link context, call arguments, paths."""

from __future__ import annotations

import ast
import http
import os
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...core.model import AuthRequirement, Parameter, Route
from ...core.syntax import keyword_value, last_name
from ..facts import CallFacts, FunctionFacts, ModuleFacts, Scope, span_of
from ..memo_keys import ANY_MODULE
from ..symbol_types import Assigned, ClassSym, External, FunctionSym, Symbol
from ..symbols import Symbols

T = TypeVar("T")

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")

# Words that, in the name of a dependency or decorator, mean "this checks who is calling";
# unless the name is about something else that carries a token or is verified: pagination
# (``verified_page_token``, a cursor), CSRF, captchas, idempotency keys.
AUTH_NAME_RE = re.compile(
    r"^(?!.*(?:page_?token|next_?token|cursor|continuation|csrf|captcha|idempoten))"
    r".*?(auth|login|current_?user|current_?active|token|jwt|oauth|session_?user|permission|"
    r"require|verify|api_?key|admin|superuser|scope|credential|bearer|signed_?in|staff)",
    re.IGNORECASE,
)


# the key of ``LinkContext.persistent`` under which the files linkers read are noted
DATA_FILES = "data-files"


@dataclass
class LinkContext:
    """What a framework's linker gets: the symbols and the candidate facts to look at."""

    symbols: Symbols
    module_list: list[ModuleFacts]
    root: str
    # kept from one relink to the next (the index owns it): what a combine step can reuse
    persistent: dict[str, Any] = field(default_factory=dict, repr=False)
    # (path, function qualname) -> the calls of that function, built on first use
    _call_sites: dict[tuple[str, str], list[tuple[ModuleFacts, Scope, ast.Call]]] | None = field(
        default=None, repr=False
    )
    # what one linker builds and another reads, built once per relink (the ASGI mount graph
    # that FastAPI, Starlette and GraphQL share, FastAPI's include graph)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def modules(self) -> list[ModuleFacts]:
        """The candidate modules; a memoised computation that scans them all depends on every
        module (and is dropped on every relink): per-module passes use their own module."""
        self.symbols.depend(ANY_MODULE)
        return self.module_list

    def read_data_file(self, path: str) -> None:
        """Note that a linker reads ``path``, a file that is not a module (an OpenAPI document):
        when it changes on disk the index relinks (:meth:`ProjectIndex.reads_data_file`)."""
        self.persistent.setdefault(DATA_FILES, set()).add(os.path.abspath(path))

    def per_module(self, name: Hashable, facts: ModuleFacts, compute: Callable[[], T]) -> T:
        """A linker's pass over one module, memoised until the module or something it
        resolved through changes (:meth:`Symbols.memo_module`)."""
        return self.symbols.memo_module(name, facts, compute)

    def origin(self, facts: ModuleFacts, line: int) -> str:
        rel = os.path.relpath(facts.path, self.root)
        return f"{rel if not rel.startswith('..') else facts.path}:{line + 1}"

    def calls_of(self, fn: FunctionSym) -> list[tuple[ModuleFacts, Scope, ast.Call]]:
        """Statement-level calls of a project function among the linked modules."""
        self.symbols.depend(ANY_MODULE)
        if self._call_sites is None:
            sites: dict[tuple[str, str], list[tuple[ModuleFacts, Scope, ast.Call]]] = {}
            for facts in self.modules:
                for scope, call in facts.call_sites:
                    callee = self._callee(facts, scope, call.func)
                    if callee is not None:
                        key = (callee.facts.path, callee.qualname)
                        sites.setdefault(key, []).append((facts, scope, call))
            self._call_sites = sites
        return self._call_sites.get((fn.facts.path, fn.qualname), [])

    def _callee(self, facts: ModuleFacts, scope: Scope, func: ast.expr) -> FunctionSym | None:
        """The project function a call runs: a function, a class's ``__init__`` (the class
        called, its own or inherited), a method of an instance made on the spot
        (``Ext().init_app(app)``) or held in a name (``ext = Ext()``), and the class a
        settings lookup defaults to (``config.get("APP_INITIALIZER", AppInitializer)(app)``)."""
        if (
            isinstance(func, ast.Call)
            and isinstance(func.func, ast.Attribute)
            and func.func.attr == "get"
            and len(func.args) == 2
        ):
            func = func.args[1]
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func))
        if isinstance(sym, FunctionSym):
            return sym
        if isinstance(sym, ClassSym):
            return self._method(sym, "__init__")
        if isinstance(func, ast.Attribute):
            receiver: Symbol | None = None
            if isinstance(func.value, ast.Call):
                receiver = self.symbols.follow(
                    self.symbols.resolve_expr(facts, scope, func.value.func)
                )
            else:
                held = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func.value))
                if isinstance(held, Assigned) and isinstance(held.value, ast.Call):
                    receiver = self.symbols.follow(
                        self.symbols.resolve_expr(held.facts, held.scope, held.value.func)
                    )
            if isinstance(receiver, ClassSym):
                return self._method(receiver, func.attr)
        return None

    def _method(self, cls: ClassSym, name: str) -> FunctionSym | None:
        """Where ``cls`` gets method ``name``: itself or a project base."""
        for klass in self.symbols.class_chain(cls):
            qualname = f"{klass.qualname}.{name}"
            if qualname in klass.facts.functions:
                return FunctionSym(klass.facts, qualname)
        return None

    def objects(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0
    ) -> list[Symbol]:
        """What ``expr`` can denote. An app or router handed to a helper function
        (``def register_blueprints(app): app.register_blueprint(...)``) is followed to the
        arguments at the helper's call sites, so factories that delegate still link."""
        if isinstance(expr, ast.Attribute) and depth < 6:
            held = self._instance_attr(facts, scope, expr, depth)
            if held is not None:
                return held
        if isinstance(expr, ast.Name):
            param = _enclosing_param(facts, scope, expr.id)
            if param is not None:
                fn, position = param
                out: list[Symbol] = []
                if depth < 6:
                    for caller, caller_scope, call in self.calls_of(fn):
                        passed = _passed(call, position, expr.id)
                        if passed is not None:
                            out.extend(self.objects(caller, caller_scope, passed, depth + 1))
                return out
            elements = self._loop_elements(facts, scope, expr.id) if depth < 6 else None
            if elements is not None:
                return [
                    sym
                    for owner, owner_scope, element in elements
                    for sym in self.objects(owner, owner_scope, element, depth + 1)
                ]
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call) and depth < 6:
            # ``sub = build_sub()``: the objects the factory returns
            return self.returned(sym.facts, sym.scope, sym.value, depth + 1) or [sym]
        return [sym]

    def returned(
        self, facts: ModuleFacts, scope: Scope, call: ast.Call, depth: int = 0
    ) -> list[Symbol]:
        """The objects a call of a project function can give: those of each of its returns.
        A return the index cannot tie to an object (``return CACHE[key]`` before building the
        app, ``return None``) gives nothing and does not hide the others."""
        factory = self.symbols.follow(self.symbols.resolve_expr(facts, scope, call.func))
        if not isinstance(factory, FunctionSym) or depth >= 6:
            return []
        fn = factory.facts.functions.get(factory.qualname)
        rets = (
            self._live_returns(facts, scope, call, factory.facts, fn)
            if fn is not None
            else factory.facts.returns.get(factory.qualname, [])
        )
        out: list[Symbol] = []
        for ret in rets:
            if isinstance(ret, ast.Call):  # ``return build_inner()``
                found = self.returned(factory.facts, factory.qualname, ret, depth + 1)
            elif isinstance(ret, (ast.Name, ast.Attribute)):
                found = self.objects(factory.facts, factory.qualname, ret, depth + 1)
            else:
                continue
            out.extend(s for s in found if isinstance(s, Assigned) and s not in out)
        return out

    def _live_returns(
        self,
        facts: ModuleFacts,
        scope: Scope,
        call: ast.Call,
        owner: ModuleFacts,
        fn: FunctionFacts,
    ) -> list[ast.expr]:
        """The return values of ``fn`` that this call can reach: an ``if flag:`` on a
        parameter the call gives a constant for (or leaves at a constant default) runs one
        branch only, so ``pick(admin=True)`` is the admin app, not both apps."""
        flags: dict[str, bool] = {}
        args = fn.node.args
        positional = args.posonlyargs + args.args
        if fn.scope in owner.classes and positional and not _is_static(fn):
            positional = positional[1:]
        defaults = parameter_defaults(args)
        starred = any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        )
        for position, param in enumerate([*positional, *args.kwonlyargs]):
            name = param.arg
            if (fn.qualname, name) in owner.assigns:
                continue  # rebound in the body: the call's value may not be the one tested
            passed = _passed(call, position if param in positional else None, name)
            if passed is not None:
                value = self.symbols.evaluate(facts, scope, passed)
            elif name in defaults and not starred:
                value = self.symbols.evaluate(owner, fn.scope, defaults[name])
            else:
                continue
            if value is None or isinstance(value, (bool, int, str)):
                flags[name] = bool(value)
        out: list[ast.expr] = []
        _returns_in(fn.node.body, flags, out)
        return out

    def _instance_attr(
        self, facts: ModuleFacts, scope: Scope, expr: ast.Attribute, depth: int
    ) -> list[Symbol] | None:
        """``self.app`` in a method: what the class's methods (its project bases' too) assign
        to it (``self.app = app`` in ``__init__`` or ``init_app``), followed from there; None
        when ``expr`` is not such an attribute or no method assigns it."""
        if not isinstance(expr.value, ast.Name):
            return None
        fn = facts.functions.get(scope)
        if fn is None or fn.scope not in facts.classes or _is_static(fn):
            return None
        params = [*fn.node.args.posonlyargs, *fn.node.args.args]
        if not params or params[0].arg != expr.value.id:
            return None
        out: list[Symbol] = []
        for klass in self.symbols.class_chain(ClassSym(facts, fn.scope)):
            for method, value in klass.facts.instance_attrs.get((klass.qualname, expr.attr), []):
                out.extend(self.objects(klass.facts, method, value, depth + 1))
        return out or None

    def _loop_elements(
        self, facts: ModuleFacts, scope: Scope, name: str
    ) -> list[tuple[ModuleFacts, Scope, ast.expr]] | None:
        """The items a loop variable takes (``for r in (a.router, b.router)`` or over a list
        held in a name), when the loop runs over a literal list or tuple; None otherwise."""
        if (scope, name) in facts.assigns or (scope, name) not in facts.loops:
            return None
        iterable = facts.loops[(scope, name)]
        owner, owner_scope = facts, scope
        if isinstance(iterable, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, iterable))
            if not isinstance(sym, Assigned):
                return None
            owner, owner_scope, iterable = sym.facts, sym.scope, sym.value
        if not isinstance(iterable, (ast.List, ast.Tuple)):
            return None
        return [(owner, owner_scope, e) for e in iterable.elts if not isinstance(e, ast.Starred)]


def _returns_in(stmts: list[ast.stmt], flags: dict[str, bool], out: list[ast.expr]) -> bool:
    """Add the values of the returns ``stmts`` can reach to ``out``, taking only the branch
    an ``if`` on a known flag runs; True when every way through ends in a return (what
    follows is then dead)."""
    for stmt in stmts:
        if isinstance(stmt, ast.Return):
            if stmt.value is not None:
                out.append(stmt.value)
            return True
        if isinstance(stmt, ast.If):
            known = _flag_value(stmt.test, flags)
            if known is True:
                done = _returns_in(stmt.body, flags, out)
            elif known is False:
                done = _returns_in(stmt.orelse, flags, out)
            else:
                done = _returns_in(stmt.body, flags, out) & _returns_in(stmt.orelse, flags, out)
            if done:
                return True
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            if _returns_in(stmt.body, flags, out):
                return True
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            _returns_in(stmt.body, flags, out)
            _returns_in(stmt.orelse, flags, out)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            for block in (stmt.body, stmt.orelse, stmt.finalbody):  # type: ignore[attr-defined]
                _returns_in(block, flags, out)
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                _returns_in(handler.body, flags, out)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                _returns_in(case.body, flags, out)
    return False


def _flag_value(test: ast.expr, flags: dict[str, bool]) -> bool | None:
    """``flag`` or ``not flag`` on a parameter whose truth the call fixes; None otherwise."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _flag_value(test.operand, flags)
        return None if inner is None else not inner
    if isinstance(test, ast.Name):
        return flags.get(test.id)
    return None


def _enclosing_param(
    facts: ModuleFacts, scope: Scope, name: str
) -> tuple[FunctionSym, int | None] | None:
    """The function whose parameter ``name`` is, seen from ``scope``, and its position (None
    for keyword-only); None when the name is a local, a global or an import instead."""
    s = scope
    while s:
        if (s, name) in facts.assigns:
            return None
        fn = facts.functions.get(s)
        if fn is not None:
            args = fn.node.args
            positional = [a.arg for a in args.posonlyargs + args.args]
            if fn.scope in facts.classes and positional and not _is_static(fn):
                positional = positional[1:]  # called as ``self.method(app)``
            if name in positional:
                return FunctionSym(facts, fn.qualname), positional.index(name)
            if name in {a.arg for a in args.kwonlyargs}:
                return FunctionSym(facts, fn.qualname), None
        s = s.rsplit(".", 1)[0] if "." in s else ""
    return None


def _is_static(fn: FunctionFacts) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorators)


def _passed(call: ast.Call, position: int | None, name: str) -> ast.expr | None:
    value = keyword_value(call, name)
    if value is not None or position is None:
        return value
    return (
        call.args[position]
        if position < len(call.args)
        and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1])
        else None
    )


@dataclass
class RouterNode:
    """An app, router or blueprint object, and how it is included in (or mounted on) others."""

    sym: Assigned
    kind: str  # "app" or "router"
    prefix: str = ""
    auth: list[AuthRequirement] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    # (parent, prefix given at inclusion or mount, auth added there)
    parents: list[tuple[RouterNode, str, list[AuthRequirement]]] = field(default_factory=list)

    def mounts(
        self, seen: frozenset[int] = frozenset()
    ) -> list[tuple[str, list[AuthRequirement], bool]]:
        """(path prefix before own prefix, inherited auth, reachable from an app) per mount.
        An app is served at the root unless it is mounted in another app.

        Inclusion is live: a route added to a router after the router was included is served
        too (FastAPI's included routers follow the router since 0.16x; Starlette mounts and
        Flask blueprints always did)."""
        if id(self) in seen:
            return []
        if self.kind == "app" and not self.parents:
            return [("", [], True)]
        out: list[tuple[str, list[AuthRequirement], bool]] = []
        for parent, include_prefix, include_auth in self.parents:
            for parent_prefix, parent_auth, reachable in parent.mounts(seen | {id(self)}):
                out.append(
                    (
                        parent_prefix + parent.own_prefix_for_children() + include_prefix,
                        parent_auth + parent.auth + include_auth,
                        reachable,
                    )
                )
        return out or [("", [], False)]

    def chains(self, seen: frozenset[int] = frozenset()) -> list[tuple[RouterNode, ...]]:
        """The objects each of :meth:`mounts` passes through, outermost first (same order)."""
        if id(self) in seen:
            return []
        if self.kind == "app" and not self.parents:
            return [(self,)]
        out = [
            (*chain, self)
            for parent, _, _ in self.parents
            for chain in parent.chains(seen | {id(self)})
        ]
        return out or [(self,)]

    def own_prefix_for_children(self) -> str:
        # FastAPI applies a router's prefix when routes are added to it, so its included
        # routers get it too; the linker sets the framework-specific rule.
        return self.prefix


def arg(call: ast.Call, index: int, name: str) -> ast.expr | None:
    value = keyword_value(call, name)
    if value is not None:
        return value
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    return positional[index] if index < len(positional) else None


# A middleware that requires a login by its name (authentication middleware only identifies
# the user, as Django's and Starlette's own do)
ENFORCING_MIDDLEWARE_RE = re.compile(
    r"login_?required|require|permission|restrict|enforce|protect", re.IGNORECASE
)


def hook_nodes(cls: ast.ClassDef, hooks: frozenset[str]) -> Iterator[ast.AST]:
    """Every node of the methods of ``cls`` named in ``hooks`` (a middleware's ``__call__``,
    ``dispatch``, ``process_request``...)."""
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in hooks:
            yield from ast.walk(stmt)


UNAUTHORIZED_RE = re.compile(r"^40[13]$|_40[13]_|\bUNAUTHORIZED\b|\bFORBIDDEN\b")


def answers_unauthorized(call: ast.Call) -> bool:
    """A response or error built with status 401 or 403: ``JSONResponse(body,
    status_code=401)``, ``HTTPException(status.HTTP_403_FORBIDDEN)``, ``HttpResponse(status=401)``."""
    values = [
        *call.args[:2],
        *(k.value for k in call.keywords if k.arg in ("status", "status_code")),
    ]
    for value in values:
        if isinstance(value, ast.Constant) and type(value.value) is int:
            text = str(value.value)
        elif isinstance(value, (ast.Attribute, ast.Name)):
            text = last_name(value)
        else:
            continue
        if UNAUTHORIZED_RE.search(text):
            return True
    return False


def path_text(symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> str:
    """A path or prefix as folded from the source; "" when there is none. One the index
    cannot fold becomes ``{?<source>}`` instead of vanishing, so the full path says honestly
    which part is unknown (``/{?get_prefix()}/users``) rather than claiming ``/users``."""
    if expr is None:
        return ""
    value = symbols.evaluate_str(facts, scope, expr)
    if value is not None:
        return value
    source = ast.unparse(expr)
    return "{?" + (source if len(source) <= 40 else source[:39] + "…") + "}"


def ctor_kwarg(
    symbols: Symbols, facts: ModuleFacts, scope: Scope, call: ast.Call, name: str
) -> tuple[ModuleFacts, Scope, ast.expr] | None:
    """The expression an object's constructor gets as ``name``: the call's own keyword, or,
    for a project subclass, what its ``__init__`` passes to ``super().__init__(name=...)``
    (followed back to the call's argument or the parameter's default when it is a
    parameter of that ``__init__``)."""
    value = keyword_value(call, name)
    if value is not None:
        return facts, scope, value
    cls: Symbol | None = symbols.follow(symbols.resolve_expr(facts, scope, call.func))
    depth = 0
    while isinstance(cls, ClassSym) and depth < 8:
        depth += 1
        init = cls.facts.functions.get(f"{cls.qualname}.__init__")
        if init is not None:
            found = _super_init_kwarg(init, name)
            if found is None:
                return None
            if isinstance(found, ast.Name) and _is_param(init, found.id):
                param = _param_value(init, found.id, call)
                if param is None:
                    return None
                from_call, expr = param
                return (facts, scope, expr) if from_call else (cls.facts, init.scope, expr)
            return cls.facts, init.qualname, found
        info = cls.facts.classes[cls.qualname]
        project_bases = [
            b
            for b in (
                symbols.follow(symbols.resolve_expr(cls.facts, info.scope, e)) for e in info.bases
            )
            if isinstance(b, ClassSym)
        ]
        cls = project_bases[0] if project_bases else None
    return None


def _super_init_kwarg(init: FunctionFacts, name: str) -> ast.expr | None:
    for node in ast.walk(init.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "super"
        ):
            return keyword_value(node, name)
    return None


def _is_param(fn: FunctionFacts, name: str) -> bool:
    args = fn.node.args
    return name in {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}


def _param_value(fn: FunctionFacts, name: str, call: ast.Call) -> tuple[bool, ast.expr] | None:
    """(from the call, expression) for parameter ``name`` of ``fn`` called as ``call``: the
    argument passed, else the parameter's default; None when it is not a parameter or has
    neither."""
    args = fn.node.args
    positional = [a.arg for a in args.posonlyargs + args.args][1:]  # without self
    passed = _passed(call, positional.index(name) if name in positional else None, name)
    if passed is not None:
        return True, passed
    names = [a.arg for a in args.posonlyargs + args.args]
    pos_defaults = (
        dict(zip(names[-len(args.defaults) :], args.defaults, strict=True)) if args.defaults else {}
    )
    kw_defaults = {
        a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    }
    default = pos_defaults.get(name) or kw_defaults.get(name)
    return (False, default) if default is not None else None


def join_paths(*parts: str) -> str:
    path = "".join(parts)
    return path if path.startswith("/") or not path else "/" + path


def status_literal(expr: ast.expr | None) -> int | None:
    """``201``, ``status.HTTP_201_CREATED``, ``HTTPStatus.CREATED`` -> 201, read from the
    source alone."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, int):
        return None if isinstance(expr.value, bool) else expr.value
    if isinstance(expr, ast.Attribute):
        m = re.search(r"_(\d{3})(?:_|$)", expr.attr)
        if m:
            return int(m.group(1))
        try:
            return int(http.HTTPStatus[expr.attr])
        except KeyError:
            return None
    return None


def status_from(
    symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
) -> int | None:
    """As :func:`status_literal`, and through constants the index can fold."""
    if expr is None:
        return None
    literal = status_literal(expr)
    if literal is not None:
        return literal
    value = symbols.evaluate(facts, scope, expr)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def callee_name(ctx: LinkContext, facts: ModuleFacts, scope: Scope, call: ast.Call) -> str | None:
    return ctx.symbols.qualified(facts, scope, call.func)


def is_kind(
    ctx: LinkContext, facts: ModuleFacts, scope: Scope, call: ast.Call, names: frozenset[str]
) -> bool:
    """Whether ``call`` constructs one of ``names`` (or a project subclass of one)."""
    sym = ctx.symbols.follow(ctx.symbols.resolve_expr(facts, scope, call.func))
    if isinstance(sym, External):
        return sym.dotted in names
    if isinstance(sym, ClassSym):
        return any(b in names for b in ctx.symbols.class_bases(sym))
    return False


def constructed(ctx: LinkContext, facts: ModuleFacts) -> dict[tuple[Scope, str], frozenset[str]]:
    """Per module, once per change to it: for each assignment of a call, the names
    :func:`is_kind` matches it by (the external callee, or a project class's ancestors)."""

    def compute() -> dict[tuple[Scope, str], frozenset[str]]:
        out: dict[tuple[Scope, str], frozenset[str]] = {}
        for scope, name, call in call_assigns(facts):
            sym = ctx.symbols.follow(ctx.symbols.resolve_expr(facts, scope, call.func))
            if isinstance(sym, External):
                out[(scope, name)] = frozenset((sym.dotted,))
            elif isinstance(sym, ClassSym):
                bases = frozenset(ctx.symbols.class_bases(sym))
                if bases:
                    out[(scope, name)] = bases
        return out

    return ctx.per_module("constructed", facts, compute)


def assigns_of_kind(
    ctx: LinkContext, facts: ModuleFacts, names: frozenset[str]
) -> list[tuple[Scope, str, ast.Call]]:
    """The call assignments of a module that construct one of ``names`` (or a project
    subclass of one), in source order: :func:`is_kind` over :func:`call_assigns`, memoised."""

    def compute() -> list[tuple[Scope, str, ast.Call]]:
        kinds = constructed(ctx, facts)
        return [
            (scope, name, call)
            for scope, name, call in call_assigns(facts)
            if not kinds.get((scope, name), names).isdisjoint(names) and (scope, name) in kinds
        ]

    return ctx.per_module(("kind", names), facts, compute)


def call_assigns(facts: ModuleFacts) -> list[tuple[Scope, str, ast.Call]]:
    return [
        (scope, name, value)
        for (scope, name), value in facts.assigns.items()
        if isinstance(value, ast.Call)
    ]


def decorated_calls(facts: ModuleFacts) -> list[tuple[FunctionFacts, ast.Call]]:
    out = []
    for fn in [*facts.shadowed, *facts.functions.values()]:
        for dec in fn.decorators:
            if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute):
                out.append((fn, dec))
    return out


def calls_named(facts: ModuleFacts, *methods: str) -> list[CallFacts]:
    return [c for c in facts.calls if c.method in methods]


def docstring(fn: FunctionFacts) -> str | None:
    return ast.get_docstring(fn.node)


def object_label(sym: Assigned) -> str:
    """An app, router or blueprint as a reader finds it: ``app.api.items:router``."""
    name = f"{sym.scope}.{sym.name}" if sym.scope else sym.name
    return f"{sym.facts.module}:{name}"


def generated_route(
    framework: str,
    facts: ModuleFacts,
    call: ast.Call,
    method: str | tuple[str, ...],
    path: str,
    local: str,
    handler: str,
    *,
    auth: list[AuthRequirement] | tuple[AuthRequirement, ...] = (),
    reachable: bool = True,
    chain: tuple[str, ...] = (),
    name: str | None = None,
    parameters: tuple[Parameter, ...] = (),
    automatic: tuple[str, ...] = (),
) -> Route:
    """A route the framework serves from its own code (``generated``, ``handler`` the
    library's), placed at the project's ``call`` that makes it add it: the callee is the
    route's span (where hover and the lens sit), the whole call its declaration."""
    return Route(
        framework=framework,
        methods=(method,) if isinstance(method, str) else method,
        path=path,
        handler=handler,
        file=facts.path,
        span=span_of(call.func, facts.wide_lines),
        decorator_span=span_of(call, facts.wide_lines),
        local_path=local,
        parameters=list(parameters),
        auth=list(auth),
        reachable=reachable,
        chain=chain,
        name=name,
        generated=True,
        automatic=automatic,
    )


def parameter_defaults(args: ast.arguments) -> dict[str, ast.expr]:
    """Each parameter with a default, name -> the default's expression."""
    positional = [*args.posonlyargs, *args.args]
    out = {
        a.arg: d
        for a, d in zip(
            positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
        )
    }
    out.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d})
    return out


def head_beside_get(methods: tuple[str, ...]) -> tuple[str, ...]:
    """("HEAD",) where the framework answers HEAD for a GET it serves (werkzeug's ``Rule``,
    Starlette's ``Route``, aiohttp's ``allow_head``, Django's ``View.setup``)."""
    return ("HEAD",) if "GET" in methods and "HEAD" not in methods else ()


def werkzeug_automatic(methods: tuple[str, ...], options: bool = True) -> tuple[str, ...]:
    """What Flask adds to a rule: HEAD beside GET, and OPTIONS unless the rule or its view
    says ``provide_automatic_options=False`` (``options``)."""
    extra = ("OPTIONS",) if options and "OPTIONS" not in methods else ()
    return head_beside_get(methods) + extra


def dedupe(routes: list[Route]) -> list[Route]:
    seen: set[tuple[str, tuple[str, ...], str, int]] = set()
    out = []
    for r in routes:
        key = (r.path, r.methods, r.file, r.span.start.line)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out

"""What every framework's route discovery shares: the link context, call arguments, paths."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ...core.model import AuthRequirement, Route
from ..facts import CallFacts, FunctionFacts, ModuleFacts, Scope
from ..symbols import Assigned, ClassSym, External, FunctionSym, Symbol, Symbols

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")

# Words that, in the name of a dependency or decorator, mean "this checks who is calling".
AUTH_NAME_RE = re.compile(
    r"(auth|login|current_?user|current_?active|token|jwt|oauth|session_?user|permission|"
    r"require|verify|api_?key|admin|superuser|scope|credential|bearer|signed_?in|staff)",
    re.IGNORECASE,
)


@dataclass
class LinkContext:
    """What a framework's linker gets: the symbols and the candidate facts to look at."""

    symbols: Symbols
    modules: list[ModuleFacts]
    root: str
    # (path, function qualname) -> the calls of that function, built on first use
    _call_sites: dict[tuple[str, str], list[tuple[ModuleFacts, Scope, ast.Call]]] | None = field(
        default=None, repr=False
    )

    def origin(self, facts: ModuleFacts, line: int) -> str:
        import os

        rel = os.path.relpath(facts.path, self.root)
        return f"{rel if not rel.startswith('..') else facts.path}:{line + 1}"

    def calls_of(self, fn: FunctionSym) -> list[tuple[ModuleFacts, Scope, ast.Call]]:
        """Statement-level calls of a project function among the linked modules."""
        if self._call_sites is None:
            sites: dict[tuple[str, str], list[tuple[ModuleFacts, Scope, ast.Call]]] = {}
            for facts in self.modules:
                for scope, call in facts.call_sites:
                    callee = self.symbols.follow(self.symbols.resolve_expr(facts, scope, call.func))
                    if isinstance(callee, FunctionSym):
                        key = (callee.facts.path, callee.qualname)
                        sites.setdefault(key, []).append((facts, scope, call))
            self._call_sites = sites
        return self._call_sites.get((fn.facts.path, fn.qualname), [])

    def objects(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0
    ) -> list[Symbol]:
        """What ``expr`` can denote. An app or router handed to a helper function
        (``def register_blueprints(app): app.register_blueprint(...)``) is followed to the
        arguments at the helper's call sites, so factories that delegate still link."""
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
        return [self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))]

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
    value = kwarg(call, name)
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
    """An app, router or blueprint object, and how it is included in others."""

    sym: Assigned
    kind: str  # "app" or "router"
    prefix: str = ""
    auth: list[AuthRequirement] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    # (parent, prefix given at inclusion, auth added at inclusion)
    parents: list[tuple[RouterNode, str, list[AuthRequirement]]] = field(default_factory=list)

    def mounts(
        self, seen: frozenset[int] = frozenset()
    ) -> list[tuple[str, list[AuthRequirement], bool]]:
        """(path prefix before own prefix, inherited auth, reachable from an app) per mount."""
        if id(self) in seen:
            return []
        if self.kind == "app":
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

    def own_prefix_for_children(self) -> str:
        # FastAPI applies a router's prefix when routes are added to it, so its included
        # routers get it too; the linker sets the framework-specific rule.
        return self.prefix


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def arg(call: ast.Call, index: int, name: str) -> ast.expr | None:
    value = kwarg(call, name)
    if value is not None:
        return value
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    return positional[index] if index < len(positional) else None


def join_paths(*parts: str) -> str:
    path = "".join(parts)
    return path if path.startswith("/") or not path else "/" + path


def status_from(
    symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
) -> int | None:
    """``201``, ``status.HTTP_201_CREATED``, ``HTTPStatus.CREATED`` -> 201."""
    if expr is None:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, int):
        return expr.value
    if isinstance(expr, ast.Attribute):
        m = re.search(r"_(\d{3})(?:_|$)", expr.attr)
        if m:
            return int(m.group(1))
        try:
            import http

            return int(http.HTTPStatus[expr.attr])
        except KeyError:
            pass
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


def call_assigns(facts: ModuleFacts) -> list[tuple[Scope, str, ast.Call]]:
    return [
        (scope, name, value)
        for (scope, name), value in facts.assigns.items()
        if isinstance(value, ast.Call)
    ]


def decorated_calls(facts: ModuleFacts) -> list[tuple[FunctionFacts, ast.Call]]:
    out = []
    for fn in facts.functions.values():
        for dec in fn.decorators:
            if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute):
                out.append((fn, dec))
    return out


def calls_named(facts: ModuleFacts, *methods: str) -> list[CallFacts]:
    return [c for c in facts.calls if c.method in methods]


def docstring(fn: FunctionFacts) -> str | None:
    return ast.get_docstring(fn.node)


def dedupe(routes: list[Route]) -> list[Route]:
    seen: set[tuple[str, tuple[str, ...], str, int]] = set()
    out = []
    for r in routes:
        key = (r.path, r.methods, r.file, r.span.start.line)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out

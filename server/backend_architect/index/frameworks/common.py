"""What every framework's route discovery shares: the link context, call arguments, paths."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ...core.model import AuthRequirement, Route
from ..facts import CallFacts, FunctionFacts, ModuleFacts, Scope
from ..symbols import Assigned, ClassSym, External, Symbols

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

    def origin(self, facts: ModuleFacts, line: int) -> str:
        import os

        rel = os.path.relpath(facts.path, self.root)
        return f"{rel if not rel.startswith('..') else facts.path}:{line + 1}"


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

    def mounts(self, seen: frozenset[int] = frozenset()) -> list[tuple[str, list[AuthRequirement], bool]]:
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


def status_from(symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> int | None:
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


def is_kind(ctx: LinkContext, facts: ModuleFacts, scope: Scope, call: ast.Call, names: frozenset[str]) -> bool:
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

"""Litestar route discovery: handlers decorated with ``@get``/``@post``/.../``@route(...,
http_method=[...])``/``@websocket``, ``Controller`` subclasses with their ``path``, ``Router(path=...,
route_handlers=[...])`` (nested too), ``Litestar(route_handlers=[...])``; ``guards`` at every
level are the route's auth.

Paths are joined as Litestar joins them (empty segments dropped, no trailing slash) and written
without the parameter types (``{user_id:int}`` -> ``{user_id}``, as ``path_format``). The routes
Litestar adds itself, the schema routes and the OPTIONS handler of every path
(``litestar_generated.py``), are ``generated`` routes placed at the app's construction."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ...core.model import AuthRequirement, Parameter, Route
from ...core.syntax import keyword_value
from ..facts import FunctionFacts, ModuleFacts, Scope, span_of
from ..symbol_types import Assigned, ClassSym, FunctionSym
from ..symbols import Symbols
from .common import LinkContext, arg, dedupe, docstring
from .fastapi.raises import raised_errors
from .flask.paths import _decorator_name
from .litestar_generated import SchemaRoutes, litestar_route, options_routes

SHORTCUTS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")}
_MODULES = ("litestar", "litestar.handlers", "litestar.handlers.http_handlers.decorators")
DECORATORS = {f"{mod}.{name}": name for mod in _MODULES for name in [*SHORTCUTS, "route"]} | {
    "litestar.websocket": "websocket",
    "litestar.handlers.websocket": "websocket",
}
APPS = frozenset({"litestar.Litestar", "litestar.app.Litestar"})
ROUTERS = frozenset({"litestar.Router", "litestar.router.Router"})
CONTROLLERS = frozenset({"litestar.Controller", "litestar.controller.Controller"})
PARAM_RE = re.compile(r"\{(\w+):[^}]*\}")
MAX_DEPTH = 8


def litestar_path(*parts: str) -> str:
    """Litestar's join: ``("/api/", "/users", "/")`` -> ``/api/users``."""
    segments = [s for p in parts for s in [p.strip("/")] if s]
    return "/" + "/".join(segments)


@dataclass(frozen=True)
class _Handler:
    facts: ModuleFacts
    fn: FunctionFacts
    dec: ast.Call
    methods: tuple[str, ...]
    paths: tuple[str, ...]
    guards: tuple[AuthRequirement, ...]


class LitestarLinker:
    framework = "litestar"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.reached: set[tuple[str, str]] = set()  # (path, qualname) of handlers an app serves

    def link(self) -> list[Route]:
        routes: list[Route] = []
        handlers: list[_Handler] = []
        apps: list[tuple[ModuleFacts, Scope, ast.Call]] = []
        if not any(self._imports_litestar(f) for f in self.ctx.modules):
            return []  # the usual case: no decorator of any module is resolved
        for facts in self.ctx.modules:
            for fn in facts.functions.values():
                handler = self._handler(facts, fn)
                if handler is not None:
                    handlers.append(handler)
            for (scope, _), value in facts.assigns.items():
                if isinstance(value, ast.Call) and self._is(facts, scope, value, APPS):
                    apps.append((facts, scope, value))
            for qualname, values in facts.returns.items():
                for value in values:
                    if isinstance(value, ast.Call) and self._is(facts, qualname, value, APPS):
                        apps.append((facts, qualname, value))
        if not handlers:
            return []
        schema = SchemaRoutes(self.symbols)
        for facts, scope, call in apps:
            guards = self._guards(facts, scope, keyword_value(call, "guards"), "app")
            items = arg(call, 0, "route_handlers")
            served = self._serve(facts, scope, items, "", guards, 0)
            served += self._schema_routes(schema, facts, scope, call, guards)
            routes.extend(served + options_routes(facts, call, served))
        for handler in handlers:
            if (handler.facts.path, handler.fn.qualname) not in self.reached:
                routes.extend(self._routes(handler, "", [], reachable=False))
        return dedupe(routes)

    def _schema_routes(
        self,
        schema: SchemaRoutes,
        facts: ModuleFacts,
        scope: Scope,
        call: ast.Call,
        guards: list[AuthRequirement],
    ) -> list[Route]:
        """The schema router's pages, under the app's guards (the router has none)."""
        found = schema.pages(facts, scope, call)
        if found is None:
            return []
        base, pages = found
        out = []
        for page in pages:
            path = PARAM_RE.sub(lambda m: "{" + m.group(1) + "}", litestar_path(base, page.path))
            local = PARAM_RE.sub(lambda m: "{" + m.group(1) + "}", page.path)
            out.append(litestar_route(facts, call, "GET", path, local, page.handler, guards))
        return out

    def _imports_litestar(self, facts: ModuleFacts) -> bool:
        def compute() -> bool:
            return any(t.split(".")[0] == "litestar" for t in facts.imports.values())

        return self.ctx.per_module("imports-litestar", facts, compute)

    # --- what an app serves ------------------------------------------------------------

    def _serve(
        self,
        facts: ModuleFacts,
        scope: Scope,
        items: ast.expr | None,
        prefix: str,
        guards: list[AuthRequirement],
        depth: int,
    ) -> list[Route]:
        """The routes of a ``route_handlers`` list (a literal, or a name for one)."""
        if items is None or depth > MAX_DEPTH:
            return []
        if isinstance(items, ast.Name):
            held = self.symbols.follow(self.symbols.resolve_expr(facts, scope, items))
            if isinstance(held, Assigned):
                return self._serve(held.facts, held.scope, held.value, prefix, guards, depth + 1)
            return []
        if isinstance(items, ast.BinOp) and isinstance(items.op, ast.Add):
            return [
                *self._serve(facts, scope, items.left, prefix, guards, depth + 1),
                *self._serve(facts, scope, items.right, prefix, guards, depth + 1),
            ]
        if not isinstance(items, (ast.List, ast.Tuple)):
            return []
        out: list[Route] = []
        for item in items.elts:
            out.extend(self._item(facts, scope, item, prefix, guards, depth + 1))
        return out

    def _item(
        self,
        facts: ModuleFacts,
        scope: Scope,
        item: ast.expr,
        prefix: str,
        guards: list[AuthRequirement],
        depth: int,
    ) -> list[Route]:
        if isinstance(item, ast.Call) and self._is(facts, scope, item, ROUTERS):
            return self._router(facts, scope, item, prefix, guards, depth)
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, item))
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            if self._is(sym.facts, sym.scope, sym.value, ROUTERS):
                return self._router(sym.facts, sym.scope, sym.value, prefix, guards, depth)
            return []
        if isinstance(sym, FunctionSym):
            fn = sym.facts.functions.get(sym.qualname)
            handler = self._handler(sym.facts, fn) if fn is not None else None
            if handler is None:
                return []
            self.reached.add((sym.facts.path, handler.fn.qualname))
            return self._routes(handler, prefix, guards, reachable=True)
        if isinstance(sym, ClassSym) and any(
            b in CONTROLLERS for b in self.symbols.class_bases(sym)
        ):
            return self._controller(sym, prefix, guards)
        return []

    def _router(
        self,
        facts: ModuleFacts,
        scope: Scope,
        call: ast.Call,
        prefix: str,
        guards: list[AuthRequirement],
        depth: int,
    ) -> list[Route]:
        path = self.symbols.evaluate_str(facts, scope, arg(call, 0, "path"))
        if path is None:
            return []
        own = self._guards(facts, scope, keyword_value(call, "guards"), "router")
        items = arg(call, 1, "route_handlers")
        return self._serve(facts, scope, items, litestar_path(prefix, path), guards + own, depth)

    def _controller(self, cls: ClassSym, prefix: str, guards: list[AuthRequirement]) -> list[Route]:
        """Each handler method of a Controller (its own and inherited), under its ``path``."""
        path, own = "/", []
        for klass in self.symbols.class_chain(cls, bases_first=True):
            info = klass.facts.classes[klass.qualname]
            if "path" in info.fields and info.fields["path"][1] is not None:
                value = self.symbols.evaluate_str(
                    klass.facts, klass.qualname, info.fields["path"][1]
                )
                path = value if value is not None else path
            if "guards" in info.fields:
                own = self._guards(klass.facts, klass.qualname, info.fields["guards"][1], "router")
        out: list[Route] = []
        seen: set[str] = set()
        for klass in self.symbols.class_chain(cls):
            for name, fn in klass.facts.classes[klass.qualname].methods.items():
                if name in seen:
                    continue
                seen.add(name)
                handler = self._handler(klass.facts, fn)
                if handler is not None:
                    self.reached.add((klass.facts.path, fn.qualname))
                    out.extend(
                        self._routes(handler, litestar_path(prefix, path), guards + own, True)
                    )
        return out

    # --- handlers ------------------------------------------------------------------------

    def _handler(self, facts: ModuleFacts, fn: FunctionFacts) -> _Handler | None:
        for dec in fn.decorators:
            if not isinstance(dec, ast.Call):
                continue
            kind = DECORATORS.get(self.symbols.qualified(facts, fn.scope, dec.func) or "")
            if kind is None:
                continue
            if kind == "websocket":
                methods: tuple[str, ...] = ("WEBSOCKET",)
            elif kind == "route":
                methods = self._methods(facts, fn.scope, keyword_value(dec, "http_method"))
            else:
                methods = (SHORTCUTS[kind],)
            paths = self._paths(facts, fn.scope, arg(dec, 0, "path"))
            if not methods or paths is None:
                return None
            guards = self._guards(facts, fn.scope, keyword_value(dec, "guards"), "handler")
            return _Handler(facts, fn, dec, methods, paths, tuple(guards))
        return None

    def _paths(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> tuple[str, ...] | None:
        if expr is None:
            return ("/",)
        value = self.symbols.evaluate(facts, scope, expr)
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        return None

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        """``"GET"``, ``["GET", "POST"]``, ``HttpMethod.GET`` or a list of those."""
        if expr is None:
            return ()
        elts = expr.elts if isinstance(expr, (ast.List, ast.Tuple, ast.Set)) else [expr]
        out = []
        for e in elts:
            if isinstance(e, ast.Attribute) and e.attr.upper() in (*SHORTCUTS.values(), "OPTIONS"):
                out.append(e.attr.upper())
                continue
            value = self.symbols.evaluate(facts, scope, e)
            if isinstance(value, str):
                out.append(value.upper())
        return tuple(dict.fromkeys(out))

    def _guards(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None, level: str
    ) -> list[AuthRequirement]:
        if not isinstance(expr, (ast.List, ast.Tuple)):
            return []
        out = []
        for g in expr.elts:
            name = _decorator_name(g)
            if name:
                out.append(AuthRequirement(name, level, self.ctx.origin(facts, g.lineno - 1)))
        return out

    def _is(self, facts: ModuleFacts, scope: Scope, call: ast.Call, names: frozenset[str]) -> bool:
        qualified = self.symbols.qualified(facts, scope, call.func)
        if qualified in names:
            return True
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, call.func))
        return isinstance(sym, ClassSym) and any(b in names for b in self.symbols.class_bases(sym))

    def _routes(
        self,
        handler: _Handler,
        prefix: str,
        guards: list[AuthRequirement],
        reachable: bool,
    ) -> list[Route]:
        facts, fn = handler.facts, handler.fn
        out = []
        for local in handler.paths:
            full = PARAM_RE.sub(lambda m: "{" + m.group(1) + "}", litestar_path(prefix, local))
            types = {
                m.group(1): m.group(0)[len(m.group(1)) + 2 : -1] for m in PARAM_RE.finditer(local)
            }
            params = _parameters(fn, types)
            out.append(
                Route(
                    framework=self.framework,
                    methods=handler.methods,
                    path=full,
                    handler=f"{facts.module}:{fn.qualname}",
                    file=facts.path,
                    span=fn.span,
                    decorator_span=span_of(handler.dec, facts.wide_lines),
                    local_path=PARAM_RE.sub(lambda m: "{" + m.group(1) + "}", local),
                    parameters=params,
                    status_code=None,
                    raises=raised_errors(self.symbols, facts, fn),
                    auth=[*guards, *handler.guards],
                    docstring=docstring(fn),
                    is_async=isinstance(fn.node, ast.AsyncFunctionDef),
                    reachable=reachable,
                    body_span=fn.full_span,
                )
            )
        return out


# what Litestar injects by name, not a client's input
_INJECTED = frozenset({"self", "cls", "request", "socket", "state", "scope", "headers", "cookies"})


def _parameters(fn: FunctionFacts, types: dict[str, str]) -> list[Parameter]:
    args = fn.node.args
    out = []
    for a in args.posonlyargs + args.args + args.kwonlyargs:
        if a.arg in _INJECTED:
            continue
        annotation = ast.unparse(a.annotation) if a.annotation is not None else types.get(a.arg)
        kind = "path" if a.arg in types else "body" if a.arg == "data" else "query"
        out.append(Parameter(a.arg, annotation, None, kind))
    return out

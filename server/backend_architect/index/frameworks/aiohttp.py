"""aiohttp route discovery: ``web.Application`` objects (in factories too), the router's
``add_get``/``add_post``/.../``add_route``/``add_view``, ``web.RouteTableDef`` decorators
(``@routes.get``, ``@routes.route``, ``@routes.view`` on ``web.View`` classes), ``add_routes``
with a table or a list of ``web.get(...)``/``web.view(...)``, and sub-applications mounted with
``add_subapp(prefix, sub)``.

Paths are as aiohttp's resources print them (``{id:\\d+}`` -> ``{id}``); a route for every
method (``"*"``) is ANY, a ``web.View`` answers the methods it has handlers for; a static
resource (``router.add_static(prefix, folder)``, ``web.static(...)`` given to ``add_routes``)
is a ``generated`` GET route at ``prefix/{filename}`` (aiohttp's match key), placed at that
call, its handler aiohttp's; a table's ``routes.static(prefix, folder)`` is one once the table
is given to ``add_routes``.

``automatic``: the HEAD route aiohttp adds beside a GET, by ``add_get`` (``allow_head=True``,
the default) and so by every route def of method "GET" (``web.get``, ``web.route("GET", ...)``,
``@routes.get``: ``RouteDef.register`` calls ``add_get``), not by ``add_route("GET", ...)``;
a static resource has GET and HEAD routes (``web_urldispatcher.py``, ``web_routedef.py``)."""

from __future__ import annotations

import ast
import re

from ...core.model import AuthRequirement, Parameter, Route, Span
from ...core.syntax import keyword_value
from ..facts import INTERESTING_CALLS, FunctionFacts, ModuleFacts, Scope, span_of
from ..symbol_types import Assigned, ClassSym, FunctionSym, Instance, Symbol
from ..symbols import Symbols
from .common import (
    HTTP_METHODS,
    LinkContext,
    RouterNode,
    arg,
    assigns_of_kind,
    calls_named,
    decorated_calls,
    dedupe,
    docstring,
    generated_route,
)
from .fastapi.raises import raised_errors
from .flask.paths import auth_decorators

SHORTCUTS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")}
ROUTER_CALLS = {f"add_{m}" for m in SHORTCUTS} | {"add_route", "add_view"}
INTERESTING_CALLS.update(ROUTER_CALLS | {"add_routes", "add_subapp", "add_static", "static"})
STATIC_HANDLER = "aiohttp.web_urldispatcher:StaticResource._handle"

APPS = frozenset({"aiohttp.web.Application", "aiohttp.web_app.Application"})
TABLES = frozenset({"aiohttp.web.RouteTableDef", "aiohttp.web_routedef.RouteTableDef"})
# ``web.get(path, handler)`` and friends in a list given to ``add_routes``
ROUTE_DEFS = {f"aiohttp.web.{m}": m for m in [*SHORTCUTS, "route", "view", "static"]}
PATTERN_RE = re.compile(r"\{(\w+):[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")


def aiohttp_path(path: str) -> str:
    """``/orders/{order_id:\\d+}`` -> ``/orders/{order_id}``, as a resource's canonical path."""
    return PATTERN_RE.sub(lambda m: "{" + m.group(1) + "}", path)


class AiohttpLinker:
    framework = "aiohttp"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.nodes: dict[tuple[str, str, str], RouterNode] = {}

    def link(self) -> list[Route]:
        for facts in self.ctx.modules:
            for scope, name, ctor in assigns_of_kind(self.ctx, facts, APPS | TABLES):
                sym = Assigned(facts, scope, name)
                kind = "app" if self.symbols.qualified(facts, scope, ctor.func) in APPS else "table"
                self.nodes[sym.key] = RouterNode(sym, "app" if kind == "app" else "router")
        if not self.nodes:
            return []
        routes: list[Route] = []
        for facts in self.ctx.modules:
            for call in calls_named(facts, "add_subapp"):
                prefix = self.symbols.evaluate_str(facts, call.scope, arg(call.node, 0, "prefix"))
                sub = arg(call.node, 1, "subapp")
                if prefix is None or sub is None:
                    continue
                for parent in self._nodes(facts, call.scope, call.receiver):
                    for child in self._nodes(facts, call.scope, sub):
                        if child is not parent:
                            child.parents.append((parent, prefix.rstrip("/"), []))
            for call in calls_named(facts, "add_routes"):
                given = arg(call.node, 0, "routes")
                if given is None:
                    continue
                apps = self._nodes(facts, call.scope, call.receiver)
                if isinstance(given, (ast.List, ast.Tuple)):
                    for item in given.elts:
                        if isinstance(item, ast.Call):
                            routes.extend(self._route_def(facts, call.scope, item, apps))
                    continue
                for table in self._nodes(facts, call.scope, given):
                    for app in apps:
                        if table.kind == "router":
                            table.parents.append((app, "", []))
        for facts in self.ctx.modules:
            for call in calls_named(facts, *ROUTER_CALLS):
                nodes = self._nodes(facts, call.scope, call.receiver)
                if not nodes:
                    continue
                if call.method == "add_route":
                    method = self.symbols.evaluate_str(
                        facts, call.scope, arg(call.node, 0, "method")
                    )
                    path_expr, handler = arg(call.node, 1, "path"), arg(call.node, 2, "handler")
                    head = False  # a plain ``add_route("GET", ...)`` adds no HEAD
                else:
                    method = "*" if call.method == "add_view" else SHORTCUTS[call.method[4:]]
                    path_expr, handler = arg(call.node, 0, "path"), arg(call.node, 1, "handler")
                    head = self._allow_head(facts, call.scope, call.node)
                routes.extend(
                    self._routes(
                        facts, call.scope, nodes, method, path_expr, handler, call.node, head=head
                    )
                )
            for call in calls_named(facts, "add_static"):
                nodes = self._nodes(facts, call.scope, call.receiver)
                given = arg(call.node, 0, "prefix")
                routes.extend(self._static(facts, call.scope, nodes, given, call.node))
            for call in calls_named(facts, "static"):
                # ``routes.static(prefix, folder)``: a StaticDef in the table, registered with it
                tables = [
                    n for n in self._nodes(facts, call.scope, call.receiver) if n.kind == "router"
                ]
                given = arg(call.node, 0, "prefix")
                routes.extend(self._static(facts, call.scope, tables, given, call.node))
            for fn, dec in decorated_calls(facts):
                routes.extend(
                    self._table_routes(facts, fn.scope, dec, FunctionSym(facts, fn.qualname))
                )
            for cls in facts.classes.values():
                for class_dec in cls.node.decorator_list:
                    if isinstance(class_dec, ast.Call) and isinstance(
                        class_dec.func, ast.Attribute
                    ):
                        view = ClassSym(facts, cls.qualname)
                        routes.extend(self._table_routes(facts, cls.scope, class_dec, view))
        return dedupe(routes)

    # --- objects -------------------------------------------------------------------------

    def _nodes(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0
    ) -> list[RouterNode]:
        """The apps or route tables ``expr`` denotes; ``app.router`` (or a name for it) is
        its app."""
        if isinstance(expr, ast.Attribute) and expr.attr == "router":
            return self._nodes(facts, scope, expr.value)
        if isinstance(expr, ast.Call) and depth < 4:  # ``add_subapp("/admin", build())``
            factory = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr.func))
            made: list[RouterNode] = []
            if isinstance(factory, FunctionSym):
                for ret in factory.facts.returns.get(factory.qualname, ()):
                    for each in self._nodes(factory.facts, factory.qualname, ret, depth + 1):
                        if each not in made:
                            made.append(each)
            return made
        out: list[RouterNode] = []
        for sym in self.ctx.objects(facts, scope, expr):
            if not isinstance(sym, Assigned):
                continue
            node = self.nodes.get(sym.key)
            if node is None and isinstance(sym.value, ast.Attribute) and sym.value.attr == "router":
                for found in self._nodes(sym.facts, sym.scope, sym.value.value):
                    if found not in out:
                        out.append(found)
            elif node is not None and node not in out:
                out.append(node)
        return out

    def _route_def(
        self, facts: ModuleFacts, scope: Scope, item: ast.Call, apps: list[RouterNode]
    ) -> list[Route]:
        """``web.get("/x", handler)`` / ``web.route("GET", "/x", h)`` / ``web.view("/x", V)``."""
        kind = ROUTE_DEFS.get(self.symbols.qualified(facts, scope, item.func) or "")
        if kind is None:
            return []
        if kind == "static":
            return self._static(facts, scope, apps, arg(item, 0, "prefix"), item)
        if kind == "route":
            method = self.symbols.evaluate_str(facts, scope, arg(item, 0, "method"))
            path_expr, handler = arg(item, 1, "path"), arg(item, 2, "handler")
        else:
            method = "*" if kind == "view" else SHORTCUTS[kind]
            path_expr, handler = arg(item, 0, "path"), arg(item, 1, "handler")
        head = method == "GET" and self._allow_head(facts, scope, item)
        return self._routes(facts, scope, apps, method, path_expr, handler, item, head=head)

    def _table_routes(
        self, facts: ModuleFacts, scope: Scope, dec: ast.Call, target: FunctionSym | ClassSym
    ) -> list[Route]:
        """``@routes.get("/x")``, ``@routes.route("GET", "/x")``, ``@routes.view("/x")``."""
        assert isinstance(dec.func, ast.Attribute)
        kind = dec.func.attr
        if kind not in SHORTCUTS and kind not in ("route", "view"):
            return []
        tables = [n for n in self._nodes(facts, scope, dec.func.value) if n.kind == "router"]
        if not tables:
            return []
        if kind == "route":
            method = self.symbols.evaluate_str(facts, scope, arg(dec, 0, "method"))
            path_expr = arg(dec, 1, "path")
        else:
            method = "*" if kind == "view" else SHORTCUTS[kind]
            path_expr = arg(dec, 0, "path")
        head = method == "GET" and self._allow_head(facts, scope, dec)
        return self._routes(facts, scope, tables, method, path_expr, None, dec, target, head)

    def _allow_head(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> bool:
        """``add_get``'s ``allow_head`` (True unless given as False)."""
        expr = keyword_value(call, "allow_head")
        return expr is None or self.symbols.evaluate(facts, scope, expr) is not False

    # --- routes ----------------------------------------------------------------------------

    def _routes(
        self,
        facts: ModuleFacts,
        scope: Scope,
        nodes: list[RouterNode],
        method: str | None,
        path_expr: ast.expr | None,
        handler: ast.expr | None,
        where: ast.Call,
        target: Symbol | None = None,
        head: bool = False,
    ) -> list[Route]:
        """``head``: aiohttp adds a HEAD route beside the GET one (``add_get``'s
        ``allow_head``)."""
        path = self.symbols.evaluate_str(facts, scope, path_expr)
        if method is None or path is None:
            return []
        if target is None:
            if handler is None:
                return []
            target = self._handler(facts, scope, handler)
        if isinstance(target, ClassSym):
            # a web.View: the methods it has handlers for, of those the route matches
            verbs = HTTP_METHODS if method == "*" else (method.upper(),)
            handlers = [
                (m, found)
                for m in verbs
                if isinstance(found := self.symbols.member(target, m.lower()), FunctionSym)
            ]
        elif isinstance(target, FunctionSym):
            handlers = [("ANY" if method == "*" else method.upper(), target)]
        else:
            return []
        dec_span = span_of(where, facts.wide_lines)
        out = []
        for node in nodes:
            for prefix, inherited, reachable in node.mounts():
                for verb, fn_sym in handlers:
                    fn = fn_sym.facts.functions[fn_sym.qualname]
                    # the registration is the handler's decorator only in the handler's module
                    own = dec_span if fn_sym.facts.path == facts.path else None
                    out.append(
                        self._route(
                            fn_sym.facts,
                            fn,
                            (verb,),
                            prefix + path,
                            path,
                            own,
                            inherited,
                            reachable,
                            ("HEAD",) if head and verb == "GET" else (),
                        )
                    )
        return out

    def _static(
        self,
        facts: ModuleFacts,
        scope: Scope,
        nodes: list[RouterNode],
        prefix_expr: ast.expr | None,
        where: ast.Call,
    ) -> list[Route]:
        """A static resource: aiohttp's handler serves ``prefix/{filename}`` (GET, HEAD)."""
        prefix = self.symbols.evaluate_str(facts, scope, prefix_expr)
        if prefix is None:
            return []
        local = prefix.rstrip("/") + "/{filename}"
        param = Parameter("filename", None, None, "path")
        return [
            generated_route(
                self.framework,
                facts,
                where,
                "GET",
                mount + local,
                local,
                STATIC_HANDLER,
                auth=inherited,
                reachable=reachable,
                parameters=(param,),
                automatic=("HEAD",),  # StaticResource's routes: GET and HEAD
            )
            for node in nodes
            for mount, inherited, reachable in node.mounts()
        ]

    def _handler(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> Symbol:
        """A handler function, a View class, or ``handler.index`` where ``handler =
        Handler()``: the method of that class."""
        if isinstance(expr, ast.Attribute):
            owner = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr.value))
            if isinstance(owner, Assigned):
                value = self.symbols.evaluate(owner.facts, owner.scope, owner.value)
                if isinstance(value, Instance) and isinstance(value.cls, ClassSym):
                    return self.symbols.member(value.cls, expr.attr)
        return self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))

    def _route(
        self,
        facts: ModuleFacts,
        fn: FunctionFacts,
        methods: tuple[str, ...],
        path: str,
        local: str,
        dec_span: Span | None,
        inherited: list[AuthRequirement],
        reachable: bool,
        automatic: tuple[str, ...] = (),
    ) -> Route:
        auth = auth_decorators(self.ctx, facts, fn.decorators, "handler")
        full = aiohttp_path(path)
        params = [Parameter(name, None, None, "path") for name in re.findall(r"{(\w+)}", full)]
        return Route(
            framework=self.framework,
            methods=methods,
            path=full,
            handler=f"{facts.module}:{fn.qualname}",
            file=facts.path,
            span=fn.span,
            decorator_span=dec_span,
            local_path=aiohttp_path(local),
            parameters=params,
            raises=raised_errors(self.symbols, facts, fn),
            auth=inherited + auth,
            docstring=docstring(fn),
            is_async=isinstance(fn.node, ast.AsyncFunctionDef),
            reachable=reachable,
            body_span=fn.full_span,
            automatic=automatic,
        )

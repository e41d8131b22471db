"""The ASGI mount graph FastAPI, Starlette and GraphQL share: apps, routers, mounts and what they serve."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ....core.model import AuthRequirement
from ....core.syntax import dotted_name, keyword_value
from ...facts import ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym, External
from ...symbols import Symbols
from ..common import (
    AUTH_NAME_RE,
    ENFORCING_MIDDLEWARE_RE,
    LinkContext,
    RouterNode,
    arg,
    assigns_of_kind,
    calls_named,
    is_kind,
    join_paths,
    path_text,
)
from .middleware import call_name, turns_requests_away
from .names import (
    AUTH_MIDDLEWARE,
    FASTAPI_APPS,
    HOST,
    MIDDLEWARE,
    MOUNT,
    PARTIAL,
    ROUTE,
    ROUTERS,
    STARLETTE_APPS,
    WEBSOCKET_ROUTE,
)


@dataclass
class Entry:
    """One ``Route``/``WebSocketRoute`` (or ``add_route``) attached to an app or router."""

    node: RouterNode
    path: str  # below the node: inline Mount paths already joined
    endpoint: ast.expr
    methods: ast.expr | None
    facts: ModuleFacts
    scope: Scope
    site: ast.Call
    auth: list[AuthRequirement]  # from middleware of the inline mounts and the route itself
    websocket: bool


@dataclass
class MountedApp:
    """An ASGI app served at a path that is neither an app nor a router the index models
    (``GraphQL(schema)``, ``StaticFiles(...)``): other linkers look here for their endpoints."""

    node: RouterNode
    path: str
    facts: ModuleFacts
    scope: Scope
    expr: ast.Call
    auth: list[AuthRequirement]
    prefix_only: bool  # Mount (serves everything below) rather than Route (exactly the path)


@dataclass
class AsgiGraph:
    nodes: dict[tuple[str, str, str], RouterNode] = field(default_factory=dict)
    frameworks: dict[tuple[str, str, str], str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    apps: list[MountedApp] = field(default_factory=list)

    def served_at(self, app: MountedApp) -> list[tuple[str, list[AuthRequirement], bool]]:
        """(full path, auth, reachable) for each place a mounted ASGI app is served."""
        return [
            (join_paths(prefix, app.path), inherited + app.node.auth + app.auth, reachable)
            for prefix, inherited, reachable in app.node.mounts()
        ]


def asgi_graph(ctx: LinkContext) -> AsgiGraph:
    """The project's Starlette/FastAPI apps and routers and what is mounted where, built once
    per relink and shared by the linkers."""
    graph = ctx.cache.get("asgi")
    if not isinstance(graph, AsgiGraph):
        graph = _GraphBuilder(ctx).build()
        ctx.cache["asgi"] = graph
    return graph


def sub_app_roots(ctx: LinkContext) -> frozenset[str]:
    """The paths where an app is mounted inside another app (``app.mount("/execution",
    execution_app)``): each serves an API of its own, with its own conventions (the linkers
    have built the graph by then; no graph, no sub-apps)."""
    graph = ctx.cache.get("asgi")
    if not isinstance(graph, AsgiGraph):
        return frozenset()
    return frozenset(
        prefix.rstrip("/")
        for node in graph.nodes.values()
        if node.kind == "app" and node.parents
        for prefix, _, _ in node.mounts()
        if prefix.strip("/")
    )


class _GraphBuilder:
    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.graph = AsgiGraph()

    def build(self) -> AsgiGraph:
        ctors: list[tuple[RouterNode, ModuleFacts, Scope, ast.Call]] = []
        containers = FASTAPI_APPS | STARLETTE_APPS | ROUTERS
        for facts in self.ctx.modules:
            for scope, name, call in assigns_of_kind(self.ctx, facts, containers):
                framework = self._container(facts, scope, call)
                if framework is None:
                    continue
                kind = "router" if framework == "router" else "app"
                sym = Assigned(facts, scope, name)
                node = RouterNode(sym, kind)
                self.graph.nodes[sym.key] = node
                self.graph.frameworks[sym.key] = (
                    "fastapi" if framework == "fastapi" else "starlette"
                )
                ctors.append((node, facts, scope, call))
        if not self.graph.nodes:
            return self.graph
        for node, facts, scope, call in ctors:
            node.auth.extend(self._middleware(facts, scope, keyword_value(call, "middleware")))
            if self.graph.frameworks[node.sym.key] == "starlette":
                routes = (
                    arg(call, 0, "routes")
                    if node.kind == "router"
                    else keyword_value(call, "routes")
                )
                self._walk(node, facts, scope, routes, "", [], 0)
        for facts in self.ctx.modules:
            self._statements(facts)
        return self.graph

    def _container(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> str | None:
        if is_kind(self.ctx, facts, scope, call, FASTAPI_APPS):
            return "fastapi"
        if is_kind(self.ctx, facts, scope, call, STARLETTE_APPS):
            return "starlette"
        if is_kind(self.ctx, facts, scope, call, ROUTERS):
            return "router"
        return None

    def _nodes_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[RouterNode]:
        if isinstance(expr, ast.Attribute) and expr.attr == "router":
            expr = expr.value  # ``app.router.add_route(...)``: the app's own router
        out = []
        for sym in self.ctx.objects(facts, scope, expr):
            node = self.graph.nodes.get(sym.key) if isinstance(sym, Assigned) else None
            if node is not None and node not in out:
                out.append(node)
        return out

    def _returned_nodes(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> list[RouterNode]:
        out = []
        for sym in self.ctx.returned(facts, scope, call):
            node = self.graph.nodes.get(sym.key) if isinstance(sym, Assigned) else None
            if node is not None and node not in out:
                out.append(node)
        return out

    def _statements(self, facts: ModuleFacts) -> None:
        for call in calls_named(
            facts, "add_route", "add_websocket_route", "mount", "host", "add_middleware"
        ):
            nodes = self._nodes_for(facts, call.scope, call.receiver)
            c, scope = call.node, call.scope
            for node in nodes:
                if call.method == "add_middleware":
                    cls = arg(c, 0, "middleware_class")
                    if cls is not None:
                        node.auth.extend(self._middleware_item(facts, scope, cls, c))
                elif call.method in {"add_route", "add_websocket_route"}:
                    endpoint = arg(c, 1, "route")
                    if endpoint is not None:
                        path = path_text(self.symbols, facts, scope, arg(c, 0, "path"))
                        self._endpoint(
                            node,
                            facts,
                            scope,
                            c,
                            path,
                            endpoint,
                            keyword_value(c, "methods") or (c.args[2] if len(c.args) > 2 else None),
                            [],
                            call.method == "add_websocket_route",
                        )
                else:
                    path = (
                        ""
                        if call.method == "host"
                        else path_text(self.symbols, facts, scope, arg(c, 0, "path")).rstrip("/")
                    )
                    app = arg(c, 1, "app")
                    if app is not None:
                        self._mount_app(node, facts, scope, app, path, [], 0)

    def _walk(
        self,
        node: RouterNode,
        facts: ModuleFacts,
        scope: Scope,
        expr: ast.expr | None,
        prefix: str,
        auth: list[AuthRequirement],
        depth: int,
    ) -> None:
        """Every route in a routes list (literal, held in a name, concatenated, starred)."""
        if expr is None or depth > 12:
            return
        if isinstance(expr, (ast.List, ast.Tuple)):
            for item in expr.elts:
                self._walk(node, facts, scope, item, prefix, auth, depth + 1)
        elif isinstance(expr, ast.Starred):
            self._walk(node, facts, scope, expr.value, prefix, auth, depth + 1)
        elif isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            self._walk(node, facts, scope, expr.left, prefix, auth, depth + 1)
            self._walk(node, facts, scope, expr.right, prefix, auth, depth + 1)
        elif isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                self._walk(node, sym.facts, sym.scope, sym.value, prefix, auth, depth + 1)
        elif isinstance(expr, ast.Call):
            self._route_object(node, facts, scope, expr, prefix, auth, depth)

    def _route_object(
        self,
        node: RouterNode,
        facts: ModuleFacts,
        scope: Scope,
        call: ast.Call,
        prefix: str,
        auth: list[AuthRequirement],
        depth: int,
    ) -> None:
        name = self.symbols.qualified(facts, scope, call.func) or ""
        own_auth = auth + self._middleware(facts, scope, keyword_value(call, "middleware"))
        if name in ROUTE or name in WEBSOCKET_ROUTE:
            endpoint = arg(call, 1, "endpoint")
            if endpoint is not None:
                path = prefix + path_text(self.symbols, facts, scope, arg(call, 0, "path"))
                self._endpoint(
                    node,
                    facts,
                    scope,
                    call,
                    path,
                    endpoint,
                    keyword_value(call, "methods"),
                    own_auth,
                    name in WEBSOCKET_ROUTE,
                )
        elif name in MOUNT or name in HOST:
            if name in MOUNT:
                path = path_text(self.symbols, facts, scope, arg(call, 0, "path")).rstrip("/")
            else:
                path = ""  # Host matches on the host name; the paths below stay as they are
            routes = keyword_value(call, "routes") or (call.args[2] if len(call.args) > 2 else None)
            if routes is not None:
                self._walk(node, facts, scope, routes, prefix + path, own_auth, depth + 1)
            app = arg(call, 1, "app")
            if app is not None:
                self._mount_app(node, facts, scope, app, prefix + path, own_auth, depth + 1)

    def _mount_app(
        self,
        node: RouterNode,
        facts: ModuleFacts,
        scope: Scope,
        app: ast.expr,
        path: str,
        auth: list[AuthRequirement],
        depth: int,
    ) -> None:
        if isinstance(app, ast.Call) and (made := self._returned_nodes(facts, scope, app)):
            for child in made:  # ``mount("/api", create_api_app())``: the apps it returns
                if child is not node:
                    child.parents.append((node, path, auth))
            return
        if isinstance(app, ast.Call):
            inline = self._container(facts, scope, app)
            if inline in {"starlette", "router"}:  # Mount("/x", app=Router(routes=[...]))
                routes = (
                    arg(app, 0, "routes") if inline == "router" else keyword_value(app, "routes")
                )
                inner = auth + self._middleware(facts, scope, keyword_value(app, "middleware"))
                self._walk(node, facts, scope, routes, path, inner, depth + 1)
            else:
                self.graph.apps.append(MountedApp(node, path, facts, scope, app, auth, True))
            return
        children = self._nodes_for(facts, scope, app)
        for child in children:
            if child is not node:
                child.parents.append((node, path, auth))
        if not children:
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, app))
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
                self.graph.apps.append(
                    MountedApp(node, path, sym.facts, sym.scope, sym.value, auth, True)
                )

    def _endpoint(
        self,
        node: RouterNode,
        facts: ModuleFacts,
        scope: Scope,
        site: ast.Call,
        path: str,
        endpoint: ast.expr,
        methods: ast.expr | None,
        auth: list[AuthRequirement],
        websocket: bool,
    ) -> None:
        if (
            isinstance(endpoint, ast.Call)
            and self.symbols.qualified(facts, scope, endpoint.func) not in PARTIAL
        ):
            # an ASGI app used as an endpoint: Route("/graphql", GraphQL(schema))
            self.graph.apps.append(MountedApp(node, path, facts, scope, endpoint, auth, False))
            return
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, endpoint))
        if (
            isinstance(sym, Assigned)
            and isinstance(sym.value, ast.Call)
            and self.symbols.qualified(sym.facts, sym.scope, sym.value.func) not in PARTIAL
        ):
            self.graph.apps.append(
                MountedApp(node, path, sym.facts, sym.scope, sym.value, auth, False)
            )
            return
        self.graph.entries.append(
            Entry(node, path, endpoint, methods, facts, scope, site, auth, websocket)
        )

    def _middleware(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None, depth: int = 0
    ) -> list[AuthRequirement]:
        """Auth from a ``middleware=[Middleware(Cls, ...), ...]`` list."""
        if expr is None or depth > 8:
            return []
        if isinstance(expr, (ast.List, ast.Tuple)):
            return [
                req for item in expr.elts for req in self._middleware(facts, scope, item, depth + 1)
            ]
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self._middleware(facts, scope, expr.left, depth + 1) + self._middleware(
                facts, scope, expr.right, depth + 1
            )
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                return self._middleware(sym.facts, sym.scope, sym.value, depth + 1)
            return []
        if isinstance(expr, ast.Call) and self.symbols.qualified(facts, scope, expr.func) in (
            MIDDLEWARE
        ):
            cls = arg(expr, 0, "cls")
            return self._middleware_item(facts, scope, cls, expr) if cls is not None else []
        return []

    def _middleware_item(
        self, facts: ModuleFacts, scope: Scope, cls: ast.expr, site: ast.Call
    ) -> list[AuthRequirement]:
        origin = self.ctx.origin(facts, site.lineno - 1)
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, cls))
        bases: list[str] = []
        if isinstance(sym, External):
            bases = [sym.dotted]
        elif isinstance(sym, ClassSym):
            bases = [sym.dotted, *self.symbols.class_bases(sym)]
        if any(b in AUTH_MIDDLEWARE for b in bases):
            backend = keyword_value(site, "backend") or next(
                (a for a in site.args[1 if site.args and site.args[0] is cls else 0 :]), None
            )
            backend_name = call_name(backend) if backend is not None else None
            name = "AuthenticationMiddleware" + (f"({backend_name})" if backend_name else "")
            return [AuthRequirement(name, "middleware", origin, kind="authentication")]
        short = (dotted_name(cls) or "").split(".")[-1]
        if not isinstance(sym, ClassSym) or not AUTH_NAME_RE.search(short):
            return []
        # a project middleware named for auth counts when it can turn a request away (a 401
        # or 403) or is named for requiring it: one that refreshes a token only identifies
        node = sym.facts.classes.get(sym.qualname)
        if (
            node is not None
            and not ENFORCING_MIDDLEWARE_RE.search(short)
            and not turns_requests_away(node.node)
        ):
            return []
        return [AuthRequirement(short, "middleware", origin)]

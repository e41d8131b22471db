"""FastAPI route discovery: apps, APIRouters (subclasses and aliases too), include_router chains
across packages, add_api_route, and each handler's parameters, models, status, raises and auth."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...core.model import AuthRequirement, Parameter, Route, Span
from ..facts import INTERESTING_CALLS, FunctionFacts, ModuleFacts, Scope, span_of
from ..symbols import Assigned, ClassSym, External, FunctionSym, Symbols, dotted_name
from .common import (
    AUTH_NAME_RE,
    LinkContext,
    RouterNode,
    arg,
    assigns_of_kind,
    calls_named,
    ctor_kwarg,
    decorated_calls,
    dedupe,
    docstring,
    is_kind,
    is_none,
    join_paths,
    kwarg,
    last_name,
    path_text,
    status_from,
)
from .starlette import FASTAPI_APPS, WEBSOCKET, asgi_graph

ROUTER_CLASSES = frozenset(
    {
        "fastapi.APIRouter",
        "fastapi.routing.APIRouter",
        # an APIRouter serving a GraphQL schema; the GraphQL linker reads where it is included
        "strawberry.fastapi.GraphQLRouter",
        "strawberry.fastapi.router.GraphQLRouter",
        # Cadwyn's router: an APIRouter whose routes the app serves under each API version
        "cadwyn.VersionedAPIRouter",
        "cadwyn.route_generation.VersionedAPIRouter",
        "cadwyn.routing.VersionedAPIRouter",
    }
)
# ``app.generate_and_include_versioned_routers(*routers)``: Cadwyn's include_router, the same
# paths served once per version (the version travels in a header)
VERSIONED_INCLUDE = "generate_and_include_versioned_routers"
INTERESTING_CALLS.add(VERSIONED_INCLUDE)
ROUTE_METHODS = {
    "get": ("GET",),
    "post": ("POST",),
    "put": ("PUT",),
    "patch": ("PATCH",),
    "delete": ("DELETE",),
    "head": ("HEAD",),
    "options": ("OPTIONS",),
    "trace": ("TRACE",),
    "websocket": (WEBSOCKET,),  # ``@app.websocket("/ws")``, as Starlette's websocket routes
}
SECURITY_SCHEMES = re.compile(
    r"^fastapi\.security(\.\w+)*\.(OAuth2\w*|HTTP(Basic|Bearer|Digest)|APIKey\w+|OpenIdConnect|"
    r"SecurityBase)$"
)
PARAM_KINDS = {
    "Query": "query",
    "Path": "path",
    "Body": "body",
    "Header": "header",
    "Cookie": "cookie",
    "Form": "form",
    "File": "file",
    "Depends": "dependency",
    "Security": "dependency",
}
REQUEST_TYPES = {
    "Request",
    "WebSocket",
    "Response",
    "BackgroundTasks",
    "HTTPConnection",
    "SecurityScopes",
}
MODEL_BASES = frozenset(
    {"pydantic.BaseModel", "pydantic.main.BaseModel", "sqlmodel.SQLModel", "sqlmodel.main.SQLModel"}
)
PATH_PARAM_RE = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def _signature(
    node: RouterNode, mounts: list[tuple[str, list[AuthRequirement], bool]]
) -> tuple[object, ...]:
    """What a node's routes take from it: compared between relinks to keep its routes."""
    return (
        node.prefix,
        tuple(node.auth),
        tuple((prefix, tuple(auth), reachable) for prefix, auth, reachable in mounts),
    )


def normalise_path(path: str) -> str:
    return PATH_PARAM_RE.sub(lambda m: "{" + m.group(1) + "}", path)


@dataclass(frozen=True)
class _Object:
    """An app or router a module assigns (plain data, memoised per module)."""

    key: tuple[str, str, str]
    sym: Assigned
    kind: str
    prefix: str
    auth: tuple[AuthRequirement, ...]


@dataclass(frozen=True)
class _Include:
    """``parent.include_router(child, prefix=..., dependencies=...)``: the objects each side
    can denote (filtered to apps and routers when the graph is combined)."""

    parents: tuple[tuple[str, str, str], ...]
    children: tuple[tuple[str, str, str], ...]
    prefix: str
    auth: tuple[AuthRequirement, ...]


@dataclass(frozen=True)
class _Handler:
    """A route declaration with everything about its handler but the router's mounts."""

    nodes: tuple[tuple[str, str, str], ...]
    methods: tuple[str, ...]
    local: str
    handler: str
    file: str
    span: Span
    decorator_span: Span | None
    body_span: Span
    parameters: tuple[Parameter, ...]
    request_model: str | None
    response_model: str | None
    status_code: int | None
    raises: tuple[tuple[int | None, str], ...]
    auth: tuple[AuthRequirement, ...]  # the handler's own: decorator dependencies, parameters
    docstring: str | None
    is_async: bool


class FastAPILinker:
    """Per-module passes (objects, includes, route declarations with their handlers' details)
    are plain data memoised through :meth:`LinkContext.per_module`, so a relink after an edit
    recomputes the edited module's passes; the include graph and the routes are combined from
    them on every relink, which is cheap."""

    framework = "fastapi"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.nodes: dict[tuple[str, str, str], RouterNode] = {}

    # --- objects and the include graph -------------------------------------------------

    def _objects_in(self, facts: ModuleFacts) -> tuple[_Object, ...]:
        def compute() -> tuple[_Object, ...]:
            out = []
            for scope, name, call in assigns_of_kind(
                self.ctx, facts, FASTAPI_APPS | ROUTER_CLASSES
            ):
                kind = "app" if is_kind(self.ctx, facts, scope, call, FASTAPI_APPS) else "router"
                sym = Assigned(facts, scope, name)
                # also what a router subclass passes to ``super().__init__(prefix=...)``
                prefix = ctor_kwarg(self.symbols, facts, scope, call, "prefix")
                deps = ctor_kwarg(self.symbols, facts, scope, call, "dependencies")
                out.append(
                    _Object(
                        sym.key,
                        sym,
                        kind,
                        path_text(self.symbols, *prefix) if prefix is not None else "",
                        tuple(self._dependencies_auth(*deps, kind)) if deps is not None else (),
                    )
                )
            return tuple(out)

        return self.ctx.per_module("fastapi.objects", facts, compute)

    def _collect_objects(self) -> None:
        for facts in self.ctx.modules:
            for obj in self._objects_in(facts):
                self.nodes[obj.key] = RouterNode(obj.sym, obj.kind, obj.prefix, list(obj.auth))
        # an app mounted in another (``parent.mount("/v2", app)``, ``Mount(app=...)``) is served
        # below the mount's path, behind the parent's middleware
        mounts = asgi_graph(self.ctx)
        for key, node in self.nodes.items():
            mounted = mounts.nodes.get(key)
            if node.kind == "app" and mounted is not None:
                node.parents = mounted.parents
                node.auth = node.auth + mounted.auth

    def _keys_for(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr
    ) -> tuple[tuple[str, str, str], ...]:
        """The assignments ``expr`` can denote (several when a helper gets them passed in)."""
        keys = [
            sym.key for sym in self.ctx.objects(facts, scope, expr) if isinstance(sym, Assigned)
        ]
        return tuple(dict.fromkeys(keys))

    def _is_object(self, key: tuple[str, str, str], facts: ModuleFacts | None) -> bool:
        """Whether the assignment ``key`` is an app or router (as its module's objects pass
        finds them), memoised on the assignment alone: a route declaration asking this does
        not depend on everything in the router's module."""
        if facts is None:
            return False
        _, scope, name = key

        def compute() -> bool:
            self.symbols.reads(facts, scope)
            value = facts.assigns.get((scope, name))
            return isinstance(value, ast.Call) and is_kind(
                self.ctx, facts, scope, value, FASTAPI_APPS | ROUTER_CLASSES
            )

        if self.symbols.by_path.get(facts.path) is not facts:
            return compute()
        return self.symbols.memo(("fastapi.is_object", key), compute)

    def _nodes_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[RouterNode]:
        return [self.nodes[k] for k in self._keys_for(facts, scope, expr) if k in self.nodes]

    def _includes_in(self, facts: ModuleFacts) -> tuple[_Include, ...]:
        def compute() -> tuple[_Include, ...]:
            out = []
            for call in calls_named(facts, "include_router"):
                child_expr = arg(call.node, 0, "router")
                if child_expr is None:
                    continue
                parents = self._keys_for(facts, call.scope, call.receiver)
                children = self._keys_for(facts, call.scope, child_expr) if parents else ()
                if not children:
                    continue
                prefix = path_text(self.symbols, facts, call.scope, kwarg(call.node, "prefix"))
                auth = self._dependencies_auth(
                    facts, call.scope, kwarg(call.node, "dependencies"), "router"
                )
                out.append(_Include(parents, children, prefix, tuple(auth)))
            for call in calls_named(facts, VERSIONED_INCLUDE):
                parents = self._keys_for(facts, call.scope, call.receiver)
                for where, scope, child_expr in self._spread(facts, call.scope, call.node.args):
                    children = self._keys_for(where, scope, child_expr) if parents else ()
                    if children:
                        out.append(_Include(parents, children, "", ()))
            return tuple(out)

        return self.ctx.per_module("fastapi.includes", facts, compute)

    def _spread(
        self, facts: ModuleFacts, scope: Scope, args: list[ast.expr]
    ) -> Iterator[tuple[ModuleFacts, Scope, ast.expr]]:
        """Call arguments with ``*routers`` opened: a list display, or a name bound to one."""
        for expr in args:
            if not isinstance(expr, ast.Starred):
                yield facts, scope, expr
                continue
            value: ast.expr = expr.value
            where, in_scope = facts, scope
            if isinstance(value, (ast.Name, ast.Attribute)):
                sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, value))
                if not isinstance(sym, Assigned):
                    continue
                value, where, in_scope = sym.value, sym.facts, sym.scope
            if isinstance(value, (ast.List, ast.Tuple)):
                for elt in value.elts:
                    yield where, in_scope, elt

    def _link_includes(self) -> None:
        for facts in self.ctx.modules:
            for inc in self._includes_in(facts):
                parents = [self.nodes[k] for k in inc.parents if k in self.nodes]
                children = [self.nodes[k] for k in inc.children if k in self.nodes]
                for parent in parents:
                    for child in children:
                        if child is not parent:
                            child.parents.append((parent, inc.prefix, list(inc.auth)))

    # --- routes ------------------------------------------------------------------------

    def build(self) -> dict[tuple[str, str, str], RouterNode]:
        """The apps and routers and how they include each other, built once per relink."""
        cached = self.ctx.cache.get("fastapi")
        if isinstance(cached, dict):
            self.nodes = cached
            return cached
        self._collect_objects()
        if self.nodes:
            self._link_includes()
        self.ctx.cache["fastapi"] = self.nodes
        return self.nodes

    def _handlers_in(self, facts: ModuleFacts) -> tuple[_Handler, ...]:
        """The module's route declarations on apps or routers, with their handlers' details.
        Each decorated declaration is memoised on its own (its handler's definition and the
        names its receiver resolves through), so an edit inside one handler of a big router
        recomputes that one declaration; the pass itself only collects them."""

        def compute() -> tuple[_Handler, ...]:
            out: list[_Handler] = []
            for fn, dec in decorated_calls(facts):
                assert isinstance(dec.func, ast.Attribute)
                method = dec.func.attr
                if method not in ROUTE_METHODS and method != "api_route":
                    continue
                # a redefined handler's earlier definitions are told apart by their order
                shadow = next((i for i, f in enumerate(facts.shadowed) if f is fn), -1)
                h: _Handler | None = self.symbols.memo(
                    (
                        "fastapi.declaration",
                        facts.path,
                        fn.qualname,
                        shadow,
                        fn.decorators.index(dec),
                    ),
                    functools.partial(self._declaration, facts, fn, dec),
                )
                if h is not None:
                    out.append(h)
            for call in calls_named(facts, "add_api_route"):
                endpoint = arg(call.node, 1, "endpoint")
                if endpoint is None:
                    continue
                keys = self._object_keys(facts, call.scope, call.receiver)
                if not keys:
                    continue
                target = self.symbols.follow(self.symbols.resolve_expr(facts, call.scope, endpoint))
                if not isinstance(target, FunctionSym):
                    continue
                fn = target.facts.functions[target.qualname]
                methods = self._methods(facts, call.scope, kwarg(call.node, "methods"))
                local = path_text(self.symbols, facts, call.scope, arg(call.node, 0, "path"))
                out.append(
                    self._handler(
                        keys, target.facts, fn, call.node, methods, local, decorator=False
                    )
                )
            return tuple(out)

        return self.ctx.per_module("fastapi.routes", facts, compute)

    def _object_keys(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr
    ) -> tuple[tuple[str, str, str], ...]:
        keys = self._keys_for(facts, scope, expr)
        return tuple(k for k in keys if self._is_object(k, self._facts_of(k[0], facts)))

    def _facts_of(self, path: str, near: ModuleFacts) -> ModuleFacts | None:
        return near if path == near.path else self.symbols.by_path.get(path)

    def _declaration(self, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call) -> _Handler | None:
        """One ``@<receiver>.<method>(...)`` declaration: None unless the receiver is an app
        or router."""
        self.symbols.reads(facts, fn.qualname)
        assert isinstance(dec.func, ast.Attribute)
        keys = self._object_keys(facts, fn.scope, dec.func.value)
        return self._decorated(facts, fn, dec, keys) if keys else None

    def _decorated(
        self,
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec: ast.Call,
        keys: tuple[tuple[str, str, str], ...],
    ) -> _Handler:
        assert isinstance(dec.func, ast.Attribute)
        method = dec.func.attr
        if method == "api_route":
            methods = self._methods(facts, fn.scope, kwarg(dec, "methods"))
        else:
            methods = ROUTE_METHODS[method]
        local = path_text(self.symbols, facts, fn.scope, arg(dec, 0, "path"))
        return self._handler(keys, facts, fn, dec, methods, local)

    def link(self) -> list[Route]:
        if not self.build():
            return []
        # The routes of a declaration on a node are kept from the last relink while the
        # declaration is the same memoised object and the node serves at the same places
        # (its prefix, auth and mounts: its signature); an edit rebuilds only what it touched.
        last_sigs: dict[tuple[str, str, str], object] = self.ctx.persistent.get("fastapi.sigs", {})
        last_routes: dict[tuple[int, tuple[str, str, str]], tuple[_Handler, object, list[Route]]]
        last_routes = self.ctx.persistent.get("fastapi.routes", {})
        sigs: dict[tuple[str, str, str], object] = {}
        kept: dict[tuple[int, tuple[str, str, str]], tuple[_Handler, object, list[Route]]] = {}
        mounts: dict[tuple[str, str, str], list[tuple[str, list[AuthRequirement], bool]]] = {}
        routes: list[Route] = []
        for facts in self.ctx.modules:
            for h in self._handlers_in(facts):
                for key in h.nodes:
                    node = self.nodes.get(key)
                    if node is None:
                        continue
                    sig = sigs.get(key)
                    if sig is None:
                        mounts[key] = node.mounts()
                        sig = _signature(node, mounts[key])
                        previous = last_sigs.get(key)
                        sig = sigs[key] = previous if previous == sig else sig
                    entry = last_routes.get((id(h), key))
                    if entry is None or entry[0] is not h or entry[1] is not sig:
                        if key not in mounts:
                            mounts[key] = node.mounts()
                        entry = (h, sig, self._routes_for(node, h, mounts[key]))
                    kept[(id(h), key)] = entry
                    routes.extend(entry[2])
        self.ctx.persistent["fastapi.sigs"] = sigs
        self.ctx.persistent["fastapi.routes"] = kept
        return dedupe(routes)

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        """``methods=[...]`` of ``api_route`` / ``add_api_route``; FastAPI's default is GET."""
        value = self.symbols.evaluate(facts, scope, expr) if expr is not None else None
        if isinstance(value, list):
            methods = tuple(dict.fromkeys(str(m).upper() for m in value if isinstance(m, str)))
            if methods:
                return methods
        return ("GET",)

    def _handler(
        self,
        keys: tuple[tuple[str, str, str], ...],
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec: ast.Call,
        methods: tuple[str, ...],
        local: str,
        decorator: bool = True,
    ) -> _Handler:
        handler_auth = self._dependencies_auth(
            facts, fn.scope, kwarg(dec, "dependencies"), "handler"
        )
        params, param_auth = self._parameters(facts, fn, local)
        response_model = kwarg(dec, "response_model")
        returns = fn.node.returns
        response = (
            ast.unparse(response_model)
            if response_model is not None
            else (ast.unparse(returns) if returns is not None and not is_none(returns) else None)
        )
        return _Handler(
            nodes=keys,
            methods=methods,
            local=local,
            handler=f"{facts.module}:{fn.qualname}",
            file=facts.path,
            span=fn.span,
            decorator_span=span_of(dec, facts.wide_lines) if decorator else None,
            body_span=fn.full_span,
            parameters=tuple(params),
            request_model=next((p.annotation for p in params if p.kind == "body"), None),
            response_model=response,
            status_code=status_from(self.symbols, facts, fn.scope, kwarg(dec, "status_code")),
            raises=tuple(_raises(self.symbols, facts, fn)),
            auth=tuple(handler_auth + param_auth),
            docstring=docstring(fn),
            is_async=isinstance(fn.node, ast.AsyncFunctionDef),
        )

    def _routes_for(
        self,
        node: RouterNode,
        h: _Handler,
        mounts: list[tuple[str, list[AuthRequirement], bool]] | None = None,
    ) -> list[Route]:
        return [
            Route(
                framework=self.framework,
                methods=h.methods,
                path=normalise_path(join_paths(mount_prefix, node.prefix, h.local)),
                handler=h.handler,
                file=h.file,
                span=h.span,
                decorator_span=h.decorator_span,
                local_path=h.local,
                parameters=list(h.parameters),
                request_model=h.request_model,
                response_model=h.response_model,
                status_code=h.status_code,
                raises=list(h.raises),
                auth=inherited_auth + node.auth + list(h.auth),
                docstring=h.docstring,
                is_async=h.is_async,
                reachable=reachable,
                body_span=h.body_span,
            )
            for mount_prefix, inherited_auth, reachable in (
                node.mounts() if mounts is None else mounts
            )
        ]

    # --- handler details ---------------------------------------------------------------

    def _parameters(
        self, facts: ModuleFacts, fn: FunctionFacts, path: str
    ) -> tuple[list[Parameter], list[AuthRequirement]]:
        path_params = set(PATH_PARAM_RE.findall(path))
        args = fn.node.args
        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(
            args.defaults
        )
        pairs = list(zip(positional, defaults, strict=True)) + list(
            zip(args.kwonlyargs, args.kw_defaults, strict=True)
        )
        params: list[Parameter] = []
        auth: list[AuthRequirement] = []
        for a, default in pairs:
            if a.arg in {"self", "cls"}:
                continue
            annotation = a.annotation
            marker = default if isinstance(default, ast.Call) else None
            marker_facts, marker_scope = facts, fn.scope
            annotated_type = annotation
            if annotation is not None:
                base, meta, meta_facts, meta_scope = self._annotated(facts, fn.scope, annotation)
                annotated_type = base
                if meta is not None:
                    marker, marker_facts, marker_scope = meta, meta_facts, meta_scope
            kind = "query"
            if marker is not None and (mname := _marker_name(marker)) in PARAM_KINDS:
                kind = PARAM_KINDS[mname]
                if kind == "dependency":
                    req = self._dependency_auth(
                        marker_facts, marker_scope, marker, annotated_type, "handler"
                    )
                    if req is not None:
                        auth.append(req)
            elif a.arg in path_params:
                kind = "path"
            elif annotated_type is not None and self._is_model(facts, fn.scope, annotated_type):
                kind = "body"
            elif annotated_type is not None and last_name(annotated_type) in REQUEST_TYPES:
                kind = "request"
            if a.arg in path_params and kind == "query":
                kind = "path"
            params.append(
                Parameter(
                    a.arg,
                    ast.unparse(annotated_type) if annotated_type is not None else None,
                    ast.unparse(default) if default is not None else None,
                    kind,
                )
            )
        return params, auth

    def _annotated(
        self, facts: ModuleFacts, scope: Scope, annotation: ast.expr, depth: int = 0
    ) -> tuple[ast.expr, ast.Call | None, ModuleFacts, Scope]:
        """``Annotated[T, Depends(x)]`` (or an alias of it, maybe in another module) ->
        (T, Depends(x), and the module and scope the marker is written in, where ``x`` must
        be resolved and where its origin is)."""
        if depth > 4:
            return annotation, None, facts, scope
        if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
            sl = annotation.slice
            elts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
            meta = next(
                (e for e in elts[1:] if isinstance(e, ast.Call) and _marker_name(e) in PARAM_KINDS),
                None,
            )
            return elts[0], meta, facts, scope
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            sym = self.symbols.resolve_expr(facts, scope, annotation)
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Subscript):
                found = self._annotated(sym.facts, sym.scope, sym.value, depth + 1)
                if found[1] is not None:
                    return found
        return annotation, None, facts, scope

    def _is_model(self, facts: ModuleFacts, scope: Scope, annotation: ast.expr) -> bool:
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, annotation))
        if isinstance(sym, ClassSym):
            return any(b in MODEL_BASES for b in self.symbols.class_bases(sym))
        if isinstance(annotation, ast.Subscript):  # list[Item]
            inner = annotation.slice
            return isinstance(inner, (ast.Name, ast.Attribute)) and self._is_model(
                facts, scope, inner
            )
        return False

    def _dependencies_auth(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None, level: str
    ) -> list[AuthRequirement]:
        if not isinstance(expr, (ast.List, ast.Tuple)):
            return []
        out = []
        for item in expr.elts:
            if isinstance(item, ast.Call):
                req = self._dependency_auth(facts, scope, item, None, level)
                if req is not None:
                    out.append(req)
        return out

    def _dependency_auth(
        self,
        facts: ModuleFacts,
        scope: Scope,
        marker: ast.Call,
        annotation: ast.expr | None,
        level: str,
    ) -> AuthRequirement | None:
        target = arg(marker, 0, "dependency") or annotation
        if target is None:
            return None
        scopes: tuple[str, ...] = ()
        scopes_expr = kwarg(marker, "scopes")
        scopes_v = self.symbols.evaluate(facts, scope, scopes_expr) if scopes_expr else None
        if isinstance(scopes_v, list):
            scopes = tuple(str(s) for s in scopes_v if isinstance(s, str))
        name = dotted_name(target) or ast.unparse(target)
        is_security = _marker_name(marker) == "Security"
        if is_security or self._is_auth_dependency(facts, scope, target, 0):
            return AuthRequirement(name, level, self.ctx.origin(facts, marker.lineno - 1), scopes)
        return None

    def _is_auth_dependency(
        self, facts: ModuleFacts, scope: Scope, target: ast.expr, depth: int
    ) -> bool:
        if depth > 4:
            return False
        if isinstance(target, ast.Call):  # Depends(RoleChecker(["admin"]))
            target = target.func
        name = dotted_name(target) or ""
        if AUTH_NAME_RE.search(name.split(".")[-1]):
            return True
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
        if isinstance(sym, External):
            return bool(SECURITY_SCHEMES.match(sym.dotted))
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            callee = self.symbols.qualified(sym.facts, sym.scope, sym.value.func) or ""
            return (
                bool(SECURITY_SCHEMES.match(callee))
                or AUTH_NAME_RE.search(callee.split(".")[-1]) is not None
            )
        if isinstance(sym, ClassSym):
            init = sym.facts.functions.get(f"{sym.qualname}.__call__")
            return init is not None and self._function_uses_auth(sym.facts, init, depth + 1)
        if isinstance(sym, FunctionSym):
            return self._function_uses_auth(sym.facts, sym.facts.functions[sym.qualname], depth + 1)
        return False

    def _function_uses_auth(self, facts: ModuleFacts, fn: FunctionFacts, depth: int) -> bool:
        args = fn.node.args
        defaults = list(args.defaults) + [d for d in args.kw_defaults if d is not None]
        markers = [
            (d, facts, fn.scope)
            for d in defaults
            if isinstance(d, ast.Call) and _marker_name(d) in {"Depends", "Security"}
        ]
        for a in args.posonlyargs + args.args + args.kwonlyargs:
            if a.annotation is not None:
                _base, meta, meta_facts, meta_scope = self._annotated(facts, fn.scope, a.annotation)
                if meta is not None and _marker_name(meta) in {"Depends", "Security"}:
                    markers.append((meta, meta_facts, meta_scope))
        for m, m_facts, m_scope in markers:
            if _marker_name(m) == "Security":
                return True
            t = arg(m, 0, "dependency")
            if t is not None and self._is_auth_dependency(m_facts, m_scope, t, depth + 1):
                return True
        return False


def _marker_name(call: ast.Call) -> str:
    return last_name(call.func)


def _raises(
    symbols: Symbols, facts: ModuleFacts, fn: FunctionFacts
) -> list[tuple[int | None, str]]:
    out: list[tuple[int | None, str]] = []
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            name = last_name(call.func)
            if not name.endswith(("Exception", "Error", "HTTPException")) and name != "abort":
                continue
            status_expr = (
                arg(call, 0, "status_code")
                if name.endswith("HTTPException")
                else kwarg(call, "status_code")
            )
            status = status_from(symbols, facts, fn.qualname, status_expr)
            detail_expr = arg(call, 1, "detail") if name.endswith("HTTPException") else None
            detail = ""
            if detail_expr is not None:
                v = symbols.evaluate(facts, fn.qualname, detail_expr)
                detail = v if isinstance(v, str) else ast.unparse(detail_expr)
            if status is None and not name.endswith("HTTPException"):
                detail = detail or name
            out.append((status, detail or name))
        elif isinstance(node, ast.Call) and last_name(node.func) == "abort" and node.args:
            status = status_from(symbols, facts, fn.qualname, node.args[0])
            out.append((status, "abort"))
    return out

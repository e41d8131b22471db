"""The Starlette linker: routes of the ASGI graph's Starlette apps and routers, and the
``StaticFiles`` apps mounted in them (a ``generated`` GET and HEAD at ``mount/{path}``, as Starlette's
``Mount.path_format`` writes it, placed at the ``StaticFiles(...)`` call)."""

from __future__ import annotations

import ast

from ....core.model import AuthRequirement, Parameter, Route
from ....core.syntax import dotted_name, keyword_value
from ...facts import FunctionFacts, ModuleFacts, span_of
from ...symbol_types import Assigned, ClassSym, FunctionSym
from ...symbols import Symbols
from ..common import (
    AUTH_NAME_RE,
    HTTP_METHODS,
    LinkContext,
    arg,
    dedupe,
    docstring,
    generated_route,
    head_beside_get,
    join_paths,
    object_label,
)
from .graph import AsgiGraph, Entry, MountedApp, asgi_graph
from .names import CONVERTER_RE, CONVERTER_TYPES, REQUIRES, WEBSOCKET

STATIC_FILES = frozenset({"starlette.staticfiles.StaticFiles", "fastapi.staticfiles.StaticFiles"})


class StarletteLinker:
    framework = "starlette"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols

    def link(self) -> list[Route]:
        graph = asgi_graph(self.ctx)
        routes: list[Route] = []
        for entry in graph.entries:
            handlers = self._handlers(entry)
            # Starlette answers HEAD with the GET handler (``Route`` adds it to ``methods``,
            # ``HTTPEndpoint`` falls back to ``get``) unless there is a HEAD handler
            declared = {m for methods, *_ in handlers for m in methods}
            for methods, owner, fn, target in handlers:
                automatic = head_beside_get(methods) if "HEAD" not in declared else ()
                handler_auth = self._decorator_auth(owner, fn) if fn is not None else []
                for (prefix, inherited, reachable), chain in zip(
                    entry.node.mounts(), entry.node.chains(), strict=True
                ):
                    routes.append(
                        self._route(
                            entry,
                            methods,
                            owner,
                            fn,
                            target,
                            join_paths(prefix, entry.path),
                            inherited + entry.node.auth + entry.auth + handler_auth,
                            reachable,
                            tuple(object_label(n.sym) for n in chain),
                            automatic,
                        )
                    )
        for app in graph.apps:
            routes.extend(self._static_files(graph, app))
        return dedupe(routes)

    def _static_files(self, graph: AsgiGraph, app: MountedApp) -> list[Route]:
        if not app.prefix_only:
            return []
        if self.symbols.qualified(app.facts, app.scope, app.expr.func) not in STATIC_FILES:
            return []
        local = join_paths(app.path, "/{path}")
        param = Parameter("path", "str", None, "path")
        return [
            generated_route(
                self.framework,
                app.facts,
                app.expr,
                "GET",
                join_paths(full, "/{path}"),
                local,
                "starlette.staticfiles:StaticFiles",
                auth=auth,
                reachable=reachable,
                chain=tuple(object_label(n.sym) for n in chain),
                parameters=(param,),
                automatic=("HEAD",),  # StaticFiles answers GET and HEAD
            )
            for (full, auth, reachable), chain in zip(
                graph.served_at(app), app.node.chains(), strict=True
            )
        ]

    def _handlers(
        self, entry: Entry
    ) -> list[tuple[tuple[str, ...], ModuleFacts, FunctionFacts | None, FunctionSym | ClassSym]]:
        """(methods, module, handler function, target) per handler the endpoint has."""
        facts, scope, endpoint = entry.facts, entry.scope, entry.endpoint
        held = self.symbols.follow(self.symbols.resolve_expr(facts, scope, endpoint))
        if isinstance(held, Assigned):  # handler = functools.partial(...)
            facts, scope, endpoint = held.facts, held.scope, held.value
        if isinstance(endpoint, ast.Call):  # functools.partial(handler, ...)
            inner = arg(endpoint, 0, "func")
            if inner is None:
                return []
            endpoint = inner
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, endpoint))
        given = self._methods(entry)
        if isinstance(sym, FunctionSym):
            fn = sym.facts.functions.get(sym.qualname)
            if entry.websocket:
                return [((WEBSOCKET,), sym.facts, fn, sym)]
            return [(given or ("GET",), sym.facts, fn, sym)]
        if not isinstance(sym, ClassSym):
            return []
        if entry.websocket:
            return [((WEBSOCKET,), sym.facts, None, sym)]
        # An endpoint class (HTTPEndpoint): each HTTP method it has a handler for, or the
        # methods the route lists.
        out: list[
            tuple[tuple[str, ...], ModuleFacts, FunctionFacts | None, FunctionSym | ClassSym]
        ] = []
        for method in given or HTTP_METHODS:
            handler = self.symbols.member(sym, method.lower())
            if isinstance(handler, FunctionSym):
                out.append(
                    ((method,), handler.facts, handler.facts.functions[handler.qualname], handler)
                )
            elif given:
                out.append(((method,), sym.facts, None, sym))
        return out

    def _methods(self, entry: Entry) -> tuple[str, ...]:
        if entry.methods is None:
            return ()
        value = self.symbols.evaluate(entry.facts, entry.scope, entry.methods)
        if isinstance(value, (list, tuple)):
            return tuple(dict.fromkeys(str(m).upper() for m in value if isinstance(m, str)))
        return ()

    def _decorator_auth(self, facts: ModuleFacts, fn: FunctionFacts) -> list[AuthRequirement]:
        out = []
        for dec in fn.decorators:
            target = dec.func if isinstance(dec, ast.Call) else dec
            name = self.symbols.qualified(facts, fn.scope, target) or dotted_name(target) or ""
            origin = self.ctx.origin(facts, dec.lineno - 1)
            if name in REQUIRES and isinstance(dec, ast.Call):
                scopes_expr = arg(dec, 0, "scopes")
                value = self.symbols.evaluate(facts, fn.scope, scopes_expr) if scopes_expr else None
                scopes = (
                    (value,)
                    if isinstance(value, str)
                    else tuple(s for s in value if isinstance(s, str))
                    if isinstance(value, list)
                    else ()
                )
                out.append(AuthRequirement("requires", "handler", origin, scopes))
            elif AUTH_NAME_RE.search(name.split(".")[-1]):
                out.append(AuthRequirement(name.split(".")[-1], "handler", origin))
        return out

    def _route(
        self,
        entry: Entry,
        methods: tuple[str, ...],
        facts: ModuleFacts,
        fn: FunctionFacts | None,
        target: FunctionSym | ClassSym,
        path: str,
        auth: list[AuthRequirement],
        reachable: bool,
        chain: tuple[str, ...] = (),
        automatic: tuple[str, ...] = (),
    ) -> Route:
        params = [
            Parameter(
                m.group(1), CONVERTER_TYPES.get(m.group(2) or "str", m.group(2)), None, "path"
            )
            for m in CONVERTER_RE.finditer(path)
        ]
        if fn is not None:
            span, body, doc = fn.span, fn.full_span, docstring(fn)
            is_async = isinstance(fn.node, ast.AsyncFunctionDef)
        else:
            cls = target.facts.classes[target.qualname]
            span, body, doc = (
                cls.span,
                span_of(cls.node, facts.wide_lines),
                ast.get_docstring(cls.node),
            )
            is_async = False
        return Route(
            framework=self.framework,
            methods=methods,
            path=CONVERTER_RE.sub(lambda m: "{" + m.group(1) + "}", path),
            handler=f"{facts.module}:{target.qualname}",
            file=facts.path,
            span=span,
            # the Route(...) / add_route(...) that declares it, when it is in the handler's file
            decorator_span=(
                span_of(entry.site, facts.wide_lines) if entry.facts.path == facts.path else None
            ),
            local_path=entry.path,
            parameters=params,
            auth=auth,
            docstring=doc,
            is_async=is_async,
            reachable=reachable,
            body_span=body,
            chain=chain,
            name=self._route_name(entry),
            automatic=automatic,
        )

    def _route_name(self, entry: Entry) -> str | None:
        """Starlette's name for a route: ``name=``, else its endpoint's ``__name__`` (a
        function's or class's), else the endpoint object's class (``partial``)."""
        given = self.symbols.evaluate_str(
            entry.facts, entry.scope, keyword_value(entry.site, "name")
        )
        if given:
            return given
        sym = self.symbols.follow(
            self.symbols.resolve_expr(entry.facts, entry.scope, entry.endpoint)
        )
        if isinstance(sym, (FunctionSym, ClassSym)):
            return sym.qualname.rsplit(".", 1)[-1]
        value = sym.value if isinstance(sym, Assigned) else entry.endpoint
        if isinstance(value, ast.Call):
            return (dotted_name(value.func) or "").rsplit(".", 1)[-1] or None
        return None

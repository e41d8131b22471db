"""The route an endpoint becomes, with FAB's permission decorators as auth."""

from __future__ import annotations

import ast

from ....core.model import AuthRequirement, Route
from ....core.syntax import dotted_name
from ...facts import ClassFacts, FunctionFacts, ModuleFacts, span_of
from ...symbol_types import ClassSym
from ..common import AUTH_NAME_RE, arg, docstring, werkzeug_automatic
from ..fastapi.raises import raised_errors
from ..flask.linker import _decorator_name, flask_path, handler_parameters, join_rule
from .endpoints import Endpoint, EndpointReader

# FAB's decorators that check the caller's permission (security/decorators.py); its
# ``permission_name`` only names the permission they check, so alone it protects nothing.
FAB_AUTH = frozenset({"has_access", "has_access_api", "protect"})


class RouteReader(EndpointReader):
    """Endpoints as routes."""

    def _route(
        self,
        cls: ClassSym,
        info: ClassFacts,
        endpoint: Endpoint,
        route_base: str,
        reachable: bool,
    ) -> Route:
        path = flask_path(join_rule(route_base, endpoint.url))
        handler = f"{cls.facts.module}:{info.qualname}.{endpoint.attr}"
        if endpoint.fn is None or endpoint.facts is None:
            # inherited from FAB: the project class is where it is served from
            origin = self.ctx.origin(cls.facts, info.span.start.line)
            scopes = (endpoint.fab_permission,) if endpoint.fab_permission else ()
            return Route(
                framework=self.framework,
                methods=endpoint.methods,
                automatic=werkzeug_automatic(endpoint.methods),
                path=path,
                handler=handler,
                file=cls.facts.path,
                span=info.span,
                decorator_span=None,
                local_path=flask_path(endpoint.url),
                auth=[
                    AuthRequirement(name, "handler", origin, scopes) for name in endpoint.fab_auth
                ],
                reachable=reachable,
            )
        facts, fn = endpoint.facts, endpoint.fn
        assert endpoint.decorator is not None
        return Route(
            framework=self.framework,
            methods=endpoint.methods,
            automatic=werkzeug_automatic(endpoint.methods),
            path=path,
            handler=f"{facts.module}:{fn.qualname}",
            file=facts.path,
            span=fn.span,
            decorator_span=span_of(endpoint.decorator, facts.wide_lines),
            local_path=flask_path(endpoint.url),
            parameters=handler_parameters(fn, endpoint.url),
            raises=raised_errors(self.symbols, facts, fn),
            auth=self._handler_auth(facts, fn),
            docstring=docstring(fn),
            is_async=isinstance(fn.node, ast.AsyncFunctionDef),
            reachable=reachable,
            body_span=fn.full_span,
        )

    def _handler_auth(self, facts: ModuleFacts, fn: FunctionFacts) -> list[AuthRequirement]:
        """FAB's permission checks on the method (``@has_access``, ``@protect()``, with the
        permission ``@permission_name`` names), and any other decorator named for auth."""
        permission: tuple[str, ...] = ()
        for dec in fn.decorators:
            if isinstance(dec, ast.Call) and last_is(dec.func, "permission_name"):
                value = self.symbols.evaluate_str(facts, fn.scope, arg(dec, 0, "name"))
                permission = (value,) if value else ()
        out = []
        for dec in fn.decorators:
            name = _decorator_name(dec)
            if not name:
                continue
            last = name.rsplit(".", 1)[-1]
            if last in FAB_AUTH:
                origin = self.ctx.origin(facts, dec.lineno - 1)
                out.append(AuthRequirement(name, "handler", origin, permission))
            elif last != "permission_name" and AUTH_NAME_RE.search(last):
                out.append(AuthRequirement(name, "handler", self.ctx.origin(facts, dec.lineno - 1)))
        return out


def last_is(expr: ast.expr, name: str) -> bool:
    return (dotted_name(expr) or "").rsplit(".", 1)[-1] == name

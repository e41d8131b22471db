"""Function views: allowed methods and auth from their decorators (``login_required``, ``api_view``, ...)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace

from ....core.model import AuthRequirement, Route
from ....core.syntax import dotted_name
from ...facts import ModuleFacts, Scope
from ...symbol_types import FunctionSym
from ..common import AUTH_NAME_RE, arg
from .auth_checks import turns_caller_away
from .records import Entry, Handler, ProjectSettings
from .routes import clean_methods, decorator_span_of
from .settings import SettingsReader

ANY_METHOD = "ANY"

METHOD_DECORATORS: dict[str, tuple[str, ...] | None] = {
    "require_http_methods": None,  # methods from its argument
    "require_GET": ("GET",),
    "require_POST": ("POST",),
    "require_safe": ("GET", "HEAD"),
}
AUTH_DECORATORS = frozenset(
    {"login_required", "permission_required", "user_passes_test", "staff_member_required"}
)
# Decorators that say nothing about auth although their names look like it.
NOT_AUTH = frozenset({*METHOD_DECORATORS, "api_view", "action", "csrf_exempt", "method_decorator"})


class ViewRoutes(SettingsReader):
    """Function views, and what decorators say about any view."""

    def _wrapper_facts(
        self, wrappers: tuple[tuple[ModuleFacts, ast.expr], ...], methods: tuple[str, ...]
    ) -> tuple[tuple[str, ...], list[AuthRequirement]]:
        auth: list[AuthRequirement] = []
        for facts, expr in wrappers:
            restricted, req = self._decorator_facts(facts, "", expr)
            if restricted is not None:
                methods = restricted
            auth.extend(req)
        return methods, auth

    def _decorator_facts(
        self, facts: ModuleFacts, scope: Scope, dec: ast.expr
    ) -> tuple[tuple[str, ...] | None, list[AuthRequirement]]:
        """(methods it restricts to, auth entries) of one decorator or view wrapper."""
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = self.symbols.qualified(facts, scope, target) or dotted_name(target) or ""
        short = name.rsplit(".", 1)[-1]
        origin = self.ctx.origin(facts, dec.lineno - 1)
        if short in METHOD_DECORATORS:
            fixed = METHOD_DECORATORS[short]
            if fixed is not None:
                return fixed, []
            listed = arg(dec, 0, "request_method_list") if isinstance(dec, ast.Call) else None
            return (self._method_list(facts, scope, listed) or None), []
        if short == "login_not_required":
            return None, [AuthRequirement(short, "handler", origin, public=True)]
        if short == "method_decorator" and isinstance(dec, ast.Call) and dec.args:
            inner = dec.args[0]
            decorators = inner.elts if isinstance(inner, (ast.List, ast.Tuple)) else [inner]
            auth: list[AuthRequirement] = []
            for d in decorators:
                auth.extend(self._decorator_facts(facts, scope, d)[1])
            return None, [replace(a, origin=origin) for a in auth]
        if short in ("permission_classes", "authentication_classes") and isinstance(dec, ast.Call):
            kind = "permission" if short == "permission_classes" else "authentication"
            listed = dec.args[0] if dec.args else None
            return None, (self._class_list(facts, scope, listed, "handler", kind) if listed else [])
        if short in NOT_AUTH:
            return None, []
        if short in AUTH_DECORATORS or AUTH_NAME_RE.search(short):
            return None, [AuthRequirement(short, "handler", origin)]
        # the project's own decorator, whatever its name (``management_access``), that turns
        # the caller away: ``if not request.user.has_perm(...): raise PermissionDenied``
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
        if isinstance(sym, FunctionSym) and turns_caller_away(sym.facts.functions[sym.qualname]):
            return None, [AuthRequirement(short, "handler", origin)]
        return None, []

    def _method_list(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> tuple[str, ...]:
        if expr is None:
            return ()
        value = self.symbols.evaluate(facts, scope, expr)
        if not isinstance(value, list):
            return ()
        return clean_methods(str(m) for m in value if isinstance(m, str))

    def _function_routes(self, sym: FunctionSym, entry: Entry) -> Iterator[Route]:
        facts = sym.facts
        fn = facts.functions[sym.qualname]
        methods: tuple[str, ...] = (ANY_METHOD,)
        framework = "django"
        auth: list[AuthRequirement] = []
        drf_perm: list[AuthRequirement] | None = None
        drf_authn: list[AuthRequirement] | None = None
        # a method decorator above ``@api_view`` turns OPTIONS away before APIView.options
        outer_restricted = False
        for dec in fn.decorators:
            target = dec.func if isinstance(dec, ast.Call) else dec
            name = self.symbols.qualified(facts, fn.scope, target) or ""
            if name.rsplit(".", 1)[-1] == "api_view":
                framework = "drf"
                listed = arg(dec, 0, "http_method_names") if isinstance(dec, ast.Call) else None
                methods = self._method_list(facts, fn.scope, listed) if listed else ("GET",)
                continue
            restricted, req = self._decorator_facts(facts, fn.scope, dec)
            if restricted is not None:
                methods = restricted
                outer_restricted = outer_restricted or framework != "drf"
            for r in req:
                if r.kind == "authentication":
                    drf_authn = [*(drf_authn or []), r]
                elif name.rsplit(".", 1)[-1] == "permission_classes":
                    drf_perm = [*(drf_perm or []), r]
                else:
                    auth.append(r)
        wrapped_methods, wrapped_auth = self._wrapper_facts(entry.wrappers, methods)
        # api_view's http_method_names: the ones it lists and options (APIView.options); no
        # head unless listed. A function view answers what its decorators list, or any
        automatic: tuple[str, ...] = ()
        if (
            framework == "drf"
            and not outer_restricted
            and wrapped_methods == methods
            and "OPTIONS" not in methods
        ):
            automatic = ("OPTIONS",)
        if framework == "drf":
            auth = self._drf_auth(entry.mount.settings, drf_perm, drf_authn) + auth
        handler = Handler(
            facts,
            fn.qualname,
            fn.span,
            fn.full_span,
            fn,
            isinstance(fn.node, ast.AsyncFunctionDef),
        )
        yield self._route(
            framework,
            wrapped_methods,
            handler,
            f"{facts.module}:{fn.qualname}",
            entry.mount,
            entry.local,
            wrapped_auth + auth,
            decorator_span_of(facts, fn, "api_view"),
            entry.is_suffix,
            automatic,
        )

    def _drf_auth(
        self,
        cfg: ProjectSettings,
        permission: list[AuthRequirement] | None,
        authentication: list[AuthRequirement] | None,
    ) -> list[AuthRequirement]:
        """A view's own classes replace the settings defaults, each list on its own."""
        authn = authentication if authentication is not None else (cfg.authentication or [])
        perm = permission if permission is not None else (cfg.permission or [])
        return list(authn) + list(perm)

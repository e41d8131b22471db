"""Class-based views (``as_view()``) and viewsets routed by hand, and which kind of view an entry routes."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from dataclasses import replace
from typing import Any

from ....core.model import AuthRequirement, Route
from ....core.syntax import keyword_value
from ...evaluator import ExtCall, MethodCall
from ...facts import ModuleFacts, Scope, span_of
from ...libraries import library_symbol
from ...symbol_types import Assigned, ClassSym, External, FunctionSym, Symbol
from ..common import head_beside_get
from .generic_views import DJANGO_VIEW_METHODS, DRF_VIEW_METHODS
from .graphql_views import GRAPHQL_METHODS, GRAPHQL_VIEWS, is_graphql_view, record_endpoint
from .records import Entry, Handler, Mount
from .routes import clean_methods, decorator_span_of, group_actions
from .view_class import ViewClass
from .views import ANY_METHOD, ViewRoutes


class ClassViewRoutes(ViewRoutes):
    """Class-based views, and the dispatch of a routed view to its kind."""

    def _view_routes(
        self,
        facts: ModuleFacts,
        scope: Scope,
        view: ast.expr,
        entry: Entry,
        depth: int | None,
    ) -> Iterator[Route]:
        depth = depth or 0
        if depth > 8:
            return
        if isinstance(view, ast.Call):
            func = view.func
            if isinstance(func, ast.Attribute) and func.attr == "as_view":
                cls = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func.value))
                actions = view.args[0] if view.args else keyword_value(view, "actions")
                routes = list(self._class_routes(facts, scope, cls, actions, entry))
                yield from routes
                if routes and is_graphql_view(self.ctx, cls):
                    settings = entry.mount.settings.facts
                    record_endpoint(self.ctx, facts, scope, cls, view, routes[0], settings)
                return
            if view.args:  # ``login_required(view)``, ``permission_required("x")(view)``
                wrapped = replace(entry, wrappers=(*entry.wrappers, (facts, func)))
                yield from self._view_routes(facts, scope, view.args[0], wrapped, depth + 1)
            return
        if isinstance(view, ast.Lambda):
            yield self._lambda_route(facts, view, entry)
            return
        if not isinstance(view, (ast.Name, ast.Attribute)):
            return
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, view))
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            yield from self._view_routes(sym.facts, sym.scope, sym.value, entry, depth + 1)
        elif isinstance(sym, FunctionSym):
            yield from self._function_routes(sym, entry)
        elif isinstance(sym, External) and not sym.dotted.endswith(".urls"):
            installed = library_symbol(self.symbols, sym.dotted)
            if isinstance(installed, FunctionSym):  # its decorators say its methods
                yield from self._function_routes(installed, entry)
            else:
                yield self._library_view_route(sym, entry)

    def _lambda_route(self, facts: ModuleFacts, view: ast.Lambda, entry: Entry) -> Route:
        """``path("robots.txt", lambda request: HttpResponse(...))``: a function view
        without decorators, every method."""
        span = span_of(view, facts.wide_lines)
        handler = Handler(facts, "<lambda>", span, span, None)
        methods, auth = self._wrapper_facts(entry.wrappers, (ANY_METHOD,))
        return self._route(
            "django",
            methods,
            handler,
            f"{facts.module}:<lambda>",
            entry.mount,
            entry.local,
            auth,
            None,
            entry.is_suffix,
        )

    def _library_view_route(self, sym: External, entry: Entry) -> Route:
        """A view function from a library (``django.views.static.serve``): every method."""
        module, _, name = sym.dotted.rpartition(".")
        site = entry.site
        handler = Handler(site.facts, name, site.span, site.span, None)
        methods, auth = self._wrapper_facts(entry.wrappers, (ANY_METHOD,))
        return self._route(
            "django",
            methods,
            handler,
            f"{module}:{name}",
            entry.mount,
            entry.local,
            auth,
            None,
            entry.is_suffix,
        )

    def _value_routes(self, view: Any, entry: Entry, depth: int) -> Iterator[Route]:
        """The routes of a view the evaluator built (:mod:`.evaluation`)."""
        if depth > 8:
            return
        if isinstance(view, MethodCall) and view.name == "as_view":
            actions = view.args[0] if view.args else view.kwargs.get("actions")
            pairs = None
            if isinstance(actions, dict):
                pairs = [
                    (k.lower(), v)
                    for k, v in actions.items()
                    if isinstance(k, str) and isinstance(v, str)
                ]
            if isinstance(view.receiver, External):
                yield from self._external_class_routes(view.receiver, entry)
            elif isinstance(view.receiver, ClassSym):
                yield from self._class_view_routes(view.receiver, pairs, entry)
        elif isinstance(view, FunctionSym):
            yield from self._function_routes(view, entry)
        elif isinstance(view, External):
            yield self._library_view_route(view, entry)
        elif isinstance(view, ExtCall) and view.args:  # ``login_required(view)``
            wrapped = replace(entry, wrappers=(*entry.wrappers, (view.facts, view.node.func)))
            yield from self._value_routes(view.args[0], wrapped, depth + 1)

    def _class_routes(
        self,
        facts: ModuleFacts,
        scope: Scope,
        cls: Symbol,
        actions: ast.expr | None,
        entry: Entry,
    ) -> Iterator[Route]:
        if isinstance(cls, External):
            yield from self._external_class_routes(cls, entry)
            return
        if not isinstance(cls, ClassSym):
            return
        pairs: list[tuple[str, str]] | None = None
        if actions is not None:  # ``MyViewSet.as_view({"get": "list"})``
            pairs = []
            if isinstance(actions, ast.Dict):
                for k, v in zip(actions.keys, actions.values, strict=True):
                    key = self.symbols.evaluate_str(facts, scope, k) if k is not None else None
                    value = self.symbols.evaluate_str(facts, scope, v)
                    if key and value:
                        pairs.append((key.lower(), value))
        yield from self._class_view_routes(cls, pairs, entry)

    def _class_view_routes(
        self, cls: ClassSym, pairs: list[tuple[str, str]] | None, entry: Entry
    ) -> Iterator[Route]:
        view = ViewClass(self, cls)
        mount, local, is_suffix = entry.mount, entry.local, entry.is_suffix
        _, wrapped_auth = self._wrapper_facts(entry.wrappers, ())
        if pairs is not None:
            routed = {verb for verb, _ in pairs}
            for action, group in group_actions(pairs):
                yield from self._action_route(
                    view, action, group, routed, mount, local, wrapped_auth, is_suffix
                )
            return
        handlers = [(v, h) for v in view.verbs() if (h := view.handler(v)) is not None]
        routed = {verb for verb, _ in handlers}
        for verb, handler in handlers:
            auth = wrapped_auth + view.auth(mount.settings, verb, None)
            yield self._route(
                view.framework,
                (verb.upper(),),
                handler,
                f"{handler.facts.module}:{handler.qualname}",
                mount,
                local,
                auth,
                None,
                is_suffix,
                view.automatic((verb.upper(),), routed),
            )

    def _external_class_routes(self, cls: External, entry: Entry) -> Iterator[Route]:
        """``TemplateView.as_view(template_name=...)`` straight in a urlconf; a package's own
        view class (drf-spectacular's ``SpectacularAPIView``) read from where it is installed."""
        module, _, name = cls.dotted.rpartition(".")
        table = DRF_VIEW_METHODS if module.startswith("rest_framework") else DJANGO_VIEW_METHODS
        verbs = GRAPHQL_METHODS if cls.dotted in GRAPHQL_VIEWS else table.get(name)
        if not verbs and not module.startswith(("django.", "rest_framework.")):
            installed = library_symbol(self.symbols, cls.dotted)
            if isinstance(installed, ClassSym):
                yield from self._class_view_routes(installed, None, entry)
            return
        if not verbs:
            return
        _, auth = self._wrapper_facts(entry.wrappers, ())
        if module.startswith("rest_framework"):
            auth = self._drf_auth(entry.mount.settings, None, None) + auth
        site = entry.site
        for verb in verbs:
            handler = Handler(site.facts, f"{name}.{verb}", site.span, site.span, None)
            # as a project's class of theirs would (ViewClass.automatic); GraphQL's: none
            automatic = (
                ()
                if cls.dotted in GRAPHQL_VIEWS
                else (*head_beside_get((verb.upper(),)), "OPTIONS")
            )
            yield self._route(
                "drf" if module.startswith("rest_framework") else "django",
                (verb.upper(),),
                handler,
                f"{module}:{name}.{verb}",
                entry.mount,
                entry.local,
                auth,
                None,
                entry.is_suffix,
                automatic,
            )

    def _action_route(
        self,
        view: ViewClass,
        action: str,
        verbs: list[str],
        routed: Collection[str],
        mount: Mount,
        local: str,
        extra_auth: list[AuthRequirement],
        is_suffix: bool,
        override: tuple[ModuleFacts, ast.Call] | None = None,
    ) -> Iterator[Route]:
        handler = view.handler(action)
        if handler is None:
            return
        # dispatch serves only what http_method_names has, whatever the actions map
        allowed = view.allowed()
        methods = clean_methods(v for v in verbs if v in allowed)
        if not methods:
            return
        yield self._route(
            view.framework,
            methods,
            handler,
            f"{handler.facts.module}:{handler.qualname}",
            mount,
            local,
            extra_auth + view.auth(mount.settings, action, override),
            decorator_span_of(handler.facts, handler.fn, "action") if handler.fn else None,
            is_suffix,
            view.automatic(methods, routed),
        )

"""DRF routers: ``router.register`` calls and the routes ``router.urls`` holds."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace

from ....core.model import Route, Span
from ....core.syntax import keyword_value
from ...facts import CallFacts, ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym, External
from ..common import arg, assigns_of_kind
from .class_views import ClassViewRoutes
from .paths import fragment, route_path, suffixed
from .records import Handler, Mount, Router
from .router_overrides import ViewsetRoute, ViewsetRoutes, overrides
from .router_shapes import DRF_ROUTES, router_shapes
from .routes import group_actions
from .view_class import ViewClass

ROUTER_CLASSES = frozenset(
    {
        "rest_framework.routers.DefaultRouter",
        "rest_framework.routers.SimpleRouter",
    }
)


class RouterRoutes(ClassViewRoutes):
    """DRF routers and the viewsets they register."""

    def _collect_routers(self) -> None:
        for facts in self.ctx.modules:
            for scope, name, value in assigns_of_kind(self.ctx, facts, ROUTER_CLASSES):
                ctor = self.symbols.follow(self.symbols.resolve_expr(facts, scope, value.func))
                bases: list[str] = []
                if isinstance(ctor, External):
                    bases = [ctor.dotted]
                elif isinstance(ctor, ClassSym):
                    bases = self.symbols.class_bases(ctor)
                kinds = [b for b in bases if b in ROUTER_CLASSES]
                if not kinds:
                    continue
                sym = Assigned(facts, scope, name)
                router = Router(sym, ctor, kinds[0].endswith("DefaultRouter"))
                slash = keyword_value(value, "trailing_slash")
                if slash is not None:
                    v = self.symbols.evaluate(facts, scope, slash)
                    router.trailing_slash = "" if v is False or v == "" else "/"
                use_regex = keyword_value(value, "use_regex_path")
                if use_regex is not None:
                    router.regex = self.symbols.evaluate(facts, scope, use_regex) is not False
                if isinstance(ctor, ClassSym):  # its own routes list, or DRF's changed
                    router.shapes = router_shapes(self.symbols, ctor)
                    if overrides(self.symbols, ctor):  # routes chosen per viewset
                        router.per_viewset = ViewsetRoutes(
                            self.symbols,
                            ctor,
                            router,
                            lambda c: ViewClass(self, c).extra_actions(),
                            lambda c, a: ViewClass(self, c).has_action(a),
                            lambda c, r=router: ViewClass(self, c).lookup(r.regex),  # type: ignore[misc]
                        )
                if isinstance(ctor, ClassSym):  # a project router class switching them off
                    for klass in reversed(self.symbols.class_chain(ctor)):
                        fields = klass.facts.classes[klass.qualname].fields
                        for attr in ("include_root_view", "include_format_suffixes"):
                            entry = fields.get(attr)
                            if entry is None or entry[1] is None:
                                continue
                            on = self.symbols.evaluate(klass.facts, klass.qualname, entry[1])
                            if attr == "include_root_view":
                                router.root_view = on is not False
                            else:
                                router.format_suffixes = on is not False
                self.routers[sym.key] = router
        if not self.routers:
            return
        for facts in self.ctx.modules:
            for call, keys in self._registers_in(facts):
                target = next((self.routers[k] for k in keys if k in self.routers), None)
                if target is not None:
                    target.registry.append((facts, call.scope, call.node))

    def _registers_in(
        self, facts: ModuleFacts
    ) -> tuple[tuple[CallFacts, tuple[tuple[str, str, str], ...]], ...]:
        """Per module, memoised: each ``x.register(...)`` and the assignments ``x`` can be."""

        def compute() -> tuple[tuple[CallFacts, tuple[tuple[str, str, str], ...]], ...]:
            return tuple(
                (
                    call,
                    tuple(
                        sym.key
                        for sym in self.ctx.objects(facts, call.scope, call.receiver)
                        if isinstance(sym, Assigned)
                    ),
                )
                for call in facts.calls
                if call.method == "register"
            )

        return self.ctx.per_module("django.registers", facts, compute)

    def _router(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> Router | None:
        for sym in self.ctx.objects(facts, scope, expr):
            if isinstance(sym, Assigned) and sym.key in self.routers:
                return self.routers[sym.key]
        return None

    def _router_routes(self, router: Router, mount: Mount) -> Iterator[Route]:
        suffix = mount.suffix or (router.default and router.format_suffixes)
        inner = replace(mount, suffix=False)
        for facts, scope, call in router.registry:
            prefix = self.symbols.evaluate_str(facts, scope, arg(call, 0, "prefix"))
            target = arg(call, 1, "viewset")
            if prefix is None or target is None:
                continue
            cls = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
            if not isinstance(cls, ClassSym):
                continue
            view = ViewClass(self, cls)
            lookup = view.lookup(router.regex)
            extras = view.extra_actions()
            shapes: list[ViewsetRoute] = []
            chosen = router.per_viewset.routes(cls) if router.per_viewset is not None else None
            if chosen is not None:  # the router's get_routes & co, followed
                lookup, shapes = chosen
            for route in (router.shapes or DRF_ROUTES) if chosen is None else ():
                if route.mapping is not None:
                    shapes.append((route.url, list(route.mapping), None))
                    continue
                shapes += [  # a DynamicRoute: one route per @action of its kind
                    (
                        route.url.replace("{url_path}", x.url_path),
                        [(v, x.name) for v in x.verbs],
                        x.call,
                    )
                    for x in extras
                    if x.detail == route.detail
                ]
            for shape, mapping, override in shapes:
                # get_method_map has bound them where the router's own methods were followed
                bound = mapping if chosen else [(v, a) for v, a in mapping if view.has_action(a)]
                if not bound:
                    continue
                raw = shape.replace("{trailing_slash}", router.trailing_slash)
                raw = raw.replace("{lookup}", lookup)
                raw = raw.replace("{prefix}", prefix)
                if not router.regex:
                    raw = raw[1:-1]
                if not prefix:
                    raw = raw[1:] if not router.regex and raw.startswith("/") else raw
                    raw = "^" + raw[2:] if raw.startswith("^/") else raw
                variants = [(raw, False)] + (
                    [(suffixed(raw, router.regex), True)] if suffix else []
                )
                for raw_path, is_suffix in variants:
                    sub = self._sub_mount(inner, raw_path, router.regex)
                    local = fragment(raw_path, router.regex)
                    routed = {v for v, _ in bound}
                    for action, verbs in group_actions([(v, a) for v, a in bound]):
                        yield from self._action_route(
                            view, action, verbs, routed, sub, local, [], is_suffix, override
                        )
        if router.default and router.root_view:
            yield from self._api_root(router, inner, suffix)

    def _api_root(self, router: Router, mount: Mount, suffix: bool) -> Iterator[Route]:
        facts = router.sym.facts
        line = facts.assign_lines.get((router.sym.scope, router.sym.name), 0)
        text_span = Span.of(line, 0, line, len(router.sym.name))
        handler = Handler(facts, router.sym.name, text_span, text_span, None)
        auth = self._drf_auth(mount.settings, None, None)
        for raw, is_suffix in [("", False)] + ([(suffixed("", False), True)] if suffix else []):
            sub = self._sub_mount(mount, raw, False)
            yield self._route(
                "drf",
                ("GET",),
                handler,
                "rest_framework.routers:APIRootView.get",
                sub,
                route_path(raw),
                auth,
                None,
                is_suffix,
                ("HEAD", "OPTIONS"),  # an APIView: View.setup's head, APIView.options
            )

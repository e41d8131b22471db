"""A DRF router class that overrides ``get_routes``, ``get_method_map`` or ``get_lookup_regex``:
the routes it gives each registered viewset, read by the bounded evaluator.

DRF's ``get_urls`` asks, per viewset, ``get_routes(viewset)`` (the routes list with each
``DynamicRoute`` made into one route per ``@action`` of its kind), ``get_method_map(viewset,
route.mapping)`` (the mapping's actions the viewset has) and ``get_lookup_regex(viewset)``.
A project override is followed on an :class:`Instance` of the router (its ``routes`` as
:mod:`.router_shapes` found them, ``trailing_slash``); DRF's own methods, reached through
``super()`` or ``self``, are modelled here (:class:`Native`), never run. The common forms:
``super().get_routes(viewset) + [Route(...)]``, the list filtered on the viewset's attributes
(``getattr(viewset, "bulk", False)``, ``issubclass(viewset, ...)``), a lookup regex by the
viewset's ``lookup_field``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from ...evaluator import Evaluator, Instance, Namespace, Native, Super
from ...facts import ModuleFacts
from ...libraries import class_has, full_class_chain
from ...symbol_types import UNKNOWN, ClassSym, External
from ...symbols import Symbols
from .evaluation import is_subclass
from .records import Action, Router
from .router_shapes import DRF_ROUTERS, DRF_ROUTES, ROUTE_TYPES, RouteShape, as_value, route_call

OVERRIDES = ("get_routes", "get_method_map", "get_lookup_regex")
# the classes whose methods are modelled here: the chain stops at them
_MODELLED = frozenset({*DRF_ROUTERS, "rest_framework.routers.BaseRouter"})

# one route for a viewset: its url (with {prefix}, {lookup}, {trailing_slash}), the verbs and
# actions bound, the ``@action`` decorator it comes from (its permission_classes=)
ViewsetRoute = tuple[str, list[tuple[str, str]], tuple[ModuleFacts, ast.Call] | None]


def overrides(symbols: Symbols, cls: ClassSym) -> bool:
    """Whether a project class of the router's chain defines one of :data:`OVERRIDES`."""
    return any(
        name in klass.facts.classes[klass.qualname].methods
        for klass in symbols.class_chain(cls)
        for name in OVERRIDES
    )


class ViewsetRoutes:
    """The routes a router of project class ``cls`` builds for one viewset; the viewset's
    ``@action`` methods, actions and lookup come from the caller (:class:`ViewClass`)."""

    def __init__(
        self,
        symbols: Symbols,
        cls: ClassSym,
        router: Router,
        actions: Callable[[ClassSym], list[Action]],
        has_action: Callable[[ClassSym, str], bool],
        lookup: Callable[[ClassSym], str],
    ) -> None:
        self.symbols, self.cls, self.router = symbols, cls, router
        self.actions, self.has_action, self.lookup = actions, has_action, lookup
        self.evaluator = Evaluator(
            symbols,
            attribute=self._attribute,
            calls=lambda name, args, kwargs: route_call(name, args, kwargs),
            is_subclass=self._is_subclass,
            has_attribute=self._has_attribute,
            chain=lambda c: full_class_chain(symbols, c, _MODELLED),
            max_steps=5_000,
        )

    def routes(self, viewset: ClassSym) -> tuple[str, list[ViewsetRoute]] | None:
        """(the lookup, the routes) for ``viewset``; None when the overrides cannot be
        followed (the caller keeps DRF's own)."""
        shapes = self.router.shapes or DRF_ROUTES
        instance = Instance(
            {
                "routes": [as_value(s) for s in shapes],
                "trailing_slash": self.router.trailing_slash,
                "_use_regex": self.router.regex,
            },
            cls=self.cls,
        )
        ev = self.evaluator
        lookup = ev.apply(ev.attribute(instance, "get_lookup_regex"), [viewset], {})
        routes = ev.apply(ev.attribute(instance, "get_routes"), [viewset], {})
        if not isinstance(lookup, str) or not isinstance(routes, (list, tuple)):
            return None
        out: list[ViewsetRoute] = []
        method_map = ev.attribute(instance, "get_method_map")
        for route in routes:
            if not isinstance(route, Namespace) or not isinstance(route.attrs.get("url"), str):
                return None
            mapping = ev.apply(method_map, [viewset, route.attrs.get("mapping")], {})
            if not isinstance(mapping, dict):
                return None
            pairs = [(str(k).lower(), v) for k, v in mapping.items() if isinstance(v, str)]
            out.append((route.attrs["url"], pairs, route.attrs.get("_call")))
        return lookup, out

    # --- DRF's own methods, as the installed SimpleRouter has them ---------------------------

    def _get_routes(self, instance: Instance, viewset: Any) -> Any:
        routes = instance.attrs.get("routes")
        if not isinstance(viewset, ClassSym) or not isinstance(routes, (list, tuple)):
            return UNKNOWN
        out: list[Any] = []
        for route in routes:
            if not isinstance(route, Namespace):
                return UNKNOWN
            if "mapping" in route.attrs:
                out.append(route)
                continue
            url, detail = route.attrs.get("url"), route.attrs.get("detail")
            if not isinstance(url, str):
                return UNKNOWN
            for action in self.actions(viewset):
                if action.detail != detail:
                    continue
                made = as_value(
                    RouteShape(
                        url.replace("{url_path}", action.url_path),
                        tuple((v, action.name) for v in action.verbs),
                        action.detail,
                    )
                )
                made.attrs["_call"] = action.call
                out.append(made)
        return out

    def _get_method_map(self, viewset: Any, mapping: Any) -> Any:
        if not isinstance(viewset, ClassSym) or not isinstance(mapping, dict):
            return UNKNOWN
        return {
            m: a for m, a in mapping.items() if isinstance(a, str) and self.has_action(viewset, a)
        }

    def _get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> Any:
        if not isinstance(viewset, ClassSym) or lookup_prefix:
            return UNKNOWN
        return self.lookup(viewset)

    # --- hooks ------------------------------------------------------------------------------

    def _attribute(self, value: Any, attr: str) -> Any:
        if isinstance(value, Super):
            instance = value.instance
            if attr == "get_routes":
                return Native(lambda viewset: self._get_routes(instance, viewset))
            if attr == "get_method_map":
                return Native(self._get_method_map)
            if attr == "get_lookup_regex":
                return Native(self._get_lookup_regex)
            return UNKNOWN
        if isinstance(value, External) and value.dotted in DRF_ROUTERS and attr == "routes":
            return [as_value(s) for s in DRF_ROUTES]
        if isinstance(value, Namespace) and attr == "_replace" and "url" in value.attrs:
            return Native(lambda **changes: Namespace({**value.attrs, **changes}))
        if isinstance(value, ClassSym) and attr == "get_extra_actions":
            return Native(lambda: [_action_value(a) for a in self.actions(value)])
        return UNKNOWN

    def _is_subclass(self, value: Any, base: Any) -> bool | None:
        if isinstance(value, Namespace) and isinstance(base, External):
            if base.dotted not in ROUTE_TYPES:
                return None
            kind = "Route" if "mapping" in value.attrs else "DynamicRoute"
            return base.dotted.rsplit(".", 1)[-1] == kind
        return is_subclass(self.symbols, value, base)

    def _has_attribute(self, value: Any, attr: str) -> bool | None:
        if not isinstance(value, ClassSym):
            return None
        if self.has_action(value, attr):
            return True
        return class_has(self.symbols, value, attr)


def _action_value(action: Action) -> Namespace:
    """What ``viewset.get_extra_actions()`` holds for one ``@action``: the method, with the
    attributes the decorator sets."""
    return Namespace(
        {
            "__name__": action.name,
            "detail": action.detail,
            "url_path": action.url_path,
            "url_name": action.url_path.replace("_", "-"),
            "mapping": {v: action.name for v in action.verbs},
            "kwargs": {},
        }
    )

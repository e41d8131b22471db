"""The routes list of a DRF router class: DRF's own, or what a project subclass makes of it.

``SimpleRouter.routes`` is four shapes (the list route, the list ``@action`` routes, the detail
route, the detail ``@action`` routes). A project router may define its own ``routes`` list
(``Route(url=..., mapping=...)``, ``DynamicRoute(...)``, built on ``SimpleRouter.routes``) or
change it in ``__init__`` (NetBox's ``self.routes[0].mapping.update({"put": "bulk_update",
...})``): the class bodies and ``__init__`` methods are followed by the bounded evaluator,
ancestors first, never run.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from ...evaluator import Evaluator, Namespace
from ...symbol_types import UNKNOWN, ClassSym, External, FunctionSym
from ...symbols import Symbols
from .generic_views import DETAIL_ROUTE, LIST_ROUTE

ROUTE_TYPES = frozenset({"rest_framework.routers.Route", "rest_framework.routers.DynamicRoute"})
DRF_ROUTERS = frozenset(
    {"rest_framework.routers.SimpleRouter", "rest_framework.routers.DefaultRouter"}
)
_FIELDS = {
    "Route": ("url", "mapping", "name", "detail", "initkwargs"),
    "DynamicRoute": ("url", "name", "detail", "initkwargs"),
}


@dataclass(frozen=True)
class RouteShape:
    url: str  # with {prefix}, {lookup}, {trailing_slash} (and {url_path} when dynamic)
    mapping: tuple[tuple[str, str], ...] | None  # verb -> action; None for a DynamicRoute
    detail: bool


DRF_ROUTES = (
    RouteShape("^{prefix}{trailing_slash}$", LIST_ROUTE, False),
    RouteShape("^{prefix}/{url_path}{trailing_slash}$", None, False),
    RouteShape("^{prefix}/{lookup}{trailing_slash}$", DETAIL_ROUTE, True),
    RouteShape("^{prefix}/{lookup}/{url_path}{trailing_slash}$", None, True),
)


def route_call(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``Route(...)``/``DynamicRoute(...)`` as the namespace of its fields."""
    if name not in ROUTE_TYPES:
        return UNKNOWN
    attrs = dict(zip(_FIELDS[name.rsplit(".", 1)[-1]], args, strict=False)) | kwargs
    return Namespace(attrs)


def as_value(shape: RouteShape) -> Namespace:
    attrs: dict[str, Any] = {"url": shape.url, "detail": shape.detail, "initkwargs": {}}
    if shape.mapping is not None:
        attrs["mapping"] = dict(shape.mapping)
    return Namespace(attrs)


def _as_shape(value: Any) -> RouteShape | None:
    if not isinstance(value, Namespace):
        return None
    url, mapping, detail = (value.attrs.get(k) for k in ("url", "mapping", "detail"))
    if not isinstance(url, str) or not isinstance(detail, bool):
        return None
    if "mapping" not in value.attrs:
        return RouteShape(url, None, detail)
    if not isinstance(mapping, dict):
        return None
    pairs = tuple((str(k).lower(), v) for k, v in mapping.items() if isinstance(v, str))
    return RouteShape(url, pairs, detail)


def router_shapes(symbols: Symbols, cls: ClassSym) -> tuple[RouteShape, ...]:
    """The routes a router of project class ``cls`` builds for each registered viewset; DRF's
    own where the class changes nothing the evaluator can follow."""

    def attribute(value: Any, attr: str) -> Any:
        if isinstance(value, External) and value.dotted in DRF_ROUTERS and attr == "routes":
            return [as_value(s) for s in DRF_ROUTES]
        return UNKNOWN

    evaluator = Evaluator(symbols, attribute=attribute, calls=route_call, max_steps=5_000)
    routes: Any = [as_value(s) for s in DRF_ROUTES]
    prop: FunctionSym | None = None  # ``@property def routes(self)``
    for klass in symbols.class_chain(cls, bases_first=True):
        info = klass.facts.classes[klass.qualname]
        entry = info.fields.get("routes")
        if entry is not None and entry[1] is not None:
            own = evaluator.value(klass.facts, klass.qualname, entry[1])
            routes, prop = (own if isinstance(own, (list, tuple)) else UNKNOWN), None
        method = info.methods.get("routes")
        if method is not None and any(
            isinstance(d, ast.Name) and d.id == "property" for d in method.decorators
        ):
            prop = FunctionSym(klass.facts, method.qualname)
    instance = Namespace({"routes": list(routes) if isinstance(routes, tuple) else routes})
    if prop is not None:
        instance.attrs["routes"] = evaluator.apply(prop, [instance], {})
    for klass in symbols.class_chain(cls, bases_first=True):
        init = f"{klass.qualname}.__init__"
        if init in klass.facts.functions:
            evaluator.apply(FunctionSym(klass.facts, init), [instance], {})
    final = instance.attrs.get("routes")
    if not isinstance(final, (list, tuple)):
        return DRF_ROUTES
    shapes = [_as_shape(v) for v in final]
    if not shapes or not all(shapes):
        return DRF_ROUTES
    return tuple(s for s in shapes if s is not None)

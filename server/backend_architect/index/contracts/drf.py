"""What a DRF view adds to its contract: the action a handler is (a viewset's ``list``, a
generic view's ``get`` through ``ListModelMixin``), the paginator that wraps a list (the view's
``pagination_class``, else ``REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]``) with its query
parameters and its response shape, and ``@extend_schema(request=..., responses=...)``."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...core.model import Route
from ...core.syntax import keyword_value
from ...index.facts import FunctionFacts, ModuleFacts
from ...index.project import ProjectIndex
from ...index.symbol_types import ClassSym, External
from .json_schema import JsonSchema

# a generic view's method -> the mixin that gives it and the action it runs
_MIXIN_ACTIONS = {
    ("GET", "ListModelMixin"): "list",
    ("GET", "RetrieveModelMixin"): "retrieve",
    ("POST", "CreateModelMixin"): "create",
    ("PUT", "UpdateModelMixin"): "update",
    ("PATCH", "UpdateModelMixin"): "partial_update",
    ("DELETE", "DestroyModelMixin"): "destroy",
}
# DRF's concrete generic views, by the mixins they combine (external classes: no bases to read)
_GENERIC_MIXINS = {
    "CreateAPIView": ("CreateModelMixin",),
    "ListAPIView": ("ListModelMixin",),
    "RetrieveAPIView": ("RetrieveModelMixin",),
    "DestroyAPIView": ("DestroyModelMixin",),
    "UpdateAPIView": ("UpdateModelMixin",),
    "ListCreateAPIView": ("ListModelMixin", "CreateModelMixin"),
    "RetrieveUpdateAPIView": ("RetrieveModelMixin", "UpdateModelMixin"),
    "RetrieveDestroyAPIView": ("RetrieveModelMixin", "DestroyModelMixin"),
    "RetrieveUpdateDestroyAPIView": (
        "RetrieveModelMixin",
        "UpdateModelMixin",
        "DestroyModelMixin",
    ),
}
_PAGINATORS = {
    "PageNumberPagination": "page",
    "LimitOffsetPagination": "limit",
    "CursorPagination": "cursor",
}


@dataclass
class Paginator:
    kind: str  # page | limit | cursor
    size_param: str | None = None  # ``page_size_query_param``

    def parameters(self) -> list[JsonSchema]:
        names = {"page": ["page"], "limit": ["limit", "offset"], "cursor": ["cursor"]}[self.kind]
        if self.size_param:
            names.append(self.size_param)
        kinds = {"cursor": {"type": "string"}}
        return [
            {
                "name": n,
                "in": "query",
                "required": False,
                "schema": kinds.get(n, {"type": "integer"}),
            }
            for n in names
        ]

    def wrap(self, items: JsonSchema) -> JsonSchema:
        link = {"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}]}
        props: JsonSchema = {"next": link, "previous": link, "results": items}
        required = ["results"]
        if self.kind != "cursor":
            props = {"count": {"type": "integer"}, **props}
            required = ["count", "results"]
        return {"type": "object", "properties": props, "required": required}


def view_class(index: ProjectIndex, route: Route) -> ClassSym | None:
    facts = index.facts(route.file)
    owner = route.handler.partition(":")[2].rpartition(".")[0]
    if facts is None or owner not in facts.classes:
        return None
    return ClassSym(facts, owner)


def action(index: ProjectIndex, route: Route, name: str, method: str) -> str:
    """The DRF action a handler runs: a viewset's method name, or what a generic view's
    ``get``/``post``... does through its mixins."""
    if name not in ("get", "post", "put", "patch", "delete"):
        return name
    cls = view_class(index, route)
    if cls is None:
        return name
    bases = {b.rsplit(".", 1)[-1] for b in index.symbols.class_bases(cls)}
    for base in list(bases):
        bases.update(_GENERIC_MIXINS.get(base, ()))
    for (m, mixin), act in _MIXIN_ACTIONS.items():
        if m == method and mixin in bases and not _defines(index, cls, name):
            return act
    return name


def _defines(index: ProjectIndex, cls: ClassSym, name: str) -> bool:
    return any(f"{c.qualname}.{name}" in c.facts.functions for c in index.symbols.class_chain(cls))


def class_attr(
    index: ProjectIndex, cls: ClassSym, attr: str
) -> tuple[ModuleFacts, str, ast.expr] | None:
    for c in index.symbols.class_chain(cls):
        value = c.facts.assigns.get((c.qualname, attr))
        if value is not None:
            return c.facts, c.qualname, value
    return None


def paginator(index: ProjectIndex, route: Route) -> Paginator | None:
    cls = view_class(index, route)
    if cls is None:
        return None
    found = class_attr(index, cls, "pagination_class")
    if found is not None:
        facts, scope, expr = found
        if isinstance(expr, ast.Constant) and expr.value is None:
            return None
        return _paginator_of(index, facts, scope, expr)
    dotted = _default_paginator(index)
    if dotted is None:
        return None
    kind = _PAGINATORS.get(dotted.rsplit(".", 1)[-1])
    return Paginator(kind) if kind else None


def _paginator_of(
    index: ProjectIndex, facts: ModuleFacts, scope: str, expr: ast.expr
) -> Paginator | None:
    sym = index.symbols.follow(index.symbols.resolve_expr(facts, scope, expr))
    if isinstance(sym, External):
        kind = _PAGINATORS.get(sym.dotted.rsplit(".", 1)[-1])
        return Paginator(kind) if kind else None
    if not isinstance(sym, ClassSym):
        return None
    names = [b.rsplit(".", 1)[-1] for b in index.symbols.class_bases(sym)]
    kind = next((_PAGINATORS[n] for n in names if n in _PAGINATORS), None)
    if kind is None:
        return None
    size = class_attr(index, sym, "page_size_query_param")
    size_param = None
    if size is not None and isinstance(size[2], ast.Constant) and isinstance(size[2].value, str):
        size_param = size[2].value
    return Paginator(kind, size_param)


def _default_paginator(index: ProjectIndex) -> str | None:
    value = rest_framework_setting(index, "DEFAULT_PAGINATION_CLASS")
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None


def rest_framework_setting(index: ProjectIndex, key: str) -> ast.expr | None:
    """``REST_FRAMEWORK[key]`` as the settings module writes it."""
    for state in index.files.values():
        facts = state.facts
        if facts is None or ("", "REST_FRAMEWORK") not in facts.assigns:
            continue
        value = facts.assigns[("", "REST_FRAMEWORK")]
        if isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values, strict=False):
                if isinstance(k, ast.Constant) and k.value == key:
                    return v
    return None


@dataclass
class ExtendSchema:
    request: ast.expr | None
    responses: dict[int, ast.expr | None]


def extend_schema(fn: FunctionFacts) -> ExtendSchema | None:
    """``@extend_schema(request=S, responses={201: S})`` (or ``responses=S``) on a handler."""
    for dec in fn.node.decorator_list:
        if not isinstance(dec, ast.Call):
            continue
        func = dec.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name != "extend_schema":
            continue
        responses: dict[int, ast.expr | None] = {}
        given = keyword_value(dec, "responses")
        if isinstance(given, ast.Dict):
            for k, v in zip(given.keys, given.values, strict=False):
                if isinstance(k, ast.Constant) and isinstance(k.value, int):
                    responses[k.value] = None if _is_none(v) else v
        elif given is not None:
            responses[0] = None if _is_none(given) else given  # 0: the default status
        return ExtendSchema(keyword_value(dec, "request"), responses)
    return None


def _is_none(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None

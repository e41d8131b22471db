"""Flask-RESTX models as JSON Schema, the way RESTX's own Swagger document writes them:
``api.model("Name", {...fields...})`` (or ``ns.model``, ``Model(...)``) is a component named
``Name``; ``api.inherit("Child", parent, {...})`` an ``allOf`` of the parent and the fields;
each field's type and format, ``required``, ``readonly`` as ``readOnly``, ``default``,
``min``/``max``, ``min_length``/``max_length``, ``pattern``, ``enum``, ``Nested`` (``as_list``)
and ``List`` items. A model read from the source, never by importing it."""

from __future__ import annotations

import ast
from typing import Any

from ...core.syntax import keyword_value
from ...index.facts import ModuleFacts, Scope
from ...index.symbol_types import Assigned
from ..models.annotations import last_dotted_part
from .constraints import NO_VALUE, literal
from .serializer_schema import SchemaBuilder

JsonSchema = dict[str, Any]

_TYPES: dict[str, JsonSchema] = {
    "String": {"type": "string"},
    "Integer": {"type": "integer"},
    "Float": {"type": "number"},
    "Arbitrary": {"type": "number"},
    "Fixed": {"type": "number"},
    "Boolean": {"type": "boolean"},
    "DateTime": {"type": "string", "format": "date-time"},
    "Date": {"type": "string", "format": "date"},
    "Url": {"type": "string"},
    "FormattedString": {"type": "string"},
    "ClassName": {"type": "string"},
    "Raw": {"type": "object"},
}
_KEYWORDS = {
    "description": "description",
    "title": "title",
    "default": "default",
    "example": "example",
    "pattern": "pattern",
    "min_length": "minLength",
    "max_length": "maxLength",
    "min_items": "minItems",
    "max_items": "maxItems",
    "min": "minimum",
    "max": "maximum",
    "multiple": "multipleOf",
}
_MODEL_CALLS = {"model", "inherit", "Model", "clone"}


def restx_model(
    builder: SchemaBuilder, expr: ast.expr, facts: ModuleFacts, scope: Scope, depth: int = 0
) -> JsonSchema | None:
    """``todo`` (a name bound to ``api.model(...)``), or ``[todo]``: its schema, the model a
    component; None if ``expr`` is no RESTX model."""
    if depth > 8:
        return None
    if isinstance(expr, ast.List) and len(expr.elts) == 1:
        item = restx_model(builder, expr.elts[0], facts, scope, depth + 1)
        return None if item is None else {"type": "array", "items": item}
    if isinstance(expr, ast.Call):
        call, c_facts, c_scope = expr, facts, scope
    else:
        sym = builder.resolve(expr, facts, scope)
        if not isinstance(sym, Assigned) or not isinstance(sym.value, ast.Call):
            return None
        call, c_facts, c_scope = sym.value, sym.facts, sym.scope
    kind = last_dotted_part(call.func)
    name = literal(call.args[0]) if call.args else NO_VALUE
    if kind not in _MODEL_CALLS or not isinstance(name, str):
        return None
    return builder.component(
        name,
        f"{c_facts.module}:{name} (restx)",
        c_facts.module,
        lambda: _model(builder, kind, call, c_facts, c_scope, depth),
    )


def _model(
    builder: SchemaBuilder, kind: str, call: ast.Call, facts: ModuleFacts, scope: Scope, depth: int
) -> JsonSchema:
    args = call.args[1:]
    fields_expr = args[-1] if args and isinstance(args[-1], ast.Dict) else None
    schema = _object(builder, fields_expr, facts, scope, depth)
    if kind in ("inherit", "clone") and args[:-1]:
        parents = [restx_model(builder, p, facts, scope, depth + 1) for p in args[:-1]]
        refs = [p for p in parents if p is not None]
        if kind == "inherit":
            return {"allOf": [*refs, schema]}
        merged: JsonSchema = {"properties": {}, "type": "object"}
        for ref in refs:
            parent = builder.components.get(ref["$ref"].rsplit("/", 1)[-1], {})  # ``clone``
            merged["properties"].update(parent.get("properties", {}))
        merged["properties"].update(schema["properties"])
        return merged
    return schema


def _object(
    builder: SchemaBuilder, node: ast.Dict | None, facts: ModuleFacts, scope: Scope, depth: int
) -> JsonSchema:
    properties: dict[str, JsonSchema] = {}
    required: list[str] = []
    for key, value in zip(node.keys if node else [], node.values if node else [], strict=True):
        name = literal(key)
        if not isinstance(name, str):
            continue
        properties[name] = field_schema(builder, value, facts, scope, depth)
        if isinstance(value, ast.Call) and literal(keyword_value(value, "required")) is True:
            required.append(name)
    out: JsonSchema = {}
    if required:
        out["required"] = required
    out["properties"] = properties
    out["type"] = "object"
    return out


def field_schema(
    builder: SchemaBuilder, expr: ast.expr, facts: ModuleFacts, scope: Scope, depth: int
) -> JsonSchema:
    """One RESTX field: ``fields.String(required=True)`` or the bare class ``fields.String``."""
    call = expr if isinstance(expr, ast.Call) else None
    kind = last_dotted_part(call.func if call is not None else expr)
    if kind == "Nested" and call is not None and call.args:
        target = restx_model(builder, call.args[0], facts, scope, depth + 1)
        out: JsonSchema = target or {"x-unresolved": ast.unparse(call.args[0])}
        if literal(keyword_value(call, "as_list")) is True:
            out = {"type": "array", "items": out}
    elif kind == "List" and call is not None and call.args:
        out = {"type": "array", "items": field_schema(builder, call.args[0], facts, scope, depth)}
    elif kind in _TYPES:
        out = dict(_TYPES[kind])
    else:
        return {"x-unresolved": kind, "description": f"unresolved field: {kind}"}
    if call is None:
        return out
    for kw in call.keywords:
        value = literal(kw.value)
        if value is NO_VALUE or value is None:
            continue
        if kw.arg in _KEYWORDS:
            out[_KEYWORDS[kw.arg]] = value
        elif kw.arg == "readonly" and value is True:
            out["readOnly"] = True
        elif kw.arg == "enum" and isinstance(value, list):
            out["enum"] = value
            out.setdefault("example", value[0] if value else None)
        elif kw.arg == "exclusiveMin" and value is True and "minimum" in out:
            out["exclusiveMinimum"] = out.pop("minimum")
        elif kw.arg == "exclusiveMax" and value is True and "maximum" in out:
            out["exclusiveMaximum"] = out.pop("maximum")
    return out


_ARG_TYPES: dict[str, JsonSchema] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime_from_iso8601": {"type": "string", "format": "date-time"},
    "date_from_iso8601": {"type": "string", "format": "date"},
    "FileStorage": {"type": "file"},
}
_ARG_LOCATIONS = {"args": "query", "values": "query", "headers": "header", "cookies": "cookie"}


def parser_parameters(
    index: Any, builder: SchemaBuilder, expr: ast.expr, facts: ModuleFacts, scope: Scope
) -> list[JsonSchema] | None:
    """``@ns.expect(parser)``: the query, header and cookie parameters its ``add_argument``
    calls declare (statements of the module that makes the parser), as RESTX documents them;
    None if ``expr`` is no ``RequestParser``. ``index``: the project index (its parse cache)."""
    sym = builder.resolve(expr, facts, scope)
    if not isinstance(sym, Assigned) or not isinstance(sym.value, ast.Call):
        return None
    if last_dotted_part(sym.value.func) not in ("RequestParser", "parser", "copy"):
        return None
    name = expr.id if isinstance(expr, ast.Name) else getattr(expr, "attr", "")
    parsed = index.parsed(sym.facts.path)
    if parsed is None or parsed.tree is None:
        return []
    out: list[JsonSchema] = []
    for stmt in parsed.tree.body:
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "add_argument"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == name
            and call.args
        ):
            continue
        arg = literal(call.args[0])
        if not isinstance(arg, str):
            continue
        where = literal(keyword_value(call, "location"))
        location = _ARG_LOCATIONS.get(where if isinstance(where, str) else "values")
        if location is None:  # json / form: a body RESTX documents apart
            continue
        kind = keyword_value(call, "type")
        schema = dict(_ARG_TYPES.get(last_dotted_part(kind) if kind is not None else "str", {}))
        if not schema:
            schema = {"x-unresolved": ast.unparse(kind) if kind is not None else "?"}
        choices = literal(keyword_value(call, "choices"))
        if isinstance(choices, list):
            schema["enum"] = choices
        default = literal(keyword_value(call, "default"))
        if default is not NO_VALUE and default is not None:
            schema["default"] = default
        if literal(keyword_value(call, "action")) == "append":
            schema = {"type": "array", "items": schema}
        param: JsonSchema = {
            "name": arg,
            "in": location,
            "required": literal(keyword_value(call, "required")) is True,
            "schema": schema,
        }
        help_text = literal(keyword_value(call, "help"))
        if isinstance(help_text, str):
            param["description"] = help_text
        out.append(param)
    return out

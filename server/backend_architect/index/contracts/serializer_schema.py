"""A DRF serializer as JSON Schema, the way DRF (and drf-spectacular) describe it: each field's
type, ``readOnly``/``writeOnly``, null allowed, nested serializers as components (a list of
them with ``many=True``), and required as the response reads it (a read-only field is always
there). A partial update (PATCH) requires nothing: :func:`partial`."""

from __future__ import annotations

import ast
from typing import Any, Protocol

from ...core.model import SchemaField, SchemaModel
from ...index.facts import ModuleFacts, Scope
from ...index.symbol_types import ClassSym, Symbol

JsonSchema = dict[str, Any]


class SchemaBuilder(Protocol):
    """What this module needs of ``json_schema.SchemaBuilder`` (which imports it)."""

    by_qualname: dict[str, SchemaModel]
    components: dict[str, JsonSchema]

    def resolve(self, expr: ast.expr, facts: ModuleFacts, scope: Scope) -> Symbol: ...

    def annotation(self, expr: ast.expr | None, facts: ModuleFacts, scope: Scope) -> JsonSchema: ...

    def component(self, name: str, owner: str, module: str, make: Any) -> JsonSchema: ...


Calls = dict[str, tuple[ModuleFacts, Scope, ast.Call | None]]


def serializer_schema(
    builder: SchemaBuilder, model: SchemaModel, calls: Calls, field_schema: Any
) -> JsonSchema:
    properties: dict[str, JsonSchema] = {}
    required: list[str] = []
    for field in model.fields:
        schema = _nested(builder, field, calls.get(field.name)) or field_schema(field.annotation)
        if field.read_only:
            schema = _flag(schema, "readOnly")
        if field.write_only:
            schema = _flag(schema, "writeOnly")
        if field.nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        properties[field.name] = schema
        if field.required or field.read_only:
            required.append(field.name)
    out: JsonSchema = {"type": "object", "properties": properties, "title": model.name}
    if required:
        out["required"] = sorted(required)
    return out


def partial(builder: SchemaBuilder, schema: JsonSchema) -> JsonSchema:
    """The ``Patched<Name>`` component of a serializer's ``$ref``: nothing required."""
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema
    name = ref.rsplit("/", 1)[-1]
    target = builder.components.get(name)
    if not isinstance(target, dict) or "required" not in target:
        return schema
    patched = f"Patched{name}"
    builder.components[patched] = {
        **{k: v for k, v in target.items() if k != "required"},
        "title": patched,
    }
    return {"$ref": f"#/components/schemas/{patched}"}


def _flag(schema: JsonSchema, flag: str) -> JsonSchema:
    if "$ref" in schema:
        return {"allOf": [schema], flag: True}
    return {**schema, flag: True}


def _nested(
    builder: SchemaBuilder,
    field: SchemaField,
    found: tuple[ModuleFacts, Scope, ast.Call | None] | None,
) -> JsonSchema | None:
    """A nested serializer (``AuthorSerializer(read_only=True)``, ``many=True``) as its
    component; None for a plain field."""
    if found is None:
        return None
    facts, scope, call = found
    if call is None:
        return None
    sym = builder.resolve(call.func, facts, scope)
    if not isinstance(sym, ClassSym):
        return None
    if f"{sym.facts.module}:{sym.qualname}" not in builder.by_qualname:
        return None
    ref = builder.annotation(call.func, facts, scope)
    many = (field.annotation or "").startswith("list[")
    return {"type": "array", "items": ref} if many else ref

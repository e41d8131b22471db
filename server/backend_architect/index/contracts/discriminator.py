"""Pydantic's discriminated unions: ``Field(discriminator="kind")`` on a union of models (as a
field's value or in ``Annotated`` metadata) is a ``oneOf`` with a ``discriminator`` mapping,
each tag (the member's ``Literal`` value of that field) to its component, as pydantic writes it."""

from __future__ import annotations

import ast
from typing import Any

from ...core.syntax import keyword_value

JsonSchema = dict[str, Any]


def discriminator_of(call: ast.Call | None) -> str | None:
    value = keyword_value(call, "discriminator") if call is not None else None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return None


def apply_discriminator(
    schema: JsonSchema, call: ast.Call | None, components: dict[str, JsonSchema]
) -> JsonSchema:
    prop = discriminator_of(call)
    if prop is None:
        return schema
    members = schema.get("anyOf")
    if not isinstance(members, list):
        return schema
    nulls = [m for m in members if m == {"type": "null"}]
    refs = [m for m in members if m not in nulls]
    if not refs or not all(isinstance(m, dict) and "$ref" in m for m in refs):
        return schema
    mapping: dict[str, str] = {}
    for m in refs:
        target = components.get(m["$ref"].rsplit("/", 1)[-1], {})
        tag = target.get("properties", {}).get(prop, {})
        values = [tag["const"]] if "const" in tag else tag.get("enum", [])
        for v in values:
            mapping[str(v)] = m["$ref"]
    union: JsonSchema = {"oneOf": refs, "discriminator": {"propertyName": prop, "mapping": mapping}}
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if nulls:
        return {"anyOf": [union, *nulls], **rest}
    return {**union, **rest}

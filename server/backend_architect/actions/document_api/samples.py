"""An example value built from a JSON Schema (defaults, enums, formats), for the contract's
examples and its curl line."""

from __future__ import annotations

from typing import Any

_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "uri": "https://example.com",
    "password": "********",
    "binary": "<binary>",
}


def sample(schema: Any, components: dict[str, Any], depth: int = 0) -> Any:
    if not isinstance(schema, dict) or depth > 8:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return sample(components.get(ref.rsplit("/", 1)[-1], {}), components, depth + 1)
    if "default" in schema and schema["default"] not in ([], {}):  # an empty default shows nothing
        return schema["default"]
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s != {"type": "null"}]
        return sample(options[0], components, depth + 1) if options else None
    if "x-unresolved" in schema:
        return f"<{schema['x-unresolved']}>"
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample(s, components, depth + 1) for name, s in props.items()}
    if kind == "array":
        if "prefixItems" in schema:
            return [sample(s, components, depth + 1) for s in schema["prefixItems"]]
        return [sample(schema.get("items", {}), components, depth + 1)]
    if kind == "string":
        if "contentMediaType" in schema:
            return "<file>"
        return _FORMAT_SAMPLES.get(schema.get("format", ""), "string")
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1) or 0)
    if kind == "number":
        return float(schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1) or 0)
    if kind == "boolean":
        return True
    return None

"""What a JSON Schema allows, in the coarse terms a compatibility check needs: its JSON types
(``string`` with its format), the object it describes, the items of the array it describes,
following ``$ref``s with the resolver given and seeing through ``Optional``'s null branch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Resolve = Callable[[Any], Any]
MAX_DEPTH = 8


def json_types(schema: Any, resolve: Resolve, depth: int = 0) -> set[str] | None:
    """The JSON types a schema allows (``string`` with its format: ``string(date-time)``);
    None for "anything" or "cannot say"."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH or schema.get("x-unresolved"):
        return None
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            out: set[str] = set()
            for b in branches:
                got = json_types(b, resolve, depth + 1)
                if got is None:
                    return None
                out |= got
            return out
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1:
        return json_types(all_of[0], resolve, depth + 1)
    kind = schema.get("type")
    if kind is None and "const" in schema:
        kind = json_type(schema["const"])
    if kind is None and isinstance(schema.get("enum"), list) and schema["enum"]:
        kind = sorted({json_type(v) for v in schema["enum"]})
    if kind is None and isinstance(schema.get("properties"), dict):
        kind = "object"
    if isinstance(kind, str):
        kind = [kind]
    if not isinstance(kind, list) or not kind:
        return None
    fmt = schema.get("format")
    return {f"{k}({fmt})" if k == "string" and isinstance(fmt, str) else str(k) for k in kind}


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "string"


def covered(kind: str, within: set[str]) -> bool:
    if kind in within:
        return True
    if kind.startswith("string(") and "string" in within:
        return True  # a format narrows a string: what it sends is still a string
    return kind == "integer" and "number" in within


def show(kinds: set[str]) -> str:
    return " | ".join(sorted(kinds))


def _non_null(schema: Any, resolve: Resolve) -> dict[str, Any] | None:
    """``schema`` resolved; of an ``anyOf``/``oneOf`` with one branch besides null, that branch."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return None
    branches = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(branches, list):
        rest = [resolve(b) for b in branches if resolve(b) != {"type": "null"}]
        schema = rest[0] if len(rest) == 1 and isinstance(rest[0], dict) else {}
    return schema


def object_schema(schema: Any, resolve: Resolve) -> dict[str, Any] | None:
    """The object a schema describes (the one non-null branch of an ``Optional`` too)."""
    found = _non_null(schema, resolve)
    return found if found is not None and isinstance(found.get("properties"), dict) else None


def array_items(schema: Any, resolve: Resolve) -> Any:
    """The items of the array a schema describes (of an ``Optional`` one too)."""
    found = _non_null(schema, resolve)
    return found.get("items") if found is not None and found.get("type") == "array" else None

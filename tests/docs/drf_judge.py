"""Comparing the static document with drf-spectacular's for a DRF project: the operations, each
operation's path and query parameters, and the fields of its JSON request body and success
response (names, JSON types with the string formats, nullable, required, read-only and
write-only), nested serializers and lists followed. drf-spectacular writes OpenAPI 3.0
(``nullable: true``), the static document 3.1 (``anyOf`` with ``null``): both reduce to the same
view. Titles, descriptions, examples, numeric bounds and the error responses aside."""

from __future__ import annotations

from typing import Any

from .judge import operations, resolve

MAX_DEPTH = 6


def kind(schema: Any, doc: dict[str, Any], depth: int = 0) -> Any:
    """A schema as the judge compares it."""
    schema = resolve(schema, doc)
    if not isinstance(schema, dict):
        return None
    nullable = bool(schema.get("nullable"))
    branches = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(branches, list):
        rest = [b for b in branches if b != {"type": "null"}]
        nullable = nullable or len(rest) < len(branches)
        if len(rest) == 1:
            inner = kind(rest[0], doc, depth)
            return {**inner, "nullable": True} if nullable and isinstance(inner, dict) else inner
        return {"anyOf": [kind(b, doc, depth + 1) for b in rest], "nullable": nullable}
    if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
        inner = kind(schema["allOf"][0], doc, depth)
        return {**inner, "readOnly": bool(schema.get("readOnly")) or inner.get("readOnly", False)}
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if "null" in types:
        nullable = True
        types.remove("null")
    if not types and "enum" in schema:
        types = sorted({type(v).__name__ for v in schema["enum"] if v is not None})
    out: dict[str, Any] = {"type": sorted(types), "nullable": nullable}
    if "string" in types and isinstance(schema.get("format"), str):
        out["format"] = schema["format"]
    for flag in ("readOnly", "writeOnly"):
        if schema.get(flag):
            out[flag] = True
    if depth < MAX_DEPTH and isinstance(schema.get("properties"), dict):
        out["type"] = ["object"]
        out["properties"] = {n: kind(s, doc, depth + 1) for n, s in schema["properties"].items()}
        out["required"] = sorted(schema.get("required", []))
    if depth < MAX_DEPTH and "items" in schema:
        out["items"] = kind(schema["items"], doc, depth + 1)
    return out


def operation_view(op: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    params = {
        (p["name"], p["in"]): bool(p.get("required", False))
        for p in op.get("parameters", [])
        if p["in"] in ("path", "query")
    }
    body = op.get("requestBody")
    body_view = None
    if body is not None and "application/json" in body.get("content", {}):
        body_view = kind(body["content"]["application/json"].get("schema", {}), doc)
    success = {
        code: kind(r["content"]["application/json"].get("schema", {}), doc)
        if "application/json" in r.get("content", {})
        else None
        for code, r in op.get("responses", {}).items()
        if code.startswith("2")
    }
    return {"parameters": params, "requestBody": body_view, "success": success}


def differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    out = []
    exp_ops, found_ops = operations(expected), operations(found)
    if set(exp_ops) != set(found_ops):
        out.append(
            f"operations: missing {sorted(set(exp_ops) - set(found_ops))}, "
            f"extra {sorted(set(found_ops) - set(exp_ops))}"
        )
    for key in sorted(set(exp_ops) & set(found_ops)):
        a = operation_view(exp_ops[key], expected)
        b = operation_view(found_ops[key], found)
        for part in ("parameters", "requestBody", "success"):
            if a[part] != b[part]:
                out.append(
                    f"{key} {part}:\n  drf-spectacular {a[part]}\n  static          {b[part]}"
                )
    return out

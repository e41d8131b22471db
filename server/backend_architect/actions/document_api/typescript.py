"""TypeScript declarations of JSON Schemas, for the front end."""

from __future__ import annotations

import re
from typing import Any

_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")


def ts_type(schema: Any, depth: int = 0) -> str:
    if not isinstance(schema, dict) or schema == {} or depth > 10:
        return "unknown"
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return ts_name(ref.rsplit("/", 1)[-1])
    if "x-unresolved" in schema:
        return f"unknown /* unresolved: {schema['x-unresolved']} */"
    if "const" in schema:
        return _literal(schema["const"])
    if "enum" in schema:
        return " | ".join(_literal(v) for v in schema["enum"]) or "never"
    if "anyOf" in schema:
        return " | ".join(dict.fromkeys(ts_type(s, depth + 1) for s in schema["anyOf"]))
    kind = schema.get("type")
    if kind in ("string",):
        return "string"
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "null":
        return "null"
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(ts_type(s, depth + 1) for s in schema["prefixItems"]) + "]"
        inner = ts_type(schema.get("items", {}), depth + 1)
        return f"({inner})[]" if " " in inner else f"{inner}[]"
    if kind == "object":
        if "properties" in schema:
            return _object(schema, depth)
        extra = schema.get("additionalProperties")
        value = ts_type(extra, depth + 1) if isinstance(extra, dict) else "unknown"
        return f"Record<string, {value}>"
    return "unknown"


def _object(schema: dict[str, Any], depth: int, indent: str = "") -> str:
    required = set(schema.get("required", []))
    lines = ["{"]
    for name, prop in schema.get("properties", {}).items():
        key = name if _IDENT.match(name) else f'"{name}"'
        mark = "" if name in required else "?"
        lines.append(f"{indent}  {key}{mark}: {ts_type(prop, depth + 1)};")
    lines.append(indent + "}")
    return "\n".join(lines)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)


def ts_name(name: str) -> str:
    return re.sub(r"\W", "_", name)


def declarations(names: list[str], components: dict[str, Any]) -> str:
    """``interface``/``type`` declarations for ``names`` and every component they reach."""
    todo, seen, out = list(names), set(), []
    while todo:
        name = todo.pop(0)
        if name in seen or name not in components:
            continue
        seen.add(name)
        schema = components[name]
        todo.extend(_refs(schema))
        if schema.get("type") == "object" and "properties" in schema:
            out.append(f"export interface {ts_name(name)} {_object(schema, 0)}")
        else:
            out.append(f"export type {ts_name(name)} = {ts_type(schema)};")
    return "\n\n".join(out)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"].rsplit("/", 1)[-1]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []

"""Comparing two OpenAPI documents the way the judge tests allow: after resolving ``$ref``s,
titles, descriptions, summaries, operationIds, tags and examples aside; error responses the
static document adds aside."""

from __future__ import annotations

from typing import Any

IGNORED = {"title", "description", "summary", "operationId", "tags", "examples", "example"}


def resolve(
    node: Any,
    doc: dict[str, Any],
    seen: tuple[str, ...] = (),
    ignored: frozenset[str] | set[str] = IGNORED,
) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return {"recursive": ref.rsplit("/", 1)[-1]}
            target: Any = doc
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {
                **resolve(target, doc, (*seen, ref), ignored),
                **resolve(rest, doc, seen, ignored),
            }
        return {
            k: (
                {name: resolve(s, doc, seen, ignored) for name, s in v.items()}
                if k == "properties" and isinstance(v, dict)
                else resolve(v, doc, seen, ignored)
            )
            for k, v in node.items()
            if k not in ignored
        }
    if isinstance(node, list):
        return [resolve(v, doc, seen, ignored) for v in node]
    return node


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): op
        for path, item in doc.get("paths", {}).items()
        for method, op in item.items()
    }


def operation_view(op: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """What must be equal: parameters (name, location, required, schema), the request body
    (required, media types, schemas), the success responses (status, media, schema) and the
    security requirements (scheme names, scopes and scheme objects)."""
    params = {
        (p["name"], p["in"]): (p.get("required", False), resolve(p.get("schema", {}), doc))
        for p in op.get("parameters", [])
    }
    body = op.get("requestBody")
    body_view = None
    if body is not None:
        body_view = (
            body.get("required", False),
            {m: resolve(c.get("schema", {}), doc) for m, c in body.get("content", {}).items()},
        )
    success = {
        code: {m: resolve(c.get("schema", {}), doc) for m, c in r.get("content", {}).items()}
        for code, r in op.get("responses", {}).items()
        if code.startswith("2")
    }
    schemes = doc.get("components", {}).get("securitySchemes", {})
    security = sorted(
        (name, sorted(scopes), sorted(schemes.get(name, {}).items(), key=str))
        for req in op.get("security", [])
        for name, scopes in req.items()
    )
    return {
        "parameters": params,
        "requestBody": body_view,
        "success": success,
        "security": security,
    }


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
        for part in ("parameters", "requestBody", "success", "security"):
            if a[part] != b[part]:
                out.append(f"{key} {part}:\n  framework: {a[part]}\n  static:    {b[part]}")
    return out

"""The agent's additions to the static contract, checked against it before anything is used.

The agent may describe (operations, fields, error responses), give examples and write notes;
it may never add, remove or retype a field, nor invent an operation or a response. A reply that
does is rejected whole: the static contract stands. Examples are held to the schema too: a key
the schema lacks adds a field, a required key left out removes one, a value of another JSON
type retypes one."""

from __future__ import annotations

from typing import Any

from ...index.contracts.breaking import local_resolver
from ...index.contracts.contract import Contract
from ...index.contracts.schema_shapes import Resolve, json_type, json_types, object_schema

_MAX_DEPTH = 8


def _base(kind: str) -> str:
    return kind.split("(", 1)[0]


def example_problems(
    value: Any, schema: Any, resolve: Resolve, where: str, depth: int = 0
) -> list[str]:
    """How an example disagrees with the static schema (empty when it fits)."""
    if depth > _MAX_DEPTH:
        return []
    kinds = json_types(schema, resolve)
    if kinds is None:
        return []  # a schema the code does not pin down: any example fits
    allowed = {_base(k) for k in kinds}
    got = json_type(value)
    if got not in allowed and not (got == "integer" and "number" in allowed):
        return [
            f"{where} is {got} in the example, {' | '.join(sorted(allowed))} in the code (retyped)"
        ]
    obj = object_schema(schema, resolve)
    if isinstance(value, dict) and obj is not None:
        props, out = obj["properties"], []
        for key in value:
            if key not in props:
                out.append(f"{where}.{key} is not in the code's schema (a field added)")
        for key in obj.get("required", []):
            if key not in value:
                out.append(f"{where}.{key} is required by the code and missing (a field removed)")
        for key, item in value.items():
            if key in props:
                out += example_problems(item, props[key], resolve, f"{where}.{key}", depth + 1)
        return out
    resolved = resolve(schema)
    if isinstance(value, list) and isinstance(resolved, dict) and "items" in resolved:
        out = []
        for i, item in enumerate(value[:20]):
            out += example_problems(item, resolved["items"], resolve, f"{where}[{i}]", depth + 1)
        return out
    return []


def _body_schema(container: Any, resolve: Resolve) -> Any:
    container = resolve(container)
    content = container.get("content") if isinstance(container, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media = next((m for m in content if "json" in m), next(iter(content)))
    return content[media].get("schema") if isinstance(content[media], dict) else None


def _success(op: dict[str, Any]) -> str | None:
    codes = sorted(c for c in op.get("responses", {}) if str(c).startswith("2"))
    return codes[0] if codes else None


def check_additions(
    data: dict[str, Any], contracts: list[Contract], components: dict[str, Any]
) -> list[str]:
    """What in the agent's reply changes the contract instead of describing it."""
    resolve = local_resolver(components)
    by_label = {c.label: c for c in contracts}
    problems: list[str] = []
    for item in data.get("operations", []):
        label = item.get("operation", "")
        c = by_label.get(label)
        if c is None:
            problems.append(f"`{label}` is not an operation of the code (an operation added)")
            continue
        responses = c.operation.get("responses", {})
        for err in item.get("errors", []):
            if str(err.get("status")) not in responses:
                problems.append(
                    f"`{label}` answers no {err.get('status')} in the code (a response added)"
                )
        if "request_example" in item:
            schema = _body_schema(c.operation.get("requestBody"), resolve)
            if schema is None:
                problems.append(f"`{label}` reads no request body in the code")
            else:
                problems += example_problems(
                    item["request_example"], schema, resolve, f"`{label}` request"
                )
        if "response_example" in item:
            code = _success(c.operation)
            schema = _body_schema(responses.get(code), resolve) if code else None
            if schema is not None:
                problems += example_problems(
                    item["response_example"], schema, resolve, f"`{label}` response"
                )
    for item in data.get("fields", []):
        owner, name = item.get("schema", ""), item.get("field", "")
        props = (
            components.get(owner, {}).get("properties")
            if isinstance(components.get(owner), dict)
            else None
        )
        if not isinstance(props, dict) or name not in props:
            problems.append(f"`{owner}.{name}` is not a field of the code (a field added)")
            continue
        said = item.get("type")
        kinds = json_types(props[name], resolve)
        if said and kinds is not None and _base(str(said)) not in {_base(k) for k in kinds}:
            problems.append(
                f"`{owner}.{name}` is {' | '.join(sorted(kinds))} in the code, {said} in the reply (retyped)"
            )
    return problems


def apply_additions(
    data: dict[str, Any], contracts: list[Contract], components: dict[str, Any]
) -> int:
    """Merge a checked reply into the contracts and components; returns how many additions."""
    by_label = {c.label: c for c in contracts}
    count = 0
    for item in data.get("operations", []):
        c = by_label[item["operation"]]
        op = c.operation
        if item.get("description"):
            op["description"], count = item["description"], count + 1
        for err in item.get("errors", []):
            response = op["responses"][str(err["status"])]
            response["description"], count = err["explanation"], count + 1
        for key, target in (("request_example", op.get("requestBody")), ("response_example", None)):
            if key not in item:
                continue
            if target is None:
                code = _success(op)
                target = op["responses"].get(code) if code else None
            content = target.get("content") if isinstance(target, dict) else None
            if isinstance(content, dict) and content:
                media = next((m for m in content if "json" in m), next(iter(content)))
                content[media]["example"], count = item[key], count + 1
    for item in data.get("fields", []):
        prop = components[item["schema"]]["properties"][item["field"]]
        prop["description"], count = item["description"], count + 1
    return count

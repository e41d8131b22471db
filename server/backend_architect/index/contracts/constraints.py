"""Literal values and the constraints of ``Field(...)``, ``Query(...)`` and their kin, as JSON Schema keywords."""

from __future__ import annotations

import ast
from typing import Any

NO_VALUE: Any = object()  # a default that is not a literal (a call, a name): not written

_NUMERIC = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
    "multiple_of": "multipleOf",
}
_LENGTH = {"min_length": ("minLength", "minItems"), "max_length": ("maxLength", "maxItems")}
_TEXT = {"pattern": "pattern", "regex": "pattern"}
_DOC = {"description": "description", "title": "title", "deprecated": "deprecated"}


def literal(expr: ast.expr | None) -> Any:
    """The Python value a literal expression spells, or :data:`NO_VALUE`."""
    if expr is None:
        return NO_VALUE
    try:
        value = ast.literal_eval(expr)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return NO_VALUE
    if isinstance(value, (tuple, set, frozenset)):
        value = list(value)
    return value if _jsonable(value) else NO_VALUE


def _jsonable(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(_jsonable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _jsonable(v) for k, v in value.items())
    return False


def apply_constraints(schema: dict[str, Any], call: ast.Call) -> dict[str, Any]:
    """``schema`` with the keyword constraints of a ``Field``/``Query``/... call applied (to the
    non-null branch of an ``Optional``, as pydantic does)."""
    target_schema = dict(schema)
    branches = target_schema.get("anyOf")
    inner_index = None
    if isinstance(branches, list):
        rest = [i for i, b in enumerate(branches) if b != {"type": "null"}]
        if len(rest) == 1:
            inner_index = rest[0]
    inner = (
        dict(branches[inner_index])
        if isinstance(branches, list) and inner_index is not None
        else target_schema
    )
    outer: dict[str, Any] = {}
    for kw in call.keywords:
        if kw.arg is None:
            continue
        value = literal(kw.value)
        if value is NO_VALUE:
            continue
        if kw.arg in _NUMERIC:
            inner[_NUMERIC[kw.arg]] = value
        elif kw.arg in _LENGTH:
            string_key, array_key = _LENGTH[kw.arg]
            inner[array_key if inner.get("type") == "array" else string_key] = value
        elif kw.arg in _TEXT:
            inner["pattern"] = value
        elif kw.arg in _DOC and value is not None:
            outer[_DOC[kw.arg]] = value
        elif kw.arg == "examples" and isinstance(value, list):
            outer["examples"] = value
    if inner_index is not None:
        branches = list(target_schema["anyOf"])
        branches[inner_index] = inner
        target_schema["anyOf"] = branches
    else:
        target_schema = inner
    target_schema.update(outer)
    return target_schema


def has_default(call: ast.Call) -> bool:
    expr = call.args[0] if call.args else None
    for kw in call.keywords:
        if kw.arg in ("default", "default_factory"):
            if kw.arg == "default_factory":
                return True
            expr = kw.value
    return expr is not None and not (isinstance(expr, ast.Constant) and expr.value is Ellipsis)

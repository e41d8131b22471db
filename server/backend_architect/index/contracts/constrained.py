"""Pydantic's constrained-type functions as annotations (``constr(min_length=3)``,
``conint(gt=0)``, ``confloat``, ``condecimal``, ``conbytes``, ``conlist(int, max_length=5)``,
``conset``), in pydantic v1 and v2 alike: the base type with the call's constraints."""

from __future__ import annotations

import ast
from typing import Any

from ...core.syntax import keyword_value
from .constraints import apply_constraints

BASES: dict[str, dict[str, Any]] = {
    "constr": {"type": "string"},
    "conint": {"type": "integer"},
    "confloat": {"type": "number"},
    "condecimal": {"anyOf": [{"type": "number"}, {"type": "string"}]},
    "conbytes": {"type": "string", "format": "binary"},
    "condate": {"type": "string", "format": "date"},
}
COLLECTIONS = {"conlist": False, "conset": True, "confrozenset": True}
# v1 spellings of the collection bounds
_V1_ITEMS = {"min_items": "min_length", "max_items": "max_length"}


def constrained_kind(dotted: str) -> str | None:
    module, _, name = dotted.rpartition(".")
    if not module.startswith("pydantic") and module:
        return None
    return name if name in BASES or name in COLLECTIONS else None


def constrained_schema(kind: str, call: ast.Call, items: dict[str, Any] | None) -> dict[str, Any]:
    """``items``: the schema of a collection's item type (its first argument)."""
    if kind in COLLECTIONS:
        schema: dict[str, Any] = {"type": "array", "items": items or {}}
        if COLLECTIONS[kind]:
            schema["uniqueItems"] = True
        renamed = ast.Call(
            call.func,
            [],
            [ast.keyword(_V1_ITEMS.get(k.arg or "", k.arg), k.value) for k in call.keywords],
        )
        return apply_constraints(schema, renamed)
    return apply_constraints(dict(BASES[kind]), call)


def item_type(call: ast.Call) -> ast.expr | None:
    return call.args[0] if call.args else keyword_value(call, "item_type")

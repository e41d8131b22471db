"""Loops that query one table or one batch of ids per turn (the shape the N+1 fix asks for)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from ..nodes import walk
from .loops import Loop, assigned_in, assignments_in, loop_bound, loop_targets
from .orm import DJANGO_MANAGERS
from .queries import chain_calls, query_call

# Calls whose arguments name the table a statement reads or writes (Core functions, or
# ``.select_from()``)
ENTITY_FUNCTIONS = frozenset({"select", "insert", "update", "delete", "select_from"})


def _statement_parts(outer: ast.Call, loop: Loop) -> list[ast.expr]:
    """The query's chain, and the statement a name passed to it was given in the loop
    (``stmt = select(...)...`` then ``conn.execute(stmt)``)."""
    wanted = {a.id for c in chain_calls(outer) for a in c.args if isinstance(a, ast.Name)}
    return [outer, *(value for name, value in assignments_in(loop) if name in wanted)]


def varies_per_iteration(call: ast.Call, outer: ast.Call, loop: Loop) -> bool:
    """Each iteration queries a different table (``for model in MODELS:
    session.query(model.name)``) or a batch of ids (``.in_(chunk)``, ``id__in=batch``):
    the loop runs one query per table or per batch, the shape the fix asks for."""
    bound = loop_bound(loop)
    if not bound:
        return False

    def varies(expr: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in bound for n in walk(expr))

    for part in _statement_parts(outer, loop):
        for node in walk(part):
            if (
                isinstance(node, ast.keyword)
                and (node.arg or "").endswith("__in")
                and _is_batch(node.value, loop, bound)
            ):
                return True
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (
                name in ("in_", "offset")
                and node.args
                and (
                    _is_batch(node.args[0], loop, bound) if name == "in_" else varies(node.args[0])
                )
            ):
                return True  # a batch of ids, or the next page
            if (
                name in ("text", "execute", "exec_driver_sql")  # or the SQL string itself
                and node.args
                and isinstance(node.args[0], ast.JoinedStr)
                and _table_name_varies(node.args[0], varies)
            ):
                return True
            if (
                name in ENTITY_FUNCTIONS
                and (name == "select_from" or _plain_function(func))
                and any(varies(a) for a in node.args)
            ):
                return True  # select(model), sa.delete(table), .select_from(table)
            if name == "query" and node is call and any(varies(a) for a in node.args):
                return True
            if (
                name in ("update", "insert", "delete", "select")
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, (ast.Name, ast.Attribute))
                and varies(func.value)
            ):
                return True  # table.update(): a Core table taken from the loop
    # Django: model._default_manager.filter(...) for each model of a list
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    return (
        isinstance(receiver, ast.Attribute)
        and receiver.attr in DJANGO_MANAGERS
        and varies(receiver.value)
    )


# the value names the table, or the end of it (``DROP TABLE plugin_{name}``)
TABLE_BEFORE_RE = re.compile(r"\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\s+[\"`\[]?\w*$", re.IGNORECASE)


def _table_name_varies(sql: ast.JoinedStr, varies: Callable[[ast.AST], bool]) -> bool:
    """``text(f"SELECT COUNT(*) FROM {table}")`` with ``table`` from the loop: each
    iteration reads another table (a value after ``WHERE`` would be one query per row)."""
    before = ""
    for part in sql.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            before = part.value
        elif isinstance(part, ast.FormattedValue):
            if TABLE_BEFORE_RE.search(before) and varies(part.value):
                return True
            before = ""
    return False


BATCH_WRAPPERS = frozenset({"list", "set", "tuple", "sorted", "frozenset"})


def _is_batch(expr: ast.expr, loop: Loop, bound: set[str], depth: int = 0) -> bool:
    """The ids of one batch: the loop's own target (``for chunk in chunks(ids, 500)``), a
    slice (``ids[i : i + size]``), or a name the loop body sets to one of those, maybe
    wrapped in ``list()``/``set()`` or a comprehension over it. A row's attribute
    (``order.item_ids``, also through ``ids = order.item_ids``) is a query per row, and so is
    a subquery."""
    while (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Name)
        and expr.func.id in BATCH_WRAPPERS
        and len(expr.args) == 1
    ):
        expr = expr.args[0]
    if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return any(_is_batch(g.iter, loop, bound, depth + 1) for g in expr.generators)
    if isinstance(expr, ast.Name):
        if expr.id in loop_targets(loop):
            return True
        value = assigned_in(loop, expr.id)
        return value is not None and depth < 4 and _is_batch(value, loop, bound, depth + 1)
    return (
        isinstance(expr, ast.Subscript)
        and isinstance(expr.slice, ast.Slice)
        and not _holds_query(expr)
        and any(isinstance(n, ast.Name) and n.id in bound for n in walk(expr))
    )


def _holds_query(expr: ast.expr) -> bool:
    """``in_(session.query(...).filter(... == row.id))``: a subquery per row, not a batch."""
    return any(isinstance(n, ast.Call) and query_call(n) for n in walk(expr))


def steps_in_batches(loop: Loop) -> bool:
    """``for start in range(0, len(ids), size):`` with ``ids[start : start + size]`` in the
    body: one query per slice of ``size`` rows (a stepped range alone walks rows)."""
    it = loop.iter if isinstance(loop, (ast.For, ast.AsyncFor)) else None
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Name)
        and it.func.id == "range"
        and len(it.args) == 3
    ):
        return False
    assert isinstance(loop, (ast.For, ast.AsyncFor))
    targets = loop_targets(loop)
    return any(
        isinstance(n, ast.Subscript)
        and isinstance(n.slice, ast.Slice)
        and any(isinstance(m, ast.Name) and m.id in targets for m in walk(n.slice))
        for stmt in loop.body
        for n in walk(stmt)
    )


def _plain_function(func: ast.expr) -> bool:
    """``select`` or ``sa.select``, not ``query.update(...)`` (a query's own method)."""
    return isinstance(func, ast.Name) or (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
    )

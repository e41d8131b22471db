"""BA401 query-in-loop: a database query on every iteration of a loop (N+1)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.loop_exits import ends_the_loop, paced, probes_for_a_free_value
from ..support.loops import COMPREHENSIONS, Loop, repeated_loops
from ..support.orm import SESSION_QUERY_METHODS
from ..support.queries import DJANGO_QUERY_METHODS, chain_calls, query_call
from ..support.query_batches import steps_in_batches, varies_per_iteration


def _outermost_chain(call: ast.Call, stack: list[ast.AST]) -> ast.Call:
    """``session.query(User).filter(...).first()`` for its inner ``session.query(User)``."""
    current: ast.Call = call
    i = len(stack) - 1
    while i >= 1:
        attr, outer = stack[i], stack[i - 1]
        if (
            isinstance(attr, ast.Attribute)
            and attr.value is current
            and isinstance(outer, ast.Call)
            and outer.func is attr
        ):
            current = outer
            i -= 2
        else:
            break
    return current


@register
class QueryInLoop(Rule):
    info = RuleInfo(
        code="BA401",
        migration_files=False,
        name="query-in-loop",
        summary="A database query runs on every iteration of a loop (N+1 queries).",
        severity=Severity.WARNING,
        rationale=(
            "One query per item turns a page of 100 rows into 101 round trips: fast on a "
            "laptop, slow and load-heavy in production, and it grows with the data. Fetch "
            "what the loop needs in one query before it: `WHERE id IN (...)`, a join, "
            "SQLAlchemy's `selectinload`/`joinedload`, Django's `select_related`/"
            "`prefetch_related` or `in_bulk`, and write with `executemany`/`bulk_create`. A "
            "loop that runs a list of different statements (`for sql in statements`) is a "
            "script, not N+1, and so is one that visits tables (`for model in MODELS`), walks "
            "batches or pages (`.in_(chunk)`, `id__in=batch`, `range(0, n, size)`, "
            "`.offset(n)`), polls (it sleeps), leaves after the query (a retry, a unique-code "
            "draw), tries values until one is free (`while X.objects.filter(name=name)"
            ".exists(): name = ...`) or only builds subqueries (`.subquery()`, Django's "
            "`Prefetch`/`Subquery`, querysets combined with `|`); migrations are not checked "
            "(they run once, at deploy time)."
        ),
        bad=(
            "for order_id in order_ids:\n"
            "    order = session.get(Order, order_id)\n"
            "    totals.append(order.total)"
        ),
        good=(
            "orders = session.scalars(select(Order).where(Order.id.in_(order_ids))).all()\n"
            "totals = [order.total for order in orders]"
        ),
        # CWE-1073: non-SQL invokable control element with excessive number of data resource
        # accesses
        cwe=(1073,),
    )
    node_types = (ast.Call,)
    # query_call: a session method, or a Django query method (``aget`` for ``get`` too)
    call_names = (
        frozenset(SESSION_QUERY_METHODS)
        | DJANGO_QUERY_METHODS
        | {"a" + m for m in DJANGO_QUERY_METHODS}
    )

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        what = query_call(node)
        if what is None:
            return
        loops = repeated_loops(node, ctx.stack)
        if not loops:
            return
        loop = loops[0]
        outer = _outermost_chain(node, ctx.stack)
        if (
            _runs_each_statement(node, loop)
            or _builds_only(node, outer, loop, ctx.stack)
            or varies_per_iteration(node, outer, loop)
            or paced(loop)
            or steps_in_batches(loop)
            or ends_the_loop(node, loop, ctx.stack)
            or probes_for_a_free_value(outer, loop)
        ):
            return
        kind = "comprehension" if isinstance(loop, COMPREHENSIONS) else "loop"
        ctx.report(
            outer,
            f"`{what}` runs a query on every iteration of the {kind} at line {loop.lineno} (N+1 "
            "queries); fetch the rows once before it (`IN`, a join, eager loading)",
        )


def _runs_each_statement(call: ast.Call, loop: Loop) -> bool:
    """``for sql in statements: cursor.execute(sql)`` (or ``text(sql)``, or ``for sql, params
    in ...``): a script of different statements run in turn, not one query repeated per row."""
    if not isinstance(loop, (ast.For, ast.AsyncFor)):
        return False
    sql = call.args[0] if call.args else None
    if isinstance(sql, ast.Call) and sql.args:  # text(sql)
        sql = sql.args[0]
    bound = {n.id for n in walk(loop.target) if isinstance(n, ast.Name)}
    return isinstance(sql, ast.Name) and sql.id in bound


# SQLAlchemy methods that turn a query into a piece of another statement without running it
STATEMENT_BUILDERS = frozenset({"subquery", "scalar_subquery", "cte", "as_scalar", "alias"})

# Django expressions that take a queryset and run it as part of another query, if ever
QUERYSET_WRAPPERS = frozenset({"Prefetch", "Subquery", "Exists"})

# queryset methods that return another queryset without running anything
DJANGO_LAZY = frozenset(
    {
        "filter", "exclude", "all", "annotate", "values", "values_list", "order_by",
        "distinct", "select_related", "prefetch_related", "only", "defer",
    }
)  # fmt: skip


def _builds_only(call: ast.Call, outer: ast.Call, loop: Loop, stack: list[ast.AST]) -> bool:
    """``session.query(X).filter(...).subquery()``: a statement built in the loop and run
    once, as part of another; a Django queryset handed to ``Prefetch``/``Subquery``/
    ``Exists``, combined with ``|``/``&`` (``pages |= Page.objects.filter(...)``) or nested
    into itself (``x = Tag.objects.filter(pk__in=x)``), lazy until the query runs once; or a
    query nested in the arguments of an outer query of the same loop (reported there, if
    anywhere)."""
    func = outer.func
    if isinstance(func, ast.Attribute) and (
        func.attr in STATEMENT_BUILDERS
        or (func.attr == "exists" and query_call(call) is not None and _sqlalchemy_session(call))
    ):
        return True
    at = next((i for i, n in enumerate(stack) if n is outer), len(stack))
    parent = stack[at - 1] if at > 0 else None
    lazy = isinstance(outer.func, ast.Attribute) and outer.func.attr in DJANGO_LAZY
    if (
        lazy
        and isinstance(parent, (ast.BinOp, ast.AugAssign))
        and isinstance(parent.op, (ast.BitOr, ast.BitAnd))
    ):
        return True
    if (
        lazy
        and isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
        and any(
            isinstance(n, ast.Name) and n.id == parent.targets[0].id
            for a in outer.keywords
            for n in walk(a.value)
        )
    ):
        return True  # ``x = Tag.objects.filter(pk__in=x)``: each turn nests the last query
    inside = False
    for anc in stack:
        if anc is loop:
            inside = True
        elif (
            inside
            and isinstance(anc, ast.Call)
            and anc is not outer
            and (dotted_name(anc.func) or "").rsplit(".", 1)[-1] in QUERYSET_WRAPPERS
        ):
            return True
        if (
            inside
            and isinstance(anc, ast.Call)
            and anc is not outer
            and any(c is not call and query_call(c) for c in chain_calls(anc))
        ):
            return True
    return False


def _sqlalchemy_session(call: ast.Call) -> bool:
    """``session.query(...)``: SQLAlchemy's ``exists()`` builds ``EXISTS``, Django's runs."""
    return isinstance(call.func, ast.Attribute) and call.func.attr == "query"

"""BA4xx: database and ORM."""

from __future__ import annotations

import ast
import re

from ..core.model import Severity
from ..index.symbols import dotted_name
from .context import FileContext
from .registry import Rule, RuleInfo, register

# Objects that talk to the database: SQLAlchemy/SQLModel sessions and connections, DB-API
# cursors and connections, asyncpg connections (``db``, ``self.session``, ``db.session``, ``cur``).
SESSION_RE = re.compile(
    r"(?:^|_)(?:session|sess|db|conn|connection|cursor|cur|engine|database)$", re.IGNORECASE
)
# Methods of those objects that run a query, and how many arguments make it one
# (``session.get(User, id)``, not ``params.get("x")``: the receiver check comes first anyway).
SESSION_QUERY_METHODS = {
    "query": 1,
    "execute": 1,
    "exec": 1,  # SQLModel
    "scalars": 1,
    "scalar": 1,
    "get": 2,
    "get_one": 2,
    "fetch": 1,  # asyncpg
    "fetchrow": 1,
    "fetchval": 1,
    "exec_driver_sql": 1,
}
# Django managers: ``Model.objects``, ``Model._default_manager``, reverse relations ``x.item_set``.
DJANGO_MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
# Manager and queryset methods that run a query (bulk_* and executemany batch on purpose and
# are left out). Named explicitly: ``objects`` and ``*_set`` are also common names of plain
# lists and sets (``self.pending_set.add(x)``).
DJANGO_QUERY_METHODS = frozenset(
    {
        "get", "filter", "exclude", "all", "create", "get_or_create", "update_or_create",
        "count", "exists", "first", "last", "latest", "earliest", "aggregate", "annotate",
        "values", "values_list", "in_bulk", "raw", "update", "delete", "order_by", "distinct",
        "select_related", "prefetch_related", "only", "defer", "iterator", "contains",
    }
)  # fmt: skip
SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

Loop = (
    ast.For
    | ast.AsyncFor
    | ast.While
    | ast.ListComp
    | ast.SetComp
    | ast.DictComp
    | ast.GeneratorExp
)


def query_call(call: ast.Call) -> str | None:
    """A short description of the query ``call`` runs (``session.query()``), or None."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    nargs = len(call.args) + len(call.keywords)
    minimum = SESSION_QUERY_METHODS.get(func.attr)
    if minimum is not None and nargs >= minimum:
        terminal = dotted_name(receiver) or ""
        terminal = terminal.rsplit(".", 1)[-1]
        first = call.args[0] if call.args else None
        if SESSION_RE.search(terminal) and (minimum < 2 or _names_model(first)):
            return f"{dotted_name(receiver) or terminal}.{func.attr}()"
    method = func.attr[1:] if func.attr.startswith("a") else func.attr  # aget, acount, ...
    if isinstance(receiver, ast.Attribute) and (
        func.attr in DJANGO_QUERY_METHODS or method in DJANGO_QUERY_METHODS
    ):
        manager = receiver.attr
        owner = (dotted_name(receiver.value) or "").rsplit(".", 1)[-1]
        if (
            # Model.objects (a class), not self.objects (maybe a dict)
            (manager == "objects" and owner[:1].isupper())
            or manager in DJANGO_MANAGERS - {"objects"}
            # author.book_set, not self._set; and set.update is not a query
            or (manager.endswith("_set") and manager[:1] != "_" and func.attr != "update")
        ):
            return f"{dotted_name(receiver) or manager}.{func.attr}()"
        # Flask-SQLAlchemy: User.query.filter_by(...), User.query.get(...)
        base = receiver.value
        if manager == "query" and isinstance(base, ast.Name) and base.id[:1].isupper():
            return f"{base.id}.query.{func.attr}()"
    return None


def _names_model(expr: ast.expr | None) -> bool:
    """``session.get(User, 1)`` names a model; Flask's ``session.get("cart", [])`` does not."""
    name = dotted_name(expr) if expr is not None else None
    return name is not None and name.rsplit(".", 1)[-1][:1].isupper()


def repeated_loops(node: ast.AST, stack: list[ast.AST]) -> list[Loop]:
    """Loops of the enclosing function that run ``node`` on every iteration, innermost first.

    Only the repeated parts count: a ``for`` loop's body (not its iterable, evaluated once),
    a ``while`` loop's test and body, a comprehension's element, conditions and inner
    iterables (not its first iterable). Nested functions and lambdas end the search: their
    body runs when called, not where defined.
    """
    path = [*stack, node]
    loops: list[Loop] = []
    for i in range(len(path) - 2, -1, -1):
        anc, child = path[i], path[i + 1]
        if isinstance(anc, SCOPE_NODES):
            break
        if isinstance(anc, (ast.For, ast.AsyncFor)):
            if any(child is s for s in anc.body):
                loops.append(anc)
        elif isinstance(anc, ast.While):
            if child is anc.test or any(child is s for s in anc.body):
                loops.append(anc)
        elif isinstance(anc, COMPREHENSIONS) and isinstance(child, ast.comprehension):
            grandchild = path[i + 2] if i + 2 < len(path) else None
            first = anc.generators[0]
            if child is not first or grandchild is not first.iter:
                loops.append(anc)
        elif isinstance(anc, COMPREHENSIONS):  # the element (or key/value) is repeated
            loops.append(anc)
    return loops


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
        name="query-in-loop",
        summary="A database query runs on every iteration of a loop (N+1 queries).",
        severity=Severity.WARNING,
        rationale=(
            "One query per item turns a page of 100 rows into 101 round trips: fast on a "
            "laptop, slow and load-heavy in production, and it grows with the data. Fetch "
            "what the loop needs in one query before it: `WHERE id IN (...)`, a join, "
            "SQLAlchemy's `selectinload`/`joinedload`, Django's `select_related`/"
            "`prefetch_related` or `in_bulk`, and write with `executemany`/`bulk_create`."
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

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        what = query_call(node)
        if what is None:
            return
        loops = repeated_loops(node, ctx.stack)
        if not loops:
            return
        loop = loops[0]
        kind = "comprehension" if isinstance(loop, COMPREHENSIONS) else "loop"
        ctx.report(
            _outermost_chain(node, ctx.stack),
            f"`{what}` runs a query on every iteration of the {kind} at line {loop.lineno} (N+1 "
            "queries); fetch the rows once before it (`IN`, a join, eager loading)",
        )

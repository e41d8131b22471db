"""BA4xx: database and ORM."""

from __future__ import annotations

import ast
import bisect
import os
import re
from collections.abc import Callable
from functools import lru_cache

from ..core.model import Edit, Fix, OrmModel, Severity, Span
from ..index.facts import span_of
from ..index.symbols import dotted_name
from .file_context import FileContext
from .nodes import child_fields, of_type
from .registry import Rule, RuleInfo, register
from .support.ast_helpers import has_kwargs, kwarg
from .support.handlers import is_route_handler
from .support.orm import DJANGO_MANAGERS, SESSION_QUERY_METHODS, SESSION_RE
from .support.project_files import folders_up, project_root, read_text

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
        assert isinstance(node, ast.Call)
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
            or _varies_per_iteration(node, outer, loop)
            or _paced(loop)
            or _steps_in_batches(loop)
            or _ends_the_loop(node, loop, ctx.stack)
            or _probes_for_a_free_value(outer, loop)
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
    bound = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    return isinstance(sql, ast.Name) and sql.id in bound


# SQLAlchemy methods that turn a query into a piece of another statement without running it
STATEMENT_BUILDERS = frozenset({"subquery", "scalar_subquery", "cte", "as_scalar", "alias"})
# Calls whose arguments name the table a statement reads or writes (Core functions, or
# ``.select_from()``)
ENTITY_FUNCTIONS = frozenset({"select", "insert", "update", "delete", "select_from"})
SLEEP_CALLS = frozenset({"sleep"})  # time.sleep, asyncio.sleep, gevent.sleep


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
            for n in ast.walk(a.value)
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
            and any(c is not call and query_call(c) for c in _chain(anc))
        ):
            return True
    return False


def _sqlalchemy_session(call: ast.Call) -> bool:
    """``session.query(...)``: SQLAlchemy's ``exists()`` builds ``EXISTS``, Django's runs."""
    return isinstance(call.func, ast.Attribute) and call.func.attr == "query"


def _loop_bound(loop: Loop) -> set[str]:
    """Names that change from one iteration to the next: the loop's targets and the names
    its body assigns."""
    names = _loop_targets(loop)
    body: list[ast.stmt] = [] if isinstance(loop, COMPREHENSIONS) else list(loop.body)
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
    return names


def _statement_parts(outer: ast.Call, loop: Loop) -> list[ast.expr]:
    """The query's chain, and the statement a name passed to it was given in the loop
    (``stmt = select(...)...`` then ``conn.execute(stmt)``)."""
    wanted = {a.id for c in _chain(outer) for a in c.args if isinstance(a, ast.Name)}
    return [outer, *(value for name, value in _assignments_in(loop) if name in wanted)]


def _varies_per_iteration(call: ast.Call, outer: ast.Call, loop: Loop) -> bool:
    """Each iteration queries a different table (``for model in MODELS:
    session.query(model.name)``) or a batch of ids (``.in_(chunk)``, ``id__in=batch``):
    the loop runs one query per table or per batch, the shape the fix asks for."""
    bound = _loop_bound(loop)
    if not bound:
        return False

    def varies(expr: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in bound for n in ast.walk(expr))

    for part in _statement_parts(outer, loop):
        for node in ast.walk(part):
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
        if expr.id in _loop_targets(loop):
            return True
        value = _assigned_in(loop, expr.id)
        return value is not None and depth < 4 and _is_batch(value, loop, bound, depth + 1)
    return (
        isinstance(expr, ast.Subscript)
        and isinstance(expr.slice, ast.Slice)
        and not _holds_query(expr)
        and any(isinstance(n, ast.Name) and n.id in bound for n in ast.walk(expr))
    )


def _loop_targets(loop: Loop) -> set[str]:
    targets: list[ast.AST] = (
        [g.target for g in loop.generators]
        if isinstance(loop, COMPREHENSIONS)
        else [loop.target]
        if isinstance(loop, (ast.For, ast.AsyncFor))
        else []
    )
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _assignments_in(loop: Loop) -> list[tuple[str, ast.expr]]:
    """``name = value`` statements of the loop body, in order (a comprehension has none)."""
    if isinstance(loop, COMPREHENSIONS):
        return []
    return [
        (n.targets[0].id, n.value)
        for stmt in loop.body
        for n in ast.walk(stmt)
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
    ]


def _assigned_in(loop: Loop, name: str) -> ast.expr | None:
    """The value the loop body last gives ``name`` (``batch = ids[i : i + 500]``)."""
    return next((v for n, v in reversed(_assignments_in(loop)) if n == name), None)


def _holds_query(expr: ast.expr) -> bool:
    """``in_(session.query(...).filter(... == row.id))``: a subquery per row, not a batch."""
    return any(isinstance(n, ast.Call) and query_call(n) for n in ast.walk(expr))


def _steps_in_batches(loop: Loop) -> bool:
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
    targets = _loop_targets(loop)
    return any(
        isinstance(n, ast.Subscript)
        and isinstance(n.slice, ast.Slice)
        and any(isinstance(m, ast.Name) and m.id in targets for m in ast.walk(n.slice))
        for stmt in loop.body
        for n in ast.walk(stmt)
    )


def _plain_function(func: ast.expr) -> bool:
    """``select`` or ``sa.select``, not ``query.update(...)`` (a query's own method)."""
    return isinstance(func, ast.Name) or (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
    )


def _paced(loop: Loop) -> bool:
    """A loop that sleeps on each turn polls (a job's status), it does not walk rows."""
    if isinstance(loop, COMPREHENSIONS):
        return False
    for stmt in loop.body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Call):
                name = dotted_name(n.func) or ""
                if name.rsplit(".", 1)[-1] in SLEEP_CALLS:
                    return True
    return False


def _probes_for_a_free_value(outer: ast.Call, loop: Loop) -> bool:
    """``while User.objects.filter(username=name).exists(): name = f"{base}-{n}"``: the loop
    tries values until the query finds none taken (a unique name, slug or code), the shape
    of the ``while True`` draw; it does not walk rows."""
    if not isinstance(loop, ast.While) or not any(n is outer for n in ast.walk(loop.test)):
        return False
    # names and attributes (``user.username = ...``) the body assigns
    assigned = {
        ast.unparse(n)
        for stmt in loop.body
        for n in ast.walk(stmt)
        if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Store)
    }
    return any(
        isinstance(n, (ast.Name, ast.Attribute)) and ast.unparse(n) in assigned
        for c in _chain(outer)
        for a in [*c.args, *(k.value for k in c.keywords)]
        for n in ast.walk(a)
    )


def _ends_the_loop(call: ast.Call, loop: Loop, stack: list[ast.AST]) -> bool:
    """The query runs once before the loop is left: it is returned, or its statement is
    followed in the same block by ``return``/``break`` (a retry loop's ``try`` body); or
    ``while True:`` tries values until the query says one is free (``if not
    X.objects.filter(code=code).exists(): return code``)."""
    if isinstance(loop, COMPREHENSIONS):
        return False
    path = [*stack, call]
    start = next(i for i, n in enumerate(path) if n is loop)
    for i in range(start, len(path) - 1):
        node, child = path[i], path[i + 1]
        if isinstance(node, (ast.Return, ast.Break)):
            return True
        if isinstance(node, ast.If) and child is node.test:
            if (
                isinstance(loop, ast.While)
                and isinstance(loop.test, ast.Constant)
                and loop.test.value is True
                and node.body
                and isinstance(node.body[-1], (ast.Return, ast.Break))
            ):
                return True
            continue
        if isinstance(child, ast.stmt):
            block = _block_of(node, child)
            if block is not None:
                after = block[block.index(child) + 1 :]
                if any(isinstance(s, (ast.Return, ast.Break)) for s in after):
                    return True
    return False


def _block_of(node: ast.AST, child: ast.stmt) -> list[ast.stmt] | None:
    """The statement list of ``node`` (body, orelse, finalbody) that holds ``child``."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and any(s is child for s in block):
            return block
    return None


# --- shared by BA402-BA408 -------------------------------------------------------------------

ENGINE_FACTORIES = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlmodel.create_engine",
    }
)
DRIVER_CONNECTS = frozenset(
    {
        "psycopg2.connect",
        "psycopg.connect",
        "psycopg.AsyncConnection.connect",
        "sqlite3.connect",
        "asyncpg.connect",
        "asyncpg.create_pool",
        "aiosqlite.connect",
        "pymysql.connect",
        "MySQLdb.connect",
        "mysql.connector.connect",
        "aiomysql.connect",
        "cx_Oracle.connect",
        "oracledb.connect",
        "pyodbc.connect",
    }
)
SERVER_SCHEMES = ("postgresql", "postgres", "mysql", "mariadb", "mssql", "oracle")
URL_NAME_RE = re.compile(
    r"(?:DATABASE|DB|SQL|SQLALCHEMY)\w*(?:URL|URI|DSN)|^(?:url|dsn|uri)$", re.I
)
CACHING_DECORATORS = frozenset({"lru_cache", "cache", "cached", "cached_property", "singleton"})
Function = ast.FunctionDef | ast.AsyncFunctionDef


def _qualified(ctx: FileContext, func: ast.expr) -> str:
    return ctx.scopes.qualified(func) or ""


# Several rules ask for the same tree's functions and the same function's nodes: each is
# computed once per node object (trees are immutable while checked; a re-parse is a new object).
def _functions(tree: ast.AST) -> list[Function]:
    return of_type(tree, ast.FunctionDef, ast.AsyncFunctionDef)


@lru_cache(maxsize=2048)
def _own_nodes(fn: Function) -> tuple[ast.AST, ...]:
    """The nodes of ``fn``'s body, without nested functions and classes (they run elsewhere)."""
    return tuple(_own_nodes_of(fn))


def _own_nodes_of(fn: Function) -> list[ast.AST]:
    # ``children`` inlined: this runs over every function of every file
    out: list[ast.AST] = []
    todo: list[ast.AST] = list(fn.body)
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    node_ast = ast.AST
    while todo:
        node = todo.pop()
        out.append(node)
        for name in child_fields(type(node)):
            value = getattr(node, name, None)
            if isinstance(value, node_ast):
                if not isinstance(value, nested):
                    todo.append(value)
            elif isinstance(value, list):
                todo += [v for v in value if isinstance(v, node_ast) and not isinstance(v, nested)]
    return out


# the project's models grouped by file, for the models list they were grouped from
_models_by_file: tuple[list[OrmModel], dict[str, list[OrmModel]]] | None = None


def models_in(ctx: FileContext) -> list[OrmModel]:
    """The project's models defined in this file (grouped once per index state: the rules
    that ask run on every file)."""
    global _models_by_file
    assert ctx.index is not None
    models = ctx.index.models
    if _models_by_file is None or _models_by_file[0] is not models:
        grouped: dict[str, list[OrmModel]] = {}
        for m in models:
            grouped.setdefault(m.file, []).append(m)
        _models_by_file = (models, grouped)
    return _models_by_file[1].get(os.path.abspath(ctx.path), [])


def handler_functions(ctx: FileContext) -> list[Function]:
    """Route handlers of this file (from the index, or by their route decorator)."""
    return [fn for fn in _functions(ctx.tree) if is_route_handler(fn, ctx, django_views=False)]


def called_from_handlers(ctx: FileContext, handlers: list[Function]) -> list[Function]:
    """Handlers and the module-level functions of the same file they call, transitively."""
    module_fns = {
        s.name: s for s in ctx.tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    seen: dict[int, Function] = {id(h): h for h in handlers}
    todo = list(handlers)
    while todo:
        fn = todo.pop()
        for node in _own_nodes(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                callee = module_fns.get(node.func.id)
                if callee is not None and id(callee) not in seen:
                    seen[id(callee)] = callee
                    todo.append(callee)
    return list(seen.values())


def _cached(fn: Function) -> bool:
    return any(
        (dotted_name(d.func if isinstance(d, ast.Call) else d) or "").rsplit(".", 1)[-1]
        in CACHING_DECORATORS
        for d in fn.decorator_list
    )


# --- BA402 -----------------------------------------------------------------------------------

EAGER_LOADERS = frozenset(
    {"selectinload", "joinedload", "subqueryload", "immediateload", "contains_eager"}
)
EAGER_LAZY = frozenset(
    {"selectin", "joined", "subquery", "immediate", "raise", "raise_on_sql", "noload"}
)
# Loading strategies whose attribute is not loaded on access (a query object, or an error)
NOT_LOADED_ON_ACCESS = frozenset({"dynamic", "write_only"})


def _chain(expr: ast.expr) -> list[ast.Call]:
    """The calls of a method chain, outermost first: ``a.b(x).c(y)`` -> [c(y), b(x)]."""
    calls: list[ast.Call] = []
    node: ast.expr = expr
    while True:
        if isinstance(node, ast.Call):
            calls.append(node)
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return calls


def _query_model(expr: ast.expr, ctx: FileContext) -> tuple[str, str, list[ast.Call]] | None:
    """(model name, framework, the calls of the chain) when ``expr`` iterates a query's rows."""
    calls = _chain(expr)
    inner: list[ast.Call] = []
    for call in calls:
        inner.extend(c for c in ast.walk(call) if isinstance(c, ast.Call))
    for call in reversed(calls):  # innermost first: where the model is named
        func = call.func
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in ("scalars", "execute", "exec") and call.args:
            sel = call.args[0]
            if (
                isinstance(sel, ast.Call)
                and (dotted_name(sel.func) or "").rsplit(".", 1)[-1] == "select"
                and len(sel.args) == 1
                and isinstance(sel.args[0], ast.Name)
                and SESSION_RE.search((dotted_name(func.value) or "").rsplit(".", 1)[-1])
            ):
                if func.attr == "execute" and not any(
                    isinstance(c.func, ast.Attribute) and c.func.attr == "scalars" for c in calls
                ):
                    return None  # rows are tuples, not models
                return sel.args[0].id, "sqlalchemy", inner
        if (
            func.attr == "query"
            and len(call.args) == 1
            and isinstance(call.args[0], ast.Name)
            and SESSION_RE.search((dotted_name(func.value) or "").rsplit(".", 1)[-1])
        ):
            return call.args[0].id, "sqlalchemy", inner
        if func.attr in DJANGO_QUERY_METHODS and isinstance(func.value, ast.Attribute):
            manager = func.value
            if manager.attr == "objects" and isinstance(manager.value, ast.Name):
                return manager.value.id, "django", inner
            if manager.attr == "query" and isinstance(manager.value, ast.Name):
                return manager.value.id, "sqlalchemy", inner  # Flask-SQLAlchemy
    return None


def _may_name_model(call: ast.Call) -> bool:
    """Whether ``_query_model`` could return at ``call`` (a necessary condition, checked on
    every call of a file so files without one skip BA402's walk of each function)."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    attr = func.attr
    if attr in ("scalars", "execute", "exec") and call.args and isinstance(call.args[0], ast.Call):
        return True
    if attr == "query" and len(call.args) == 1 and isinstance(call.args[0], ast.Name):
        return True
    manager = func.value
    return (
        attr in DJANGO_QUERY_METHODS
        and isinstance(manager, ast.Attribute)
        and manager.attr in ("objects", "query")
        and isinstance(manager.value, ast.Name)
    )


def _loads_eagerly(calls: list[ast.Call], relation: str, framework: str) -> bool:
    for call in calls:
        name = (dotted_name(call.func) or "").rsplit(".", 1)[-1]
        if framework == "django" and name in ("select_related", "prefetch_related"):
            if not call.args and name == "select_related":
                return True  # every foreign key
            for arg in call.args:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    return True  # Prefetch(...) objects or names from elsewhere: assume loaded
                if arg.value.split("__")[0] == relation:
                    return True
        elif framework == "sqlalchemy" and name in EAGER_LOADERS | {"defaultload", "lazyload"}:
            for arg in call.args:
                text = dotted_name(arg) or (arg.value if isinstance(arg, ast.Constant) else "")
                if not isinstance(text, str) or text.rsplit(".", 1)[-1] in (relation, "*"):
                    return True
        elif (
            framework == "sqlalchemy"
            and name == "options"
            and any(
                isinstance(a, ast.Call)
                and (dotted_name(a.func) or "").endswith("load")
                and not a.args
                for a in call.args
            )
        ):
            return True
    return False


@register
class LazyLoadInLoop(Rule):
    info = RuleInfo(
        code="BA402",
        migration_files=False,
        name="lazy-load-in-loop",
        summary="A relationship is lazy-loaded on every iteration over a query's results (N+1).",
        severity=Severity.WARNING,
        rationale=(
            "Reading a lazy relationship of each row runs one more query per row: a list of 50 "
            "orders and their customers is 51 queries. Load the relationship with the rows: "
            'SQLAlchemy `options(selectinload(Order.customer))` (or `lazy="selectin"` on the '
            'relationship), Django `select_related("customer")` for foreign keys and '
            "`prefetch_related` for many-valued relations. Migrations are not checked (they run "
            "once, at deploy time)."
        ),
        bad=("for user in session.scalars(select(User)):\n    print(len(user.orders))"),
        good=(
            "stmt = select(User).options(selectinload(User.orders))\n"
            "for user in session.scalars(stmt):\n"
            "    print(len(user.orders))"
        ),
        cwe=(1073,),
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        # a loop's rows come from a call of this file: none that can name a model, no finding
        if not any(_may_name_model(c) for c in of_type(ctx.tree, ast.Call)):
            return
        # the lines of the loops this looks at: a function whose lines hold none has none of
        # them among its own nodes, and is not walked
        lines = sorted(
            n.lineno
            for n in of_type(ctx.tree, ast.For, ast.AsyncFor)
            if isinstance(n.target, ast.Name)
        )
        if not lines:
            return
        for fn in _functions(ctx.tree):
            at = bisect.bisect_left(lines, fn.lineno)
            if at == len(lines) or lines[at] > (fn.end_lineno or fn.lineno):
                continue
            assigned: dict[str, ast.expr] | None = None  # computed for functions with a loop
            for node in _own_nodes(fn):
                if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
                    if assigned is None:
                        assigned = _single_assignments(fn)
                    self._loop(ctx, node, assigned)

    def _loop(
        self, ctx: FileContext, loop: ast.For | ast.AsyncFor, assigned: dict[str, ast.expr]
    ) -> None:
        assert ctx.index is not None and isinstance(loop.target, ast.Name)
        source = loop.iter
        if isinstance(source, ast.Name) and source.id in assigned:
            source = assigned[source.id]
        found = _query_model(source, ctx)
        if found is None:
            return
        model_name, framework, calls = found
        model = ctx.index.model(model_name)
        if model is None or (model.framework == "django") != (framework == "django"):
            return
        relations = {r.name: r for r in model.relationships}
        var = loop.target.id
        reported: set[str] = set()
        for node in ast.walk(ast.Module(body=loop.body, type_ignores=[])):
            if not (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == var
                and isinstance(node.ctx, ast.Load)
            ):
                continue
            rel = relations.get(node.attr)
            if rel is None or node.attr in reported:
                continue
            if rel.lazy in EAGER_LAZY or rel.lazy in NOT_LOADED_ON_ACCESS:
                continue
            if _loads_eagerly(calls, rel.name, framework):
                continue
            reported.add(node.attr)
            hint = (
                f'`select_related("{rel.name}")`'
                if framework == "django" and rel.kind in ("foreign_key", "one_to_one")
                else f'`prefetch_related("{rel.name}")`'
                if framework == "django"
                else f"`.options(selectinload({model.name}.{rel.name}))`"
            )
            ctx.report(
                node,
                f"`{var}.{rel.name}` loads the `{rel.name}` relationship with one query per "
                f"row of the loop at line {loop.lineno} (N+1); load it with the rows: {hint}",
            )


def _single_assignments(fn: Function) -> dict[str, ast.expr]:
    """Names assigned exactly once in ``fn`` (``users = session.scalars(...).all()``)."""
    counts: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    for node in _own_nodes(fn):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    counts[t.id] = counts.get(t.id, 0) + 1
                    values[t.id] = node.value
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name):
            counts[node.target.id] = counts.get(node.target.id, 0) + 2
    return {n: v for n, v in values.items() if counts[n] == 1}


# --- BA403 -----------------------------------------------------------------------------------


@register
class ConnectionPerRequest(Rule):
    info = RuleInfo(
        code="BA403",
        name="connection-per-request",
        summary="An engine or database connection is created on every request.",
        severity=Severity.WARNING,
        rationale=(
            "`create_engine` builds a connection pool; calling it in a handler builds a new pool "
            "per request, opens a fresh connection (TCP, TLS, authentication) each time and "
            "leaves pools behind until the garbage collector finds them, exhausting the "
            "database's connection limit under load. Create the engine once at module level or "
            "at application start-up, and hand out sessions or pooled connections per request."
        ),
        bad=(
            '@app.get("/users")\n'
            "def users():\n"
            "    engine = create_engine(settings.database_url)\n"
            "    with Session(engine) as session:\n"
            "        return session.scalars(select(User)).all()"
        ),
        good=(
            "engine = create_engine(settings.database_url, pool_pre_ping=True)\n\n"
            '@app.get("/users")\n'
            "def users():\n"
            "    with Session(engine) as session:\n"
            "        return session.scalars(select(User)).all()"
        ),
        cwe=(400,),
    )

    def check_file(self, ctx: FileContext) -> None:
        handlers = handler_functions(ctx)
        if not handlers:
            return
        for fn in called_from_handlers(ctx, handlers):
            if _cached(fn):
                continue  # an lru_cache'd factory builds the engine once
            for node in _own_nodes(fn):
                if not isinstance(node, ast.Call):
                    continue
                q = _qualified(ctx, node.func)
                if q in ENGINE_FACTORIES or q in DRIVER_CONNECTS:
                    what = q.rsplit(".", 1)[-1] if q in ENGINE_FACTORIES else q
                    where = (
                        "this route handler"
                        if fn in handlers
                        else f"`{fn.name}()`, which a route handler calls,"
                    )
                    ctx.report(
                        node,
                        f"`{what}()` in {where} runs on every request; create it once at "
                        "start-up and reuse its pool",
                    )


# --- BA404 -----------------------------------------------------------------------------------


def _module_value(tree: ast.Module, name: str) -> ast.expr | None:
    """The value of a module-level name assigned once."""
    values = [
        s.value
        for s in tree.body
        if isinstance(s, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in s.targets)
    ]
    return values[0] if len(values) == 1 else None


def _database_kind(expr: ast.expr | None, ctx: FileContext, depth: int = 0) -> str | None:
    """ "server" for a server database URL, "local" for sqlite and the like, None if unknown."""
    if expr is None or depth > 3:
        return None
    text: str | None = None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        text = expr.value
    elif isinstance(expr, ast.JoinedStr) and expr.values:
        first = expr.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            text = first.value
    if text is not None:
        scheme = text.split(":", 1)[0].split("+", 1)[0].lower()
        if "://" not in text and ":" not in text:
            return None
        return "server" if scheme in SERVER_SCHEMES else "local"
    source = ctx.source_of(expr)
    if "sqlite" in source.lower():
        return "local"  # a sqlite default or test URL: cannot tell which one runs
    if isinstance(expr, ast.Name):
        value = _module_value(ctx.tree, expr.id)
        if value is not None:
            return _database_kind(value, ctx, depth + 1)
        return "server" if URL_NAME_RE.search(expr.id) and expr.id.upper() == expr.id else None
    if isinstance(expr, ast.Call) and expr.args:
        name = dotted_name(expr.func) or ""
        if name.endswith(("getenv", "environ.get", "config", "env")):
            return _database_kind(expr.args[0], ctx, depth + 1) or (
                "server"
                if isinstance(expr.args[0], ast.Constant)
                and URL_NAME_RE.search(str(expr.args[0].value))
                else None
            )
        return None
    if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant):
        return "server" if URL_NAME_RE.search(str(expr.slice.value)) else None
    if isinstance(expr, ast.Attribute):  # settings.DATABASE_URL
        return "server" if URL_NAME_RE.search(expr.attr) else None
    return None


@register
class EngineWithoutPrePing(Rule):
    info = RuleInfo(
        code="BA404",
        name="engine-without-pre-ping",
        summary="A server database engine has neither `pool_pre_ping` nor `pool_recycle`.",
        severity=Severity.WARNING,
        rationale=(
            "Pooled connections die while idle: the database, a proxy (PgBouncer, RDS Proxy) or "
            "a load balancer closes them after a timeout (MySQL's `wait_timeout` is 8 hours). "
            "The next request that takes a dead connection from the pool fails with "
            "`OperationalError: server closed the connection unexpectedly`, typically the first "
            "one after a quiet night. `pool_pre_ping=True` checks each connection on checkout; "
            "`pool_recycle=` replaces connections older than the timeout."
        ),
        bad=(
            "from sqlalchemy import create_engine\n\n"
            'engine = create_engine("postgresql+psycopg://app@db/app")'
        ),
        good=(
            "from sqlalchemy import create_engine\n\n"
            'engine = create_engine("postgresql+psycopg://app@db/app", pool_pre_ping=True)'
        ),
        fixable=True,
    )
    node_types = (ast.Call,)
    call_qualified = ENGINE_FACTORIES

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        if _qualified(ctx, node.func) not in ENGINE_FACTORIES or has_kwargs(node):
            return
        if any(k.arg in ("pool_pre_ping", "pool_recycle") for k in node.keywords):
            return
        pool = kwarg(node, "poolclass")
        if pool is not None and (dotted_name(pool.value) or "").rsplit(".", 1)[-1] in (
            "NullPool",
            "StaticPool",
        ):
            return
        url = node.args[0] if node.args else (k.value if (k := kwarg(node, "url")) else None)
        if _database_kind(url, ctx) != "server":
            return
        parts = [*node.args, *(k.value for k in node.keywords)]
        last = max(parts, key=lambda e: (e.end_lineno or 0, e.end_col_offset or 0))
        keyword = next((k for k in node.keywords if k.value is last), None)
        end = keyword or last
        span = span_of(end, ctx.lines)
        fix = Fix(
            "Add pool_pre_ping=True",
            (Edit(ctx.path, Span(span.end, span.end), ", pool_pre_ping=True"),),
        )
        ctx.report(
            node.func,
            "server database engine without `pool_pre_ping=True` or `pool_recycle=`: "
            "connections closed by the server while idle fail the next request",
            fix=fix,
        )


# --- BA405 -----------------------------------------------------------------------------------

SESSION_FACTORY_RE = re.compile(
    r"^(?:Async)?Session(?:Local|Maker|Factory)$|^(?:async_)?session_?(?:local|maker|factory)$"
    r"|^(?:get_)?async_session_maker$",
    re.IGNORECASE,
)
SESSION_CLASSES = frozenset(
    {
        "sqlalchemy.orm.Session",
        "sqlalchemy.orm.session.Session",
        "sqlalchemy.ext.asyncio.AsyncSession",
        "sqlmodel.Session",
        "sqlmodel.ext.asyncio.session.AsyncSession",
    }
)
SESSIONMAKERS = frozenset(
    {
        "sqlalchemy.orm.sessionmaker",
        "sqlalchemy.ext.asyncio.async_sessionmaker",
        "sqlmodel.orm.session.sessionmaker",
    }
)


def _session_factories(ctx: FileContext) -> set[str]:
    """Module-level names bound to ``sessionmaker(...)`` in this file."""
    names: set[str] = set()
    for stmt in ctx.tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Call)
            and _qualified(ctx, stmt.value.func) in SESSIONMAKERS
        ):
            names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return names


def _opens_session(call: ast.Call, ctx: FileContext, factories: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Call):  # sessionmaker(bind=engine)()
        return _qualified(ctx, func.func) in SESSIONMAKERS
    if not isinstance(func, ast.Name):
        return False
    if func.id in factories or _qualified(ctx, func) in SESSION_CLASSES:
        return True
    origin = ctx.scopes.imports.get(func.id, "")
    if origin.split(".")[0] in ("requests", "aiohttp", "httpx", "boto3", "botocore", "flask"):
        return False
    return bool(SESSION_FACTORY_RE.match(func.id))


def _opened_session(sub: ast.Assign, ctx: FileContext, factories: set[str]) -> bool:
    """``var = Session()`` (or awaited): the assignments BA405 follows."""
    if not (len(sub.targets) == 1 and isinstance(sub.targets[0], ast.Name)):
        return False
    value = sub.value.value if isinstance(sub.value, ast.Await) else sub.value
    return isinstance(value, ast.Call) and _opens_session(value, ctx, factories)


def _closed_safely(fn: Function, var: str) -> bool:
    """``with var``, a ``finally`` that closes it, or handing it to the caller."""
    for node in _own_nodes(fn):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if any(
                    isinstance(n, ast.Name) and n.id == var for n in ast.walk(item.context_expr)
                ):
                    return True
        elif isinstance(node, ast.Try) and node.finalbody:
            for sub in ast.walk(ast.Module(body=node.finalbody, type_ignores=[])):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Attribute)
                    and sub.func.attr in ("close", "remove", "rollback")
                    and isinstance(sub.func.value, ast.Name)
                    and sub.func.value.id == var
                ):
                    return True
        elif isinstance(node, ast.Return) and node.value is not None:
            if any(isinstance(n, ast.Name) and n.id == var for n in ast.walk(node.value)):
                return True  # a factory: the caller owns the session
        elif (
            isinstance(node, (ast.Assign, ast.AnnAssign))
            and isinstance(node.value, ast.Name)
            and node.value.id == var
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(not isinstance(t, ast.Name) for t in targets):
                return True  # stored on an object (self.session = db): closed elsewhere
    return False


@register
class SessionNotClosed(Rule):
    info = RuleInfo(
        code="BA405",
        migration_files=False,
        test_files="never",
        name="session-not-closed",
        summary="A database session is opened without `with` or `try/finally` to close it.",
        severity=Severity.WARNING,
        rationale=(
            "A session holds a pooled connection and, once it has queried, an open transaction. "
            "When an exception skips the `close()`, the connection stays checked out (idle in "
            "transaction, holding locks) until garbage collection: under errors the pool runs "
            "dry and requests hang on `QueuePool limit reached`. Open sessions with `with "
            "Session(engine) as session:` or close them in `finally` (a FastAPI dependency: "
            "`try: yield db` / `finally: db.close()`). Migrations are not checked: their "
            "session is bound to the migration's own connection and lives for one run."
        ),
        bad=("def get_db():\n    db = SessionLocal()\n    yield db\n    db.close()"),
        good=(
            "def get_db():\n"
            "    db = SessionLocal()\n"
            "    try:\n"
            "        yield db\n"
            "    finally:\n"
            "        db.close()"
        ),
        cwe=(404,),
    )

    def check_file(self, ctx: FileContext) -> None:
        # after the engine's walk: the file's assignments come from its by-type index, and a
        # file with no assignment that opens a session skips the walk of each function
        factories = _session_factories(ctx)
        if not any(_opened_session(a, ctx, factories) for a in of_type(ctx.tree, ast.Assign)):
            return
        for fn in _functions(ctx.tree):
            self._function(fn, ctx, factories)

    def _function(self, node: Function, ctx: FileContext, factories: set[str]) -> None:
        for sub in _own_nodes(node):
            if not (isinstance(sub, ast.Assign) and _opened_session(sub, ctx, factories)):
                continue
            value = sub.value.value if isinstance(sub.value, ast.Await) else sub.value
            var = sub.targets[0].id  # type: ignore[attr-defined]  # a Name: _opened_session
            if not _closed_safely(node, var):
                ctx.report(
                    value,
                    f"session `{var}` is not closed when an exception is raised; use "
                    "`with ... as session:` or close it in `finally`",
                )


# --- BA406 -----------------------------------------------------------------------------------


@register
class ForeignKeyWithoutIndex(Rule):
    info = RuleInfo(
        code="BA406",
        name="foreign-key-without-index",
        summary="A foreign key column has no index.",
        severity=Severity.INFO,
        rationale=(
            "PostgreSQL, SQLite and SQL Server do not index foreign key columns by themselves. "
            "Every join from the parent, every `WHERE user_id = ?` and every delete of a parent "
            "row (which checks the children) then scans the whole child table. Add "
            "`index=True`, or make the column the first of a multi-column index. Django indexes "
            "`ForeignKey` columns unless `db_index=False`."
        ),
        bad='user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))',
        good='user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)',
        cwe=(1067,),
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        for model in models_in(ctx):
            if model.abstract:
                continue
            leading = {cols[0] for cols in [*model.indexes, *model.unique_constraints] if cols}
            for column in model.columns:
                if (
                    column.foreign_key is None
                    or column.span is None
                    or column.index
                    or column.unique
                    or column.primary_key
                    or column.name in leading
                ):
                    continue
                ctx.report(
                    column.span,
                    f"foreign key `{model.name}.{column.name}` -> `{column.foreign_key}` has no "
                    "index: joins and parent deletes scan the table"
                    + (
                        " (`db_index=False` removed Django's)"
                        if model.framework == "django"
                        else ""
                    ),
                )


# --- BA407 -----------------------------------------------------------------------------------

LENGTH_DIALECT_RE = re.compile(r"\b(mysql|mariadb|oracle)(?:\+\w+)?://", re.IGNORECASE)
UNBOUNDED_STRINGS = frozenset({"String", "Unicode", "VARCHAR", "NVARCHAR", "AutoString"})
_DIALECTS: dict[tuple[str, int], str | None] = {}


def project_dialect(ctx: FileContext) -> str | None:
    """mysql/mariadb/oracle when the project's configuration names one of them: alembic.ini,
    an env template, or a URL in an indexed Python file. Cached per index generation."""
    index = ctx.index
    root = project_root(ctx)
    if index is None or root is None:
        return None
    key = (root, index.generation)
    if key in _DIALECTS:
        return _DIALECTS[key]
    found: str | None = None
    candidates = [os.path.join(root, n) for n in ("alembic.ini", *ENV_FILES)]
    for candidate in candidates:
        m = LENGTH_DIALECT_RE.search(read_text(candidate))
        if m:
            found = m.group(1).lower()
            break
    if found is None:
        for path in sorted(index.files):
            text = index.text(path) or ""
            m = LENGTH_DIALECT_RE.search(text)
            if m:
                found = m.group(1).lower()
                break
    if len(_DIALECTS) > 16:
        _DIALECTS.clear()
    _DIALECTS[key] = found
    return found


ENV_FILES = (".env.example", ".env.sample", ".env.template", ".env", "docker-compose.yml")


@register
class StringWithoutLength(Rule):
    info = RuleInfo(
        code="BA407",
        name="string-without-length",
        summary="A `String` column has no length, and the project's database needs one.",
        severity=Severity.ERROR,
        rationale=(
            "MySQL, MariaDB and Oracle have no unbounded VARCHAR: `CREATE TABLE` fails with "
            '"VARCHAR requires a length on dialect mysql" (SQLAlchemy) for a `String()` '
            "column, a SQLModel `str` field included. The rule fires only when the project's "
            "configuration (alembic.ini, an env template, a database URL in the code) names one "
            "of those databases; PostgreSQL and SQLite accept `String()` as is."
        ),
        bad="# alembic.ini: sqlalchemy.url = mysql+pymysql://...\nname = Column(String)",
        good="name = Column(String(120))",
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        columns = [
            (model, column)
            for model in models_in(ctx)
            if model.framework in ("sqlalchemy", "sqlmodel")
            for column in model.columns
            if column.type in UNBOUNDED_STRINGS and column.length is None and column.span
        ]
        if not columns:
            return
        dialect = project_dialect(ctx)
        if dialect is None:
            return
        for model, column in columns:
            assert column.span is not None
            ctx.report(
                column.span,
                f"`{model.name}.{column.name}` (`{column.type}`) has no length; {dialect} "
                "needs one (`String(255)`, or `Field(max_length=...)` in SQLModel)",
            )


# --- BA408 -----------------------------------------------------------------------------------

MIGRATION_MARKERS = ("alembic.ini", "alembic", os.path.join("migrations", "versions"))


def has_migrations(ctx: FileContext) -> str | None:
    """What shows the project migrates its schema: alembic.ini, alembic/, migrations/versions/."""
    for folder in folders_up(ctx):
        for marker in MIGRATION_MARKERS:
            if os.path.exists(os.path.join(folder, marker)):
                return marker
    return None


TEST_WORDS = frozenset({"test", "tests", "testing", "conftest", "fixtures", "seed", "dev"})


@register
class CreateAllWithMigrations(Rule):
    info = RuleInfo(
        code="BA408",
        test_files="never",
        name="create-all-with-migrations",
        summary="`metadata.create_all()` in application code of a project that has migrations.",
        severity=Severity.WARNING,
        rationale=(
            "With Alembic the migrations own the schema. `create_all` at start-up creates "
            "missing tables straight from the models, so a table exists without its migration "
            "having run: the next `alembic upgrade` fails on `table already exists`, or "
            "`alembic_version` says a revision the database does not match. Keep `create_all` "
            "for tests and throwaway scripts; run `alembic upgrade head` on deploy."
        ),
        bad='@app.on_event("startup")\ndef init():\n    Base.metadata.create_all(bind=engine)',
        good="# deploy: alembic upgrade head\n# tests/conftest.py: Base.metadata.create_all(engine)",
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        stem = os.path.splitext(ctx.relative_parts[-1])[0].lower()
        if TEST_WORDS & set(re.split(r"[_\W]+", stem)):
            return
        calls = [
            n
            for n in of_type(ctx.tree, ast.Call)
            if isinstance(n.func, ast.Attribute)
            and n.func.attr == "create_all"
            and isinstance(n.func.value, ast.Attribute)
            and n.func.value.attr == "metadata"
        ]
        if not calls:
            return
        marker = has_migrations(ctx)
        if marker is None:
            return
        for call in calls:
            ctx.report(
                call,
                f"`{ctx.source_of(call.func)}()` creates tables outside the migrations "
                f"(the project has {marker}); run `alembic upgrade head` instead",
            )

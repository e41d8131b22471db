"""BA306 list-without-pagination: a list endpoint returning an unbounded query."""

from __future__ import annotations

import ast
import re

from ...core.model import Severity
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, body_nodes, call_name, chain, receiver
from ..support.handler_writes import is_session
from ..support.handlers import handlers
from ..support.orm import DJANGO_MANAGERS
from ..support.responses import returns

PAGINATION_PARAM_RE = re.compile(
    r"(?i)^(?:limit|offset|skip|take|page|page_?size|per_?page|size|cursor|after|before|first|"
    r"last|start|count|max_?results|page_?token|paginat\w*|params)$"
)

QUERY_MARKS = frozenset(
    {
        "query",
        "objects",
        "scalars",
        "execute",
        "filter",
        "filter_by",
        "where",
        "order_by",
        "select",
        "exclude",
    }
)

BOUNDS = frozenset(
    {
        "limit",
        "slice",
        "paginate",
        "first",
        "one",
        "one_or_none",
        "scalar",
        "get",
        "count",
        "exists",
        "[]",
        "fetch",
        "first_or_404",
        "scalar_one",
        "scalar_one_or_none",
        "get_or_404",
        "iterator",
        "aggregate",
    }
)

# wrappers whose result is not a list of rows
REDUCERS = frozenset({"len", "sum", "max", "min", "any", "all", "bool", "next", "dict"})


def unbounded_query(expr: ast.expr) -> bool:
    """``q.all()``, ``Model.objects.all()`` / ``.filter(...)``, ``db.scalars(select(X))``
    with no ``limit``/slice/``first`` anywhere along the chain."""
    if not isinstance(expr, ast.Call):
        return False
    names = chain(expr.func)
    inner = [c for c in walk(expr) if isinstance(c, (ast.Call, ast.Subscript, ast.Attribute))]
    bounded = any(
        (isinstance(c, ast.Attribute) and c.attr in BOUNDS) or isinstance(c, ast.Subscript)
        for c in inner
    )
    if bounded:
        return False
    last = names[-1] if names else ""
    if last == "all" and any(n in QUERY_MARKS or n in DJANGO_MANAGERS for n in names[:-1]):
        return True
    if last in {"all", "filter", "exclude", "order_by"} and any(
        n in DJANGO_MANAGERS for n in names
    ):
        return True
    if last in {"scalars", "execute", "exec"} and is_session(receiver(expr)) and expr.args:
        stmt = chain(expr.args[0])
        return bool(stmt) and stmt[0] == "select"
    return False


def _returned_queries(fn: FunctionNode) -> list[ast.Call]:
    """Unbounded queries whose rows reach a ``return`` (directly, through names assigned from
    them, comprehensions and serializers), outermost call first per site."""
    tainted: dict[str, ast.Call] = {}
    sites: list[ast.Call] = []

    def find(expr: ast.AST) -> ast.Call | None:
        todo = [expr]
        while todo:
            node = todo.pop(0)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in REDUCERS
            ):
                continue
            if isinstance(node, ast.expr) and unbounded_query(node):
                assert isinstance(node, ast.Call)
                return node
            if isinstance(node, ast.Name) and node.id in tainted:
                return tainted[node.id]
            if isinstance(node, ast.Subscript):
                continue  # rows[:10]
            todo.extend(ast.iter_child_nodes(node))
        return None

    for _ in range(3):  # names assigned from names assigned from a query
        for node in body_nodes(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id not in tainted:
                    found = find(node.value)
                    if found is not None:
                        tainted[target.id] = found
            elif isinstance(node, ast.For) and (found := find(node.iter)) is not None:
                # ``for row in rows: out.append(...)``: ``out`` grows with the query
                for inner in walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and call_name(inner) in {"append", "extend"}
                        and isinstance(recv := receiver(inner), ast.Name)
                    ):
                        tainted.setdefault(recv.id, found)
    for ret in returns(fn):
        if ret.value is not None:
            found = find(ret.value)
            if found is not None and found not in sites:
                sites.append(found)
    return sites


def _reads_pagination(fn: FunctionNode) -> bool:
    """``request.args.get("page")``, ``request.GET["limit"]``, ``query_params.get("cursor")``."""
    for node in body_nodes(fn):
        key: ast.expr | None = None
        if isinstance(node, ast.Call) and call_name(node) in {"get", "getlist"} and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript):
            key = node.slice
        if (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and PAGINATION_PARAM_RE.match(key.value)
        ):
            return True
        if isinstance(node, ast.Name) and node.id in {"paginator", "Paginator"}:
            return True
        if isinstance(node, ast.Attribute) and node.attr in {"paginate_queryset", "paginate"}:
            return True
    return False


@register
class ListWithoutPagination(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA306",
        name="list-without-pagination",
        summary="List endpoint returns an unbounded query and takes no pagination parameters.",
        severity=Severity.WARNING,
        rationale=(
            "A list endpoint that returns every row is fast on a developer's database and "
            "falls over in production: response size, memory and query time grow with the "
            "table, and clients cannot page. Fires for a GET handler whose returned value comes "
            "from `.all()` (or a `select()` run without `limit`, or a Django queryset without "
            "a slice) when the route has no `limit`/`offset`/`page`/`cursor`/`size` parameter "
            "and the handler reads none from the query string."
        ),
        bad='@router.get("/orders")\ndef list_orders(db: Session):\n'
        "    return db.scalars(select(Order)).all()",
        good='@router.get("/orders")\ndef list_orders(db: Session, limit: int = 50, offset: int = 0):\n'
        "    return db.scalars(select(Order).offset(offset).limit(limit)).all()",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            # DRF also serves ``search.{format}``: judge the plain path
            route = next((r for r in routes if "format-suffix" not in r.tags), routes[0])
            if "GET" not in route.methods or set(route.methods) - {"GET", "HEAD", "ANY"}:
                continue
            if route.path.rstrip("/").endswith("}"):
                continue  # a detail route: one resource, whatever it embeds
            params = {p.name for p in route.parameters} | {
                a.arg for a in fn.args.args + fn.args.kwonlyargs
            }
            if any(PAGINATION_PARAM_RE.match(p) for p in params) or _reads_pagination(fn):
                continue
            for site in _returned_queries(fn):
                ctx.report(
                    site,
                    f"`{route.label}` returns every row of this query; take `limit`/`offset` "
                    "(or a cursor) and bound it",
                )

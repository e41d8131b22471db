"""BA402 lazy-load-in-loop: a relationship lazy-loaded for each row of a query's results."""

from __future__ import annotations

import ast
import bisect

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import of_type, walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode
from ..support.function_nodes import functions, own_nodes
from ..support.orm import SESSION_RE
from ..support.queries import DJANGO_QUERY_METHODS, chain_calls

EAGER_LOADERS = frozenset(
    {"selectinload", "joinedload", "subqueryload", "immediateload", "contains_eager"}
)

EAGER_LAZY = frozenset(
    {"selectin", "joined", "subquery", "immediate", "raise", "raise_on_sql", "noload"}
)

# Loading strategies whose attribute is not loaded on access (a query object, or an error)
NOT_LOADED_ON_ACCESS = frozenset({"dynamic", "write_only"})


def _query_model(expr: ast.expr, ctx: FileContext) -> tuple[str, str, list[ast.Call]] | None:
    """(model name, framework, the calls of the chain) when ``expr`` iterates a query's rows."""
    calls = chain_calls(expr)
    inner: list[ast.Call] = []
    for call in calls:
        inner.extend(c for c in walk(call) if isinstance(c, ast.Call))
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
        for fn in functions(ctx.tree):
            at = bisect.bisect_left(lines, fn.lineno)
            if at == len(lines) or lines[at] > (fn.end_lineno or fn.lineno):
                continue
            assigned: dict[str, ast.expr] | None = None  # computed for functions with a loop
            for node in own_nodes(fn):
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
        for node in walk(ast.Module(body=loop.body, type_ignores=[])):
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


def _single_assignments(fn: FunctionNode) -> dict[str, ast.expr]:
    """Names assigned exactly once in ``fn`` (``users = session.scalars(...).all()``)."""
    counts: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    for node in own_nodes(fn):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    counts[t.id] = counts.get(t.id, 0) + 1
                    values[t.id] = node.value
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name):
            counts[node.target.id] = counts.get(node.target.id, 0) + 2
    return {n: v for n, v in values.items() if counts[n] == 1}

"""BA404 engine-without-pre-ping: a server database engine with no pool_pre_ping or pool_recycle."""

from __future__ import annotations

import ast
import re
from typing import cast

from ...core.model import Edit, Fix, Severity, Span
from ...core.syntax import dotted_name
from ...index.facts import span_of
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import has_kwargs, kwarg, qualified_name
from ..support.orm import ENGINE_FACTORIES

SERVER_SCHEMES = ("postgresql", "postgres", "mysql", "mariadb", "mssql", "oracle")

URL_NAME_RE = re.compile(
    r"(?:DATABASE|DB|SQL|SQLALCHEMY)\w*(?:URL|URI|DSN)|^(?:url|dsn|uri)$", re.I
)


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
        node = cast(ast.Call, node)
        if qualified_name(ctx, node.func) not in ENGINE_FACTORIES or has_kwargs(node):
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

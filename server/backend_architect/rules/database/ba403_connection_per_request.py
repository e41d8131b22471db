"""BA403 connection-per-request: an engine or connection created in a route handler."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, qualified_name
from ..support.function_nodes import functions, own_nodes
from ..support.handlers import is_route_handler
from ..support.orm import ENGINE_FACTORIES

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

CACHING_DECORATORS = frozenset({"lru_cache", "cache", "cached", "cached_property", "singleton"})


def handler_functions(ctx: FileContext) -> list[FunctionNode]:
    """Route handlers of this file (from the index, or by their route decorator)."""
    return [fn for fn in functions(ctx.tree) if is_route_handler(fn, ctx, django_views=False)]


def called_from_handlers(ctx: FileContext, handlers: list[FunctionNode]) -> list[FunctionNode]:
    """Handlers and the module-level functions of the same file they call, transitively."""
    module_fns = {
        s.name: s for s in ctx.tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    seen: dict[int, FunctionNode] = {id(h): h for h in handlers}
    todo = list(handlers)
    while todo:
        fn = todo.pop()
        for node in own_nodes(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                callee = module_fns.get(node.func.id)
                if callee is not None and id(callee) not in seen:
                    seen[id(callee)] = callee
                    todo.append(callee)
    return list(seen.values())


def _cached(fn: FunctionNode) -> bool:
    return any(
        (dotted_name(d.func if isinstance(d, ast.Call) else d) or "").rsplit(".", 1)[-1]
        in CACHING_DECORATORS
        for d in fn.decorator_list
    )


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
            for node in own_nodes(fn):
                if not isinstance(node, ast.Call):
                    continue
                q = qualified_name(ctx, node.func)
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

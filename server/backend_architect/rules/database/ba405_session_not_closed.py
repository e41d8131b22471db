"""BA405 session-not-closed: a session opened without with or try/finally to close it."""

from __future__ import annotations

import ast
import re

from ...core.model import Severity
from ..file_context import FileContext
from ..nodes import of_type, walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, qualified_name
from ..support.function_nodes import functions, own_nodes

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
            and qualified_name(ctx, stmt.value.func) in SESSIONMAKERS
        ):
            names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return names


def _opens_session(call: ast.Call, ctx: FileContext, factories: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Call):  # sessionmaker(bind=engine)()
        return qualified_name(ctx, func.func) in SESSIONMAKERS
    if not isinstance(func, ast.Name):
        return False
    if func.id in factories or qualified_name(ctx, func) in SESSION_CLASSES:
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


def _closed_safely(fn: FunctionNode, var: str) -> bool:
    """``with var``, a ``finally`` that closes it, or handing it to the caller."""
    for node in own_nodes(fn):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if any(isinstance(n, ast.Name) and n.id == var for n in walk(item.context_expr)):
                    return True
        elif isinstance(node, ast.Try) and node.finalbody:
            for sub in walk(ast.Module(body=node.finalbody, type_ignores=[])):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Attribute)
                    and sub.func.attr in ("close", "remove", "rollback")
                    and isinstance(sub.func.value, ast.Name)
                    and sub.func.value.id == var
                ):
                    return True
        elif isinstance(node, ast.Return) and node.value is not None:
            if any(isinstance(n, ast.Name) and n.id == var for n in walk(node.value)):
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
        for fn in functions(ctx.tree):
            self._function(fn, ctx, factories)

    def _function(self, node: FunctionNode, ctx: FileContext, factories: set[str]) -> None:
        for sub in own_nodes(node):
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

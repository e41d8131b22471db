"""BA504 blocking-call-in-async-handler: a blocking call inside an async route handler."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import of_type
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode
from ..support.handlers import is_route_handler
from ..support.orm import SESSION_QUERY_METHODS, SESSION_RE

BLOCKING_CALLS = {
    **{f"requests.{m}": "requests" for m in ("get", "post", "put", "patch", "delete", "head", "options", "request")},
    **{f"httpx.{m}": "httpx's sync API" for m in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")},
    "time.sleep": "time.sleep",
    "urllib.request.urlopen": "urllib",
    "psycopg2.connect": "psycopg2",
    "sqlite3.connect": "sqlite3",
    "pymysql.connect": "pymysql",
    "subprocess.run": "subprocess",
    "subprocess.call": "subprocess",
    "subprocess.check_call": "subprocess",
    "subprocess.check_output": "subprocess",
    "smtplib.SMTP": "smtplib",
}  # fmt: skip

ASYNC_ALTERNATIVE = {
    "requests": "an async client (`httpx.AsyncClient`)",
    "httpx's sync API": "`httpx.AsyncClient`",
    "time.sleep": "`await asyncio.sleep()`",
    "urllib": "an async client (`httpx.AsyncClient`)",
    "subprocess": "`asyncio.create_subprocess_exec`",
}

SYNC_SESSION_METHODS = frozenset(SESSION_QUERY_METHODS) | {"commit", "flush", "refresh"}


def _own_calls(fn: FunctionNode) -> list[tuple[ast.Call, ast.AST | None]]:
    """Calls in ``fn``'s own body with their parent, skipping nested functions and lambdas
    (``run_in_executor(None, lambda: ...)`` runs them in a thread)."""
    out: list[tuple[ast.Call, ast.AST | None]] = []
    todo: list[tuple[ast.AST, ast.AST | None]] = [(s, fn) for s in fn.body]
    while todo:
        node, parent = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Call):
            out.append((node, parent))
        todo.extend((child, node) for child in ast.iter_child_nodes(node))
    return out


def _blocking(call: ast.Call, parent: ast.AST | None, ctx: FileContext) -> str | None:
    q = ctx.scopes.qualified(call.func)
    if q in BLOCKING_CALLS:
        return BLOCKING_CALLS[q]
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in SYNC_SESSION_METHODS
        and not isinstance(parent, (ast.Await, ast.withitem))
        and (call.args or func.attr in ("commit", "flush"))
    ):
        receiver = (dotted_name(func.value) or "").rsplit(".", 1)[-1]
        if SESSION_RE.search(receiver) and not receiver.lower().startswith(("client", "http")):
            if func.attr == "get" and not (
                call.args and (dotted_name(call.args[0]) or "")[:1].isupper()
            ):
                return None  # session.get("key"): a web session, not the ORM
            return "a synchronous database session"
    return None


@register
class BlockingCallInAsync(Rule):
    info = RuleInfo(
        code="BA504",
        name="blocking-call-in-async-handler",
        summary="A blocking call inside an `async def` route handler stalls the event loop.",
        severity=Severity.WARNING,
        rationale=(
            "An `async def` handler runs on the event loop: while `requests.get`, `time.sleep` "
            "or a synchronous database query waits, no other request of that worker makes "
            "progress, so one slow upstream freezes them all. Use the async client "
            "(`httpx.AsyncClient`, `AsyncSession`, `asyncpg`), `await asyncio.sleep`, or make "
            "the handler a plain `def` (FastAPI runs those in a thread pool)."
        ),
        bad=(
            "import requests\n\n"
            '@app.get("/rate")\n'
            "async def rate():\n"
            '    return requests.get("https://api.example.com/rate", timeout=5).json()'
        ),
        good=(
            "import httpx\n\n"
            '@app.get("/rate")\n'
            "async def rate():\n"
            "    async with httpx.AsyncClient(timeout=5) as client:\n"
            '        return (await client.get("https://api.example.com/rate")).json()'
        ),
        cwe=(400,),
    )

    def check_file(self, ctx: FileContext) -> None:
        # after the engine's walk, whose by-type index ``of_type`` then reuses
        node = ctx.tree
        functions = of_type(node, ast.AsyncFunctionDef)
        handlers = [fn for fn in functions if is_route_handler(fn, ctx, django_views=False)]
        if not handlers:
            return
        module_async = {s.name: s for s in node.body if isinstance(s, ast.AsyncFunctionDef)}
        todo: list[ast.AsyncFunctionDef] = list(handlers)
        seen = {id(h) for h in handlers}
        while todo:
            fn = todo.pop()
            for call, parent in _own_calls(fn):
                if isinstance(call.func, ast.Name) and call.func.id in module_async:
                    callee = module_async[call.func.id]
                    if id(callee) not in seen:
                        seen.add(id(callee))
                        todo.append(callee)
                    continue
                what = _blocking(call, parent, ctx)
                if what is None:
                    continue
                instead = ASYNC_ALTERNATIVE.get(what, "its async driver, or a plain `def` handler")
                where = (
                    "this async route handler"
                    if fn in handlers
                    else f"`{fn.name}()`, which a route handler awaits"
                )
                ctx.report(
                    call.func,
                    f"`{ctx.source_of(call.func)}()` ({what}) blocks the event loop in {where}; "
                    f"use {instead}",
                )

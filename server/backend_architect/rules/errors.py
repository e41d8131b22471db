"""BA5xx: errors, logging, async and code quality.

All five read the syntax tree only. Route handlers are recognised by their route decorator,
or through the index when there is one (``is_route_handler``).
"""

from __future__ import annotations

import ast
import os
import re

from ..core.model import Edit, Fix, Severity, Span
from ..index.facts import char_column, name_span
from ..index.symbols import dotted_name
from .file_context import FileContext
from .nodes import of_type
from .registry import Rule, RuleInfo, register
from .support.handlers import HANDLER_MODULES, is_route_handler
from .support.orm import SESSION_QUERY_METHODS, SESSION_RE

Function = ast.FunctionDef | ast.AsyncFunctionDef
BROAD = frozenset({"Exception", "BaseException"})
# Errors of I/O a service must not hide: the database, HTTP clients, the network.
IO_ERRORS = frozenset(
    {
        "SQLAlchemyError", "DBAPIError", "DatabaseError", "IntegrityError", "OperationalError",
        "RequestException", "HTTPError", "HTTPStatusError", "ConnectionError", "ClientError",
        "TimeoutError", "Timeout", "ReadTimeout", "ConnectTimeout", "SMTPException",
    }
)  # fmt: skip
# Calls in a ``try`` whose failure is commonly and rightly ignored (cleanup).
CLEANUP = frozenset(
    {
        "close", "aclose", "shutdown", "unlink", "remove", "rmtree", "kill", "terminate",
        "cancel", "disconnect", "release", "rollback", "stop", "dispose", "delete",
    }
)  # fmt: skip


def _enclosing(ctx: FileContext) -> Function | None:
    return ctx.enclosing_function()


def _caught(handler: ast.ExceptHandler) -> list[str]:
    """Last names of the caught types; [] for a bare ``except:``."""
    if handler.type is None:
        return []
    elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [(dotted_name(e) or "?").rsplit(".", 1)[-1] for e in elts]


def _silent(body: list[ast.stmt]) -> bool:
    """A body that does nothing with the error: ``pass``, ``...``, ``continue``, ``break``."""
    return all(
        isinstance(s, (ast.Pass, ast.Continue, ast.Break))
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in body
    )


def _only_pass(body: list[ast.stmt]) -> bool:
    return all(
        isinstance(s, ast.Pass)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is ...)
        for s in body
    )


def _in_handler_scope(ctx: FileContext) -> bool:
    fn = _enclosing(ctx)
    # django_views off: a helper taking ``request`` (a DRF negotiation class) is no view; Django
    # views are found through their views module anyway
    return fn is not None and is_route_handler(fn, ctx, module_counts=True, django_views=False)


def _header_span(handler: ast.ExceptHandler, ctx: FileContext) -> Span:
    """``except`` or ``except Exception``: the clause's header up to its type."""
    line = handler.lineno - 1
    text = ctx.lines[line] if line < len(ctx.lines) else ""
    start = char_column(text, handler.col_offset)
    if handler.type is None:
        return Span.of(line, start, line, start + len("except"))
    end_line = (handler.type.end_lineno or handler.lineno) - 1
    end_text = ctx.lines[end_line] if end_line < len(ctx.lines) else ""
    return Span.of(line, start, end_line, char_column(end_text, handler.type.end_col_offset or 0))


def _ba501_fires(handler: ast.ExceptHandler, ctx: FileContext) -> bool:
    if not _in_handler_scope(ctx):
        return False
    caught = _caught(handler)
    return not caught or (bool(BROAD & set(caught)) and _only_pass(handler.body))


@register
class BroadExceptInHandler(Rule):
    info = RuleInfo(
        code="BA501",
        test_files="never",
        name="broad-except-in-handler",
        summary="A route handler catches everything (`except:`) or silences `Exception`.",
        severity=Severity.WARNING,
        rationale=(
            "A bare `except:` also catches `KeyboardInterrupt`, `SystemExit` and the "
            "cancellation the server uses to stop a request; `except Exception: pass` turns "
            "every failure (a lost database connection, a bug) into a normal-looking response "
            "with nothing in the logs. Catch the errors the handler can answer, and let the "
            "rest reach the framework's error handler, which logs them and answers 500."
        ),
        bad=(
            '@app.post("/orders")\n'
            "def create_order(order: OrderIn):\n"
            "    try:\n"
            "        save(order)\n"
            "    except Exception:\n"
            "        pass\n"
            '    return {"ok": True}'
        ),
        good=(
            '@app.post("/orders")\n'
            "def create_order(order: OrderIn):\n"
            "    try:\n"
            "        save(order)\n"
            "    except DuplicateOrder:\n"
            '        raise HTTPException(409, "order exists")\n'
            '    return {"ok": True}'
        ),
        cwe=(396, 390),
        fixable=True,
    )
    node_types = (ast.ExceptHandler,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.ExceptHandler)
        if not _ba501_fires(node, ctx):
            return
        span = _header_span(node, ctx)
        if node.type is None:
            # the mechanical part: keep the body, stop catching SystemExit/KeyboardInterrupt;
            # a silent body would still be silenced, so no fix there
            fix = (
                None
                if _only_pass(node.body)
                else Fix(
                    "Catch Exception, not everything", (Edit(ctx.path, span, "except Exception"),)
                )
            )
            ctx.report(
                span,
                "bare `except:` in a route handler also catches SystemExit, KeyboardInterrupt "
                "and request cancellation; catch the errors this handler can answer",
                fix=fix,
            )
        else:
            ctx.report(
                span,
                "`except Exception: pass` in a route handler hides every failure; catch what "
                "the handler can answer and let the rest reach the error handler",
            )


@register
class SwallowedError(Rule):
    info = RuleInfo(
        code="BA502",
        test_files="never",
        name="swallowed-error",
        summary="An error is caught and dropped: not logged, re-raised or answered.",
        severity=Severity.WARNING,
        rationale=(
            "An `except` whose body is `pass` or `continue` makes a failure invisible: the "
            "operation did not happen, nobody is told, and the logs show nothing to start from. "
            "The rule looks at broad catches (`Exception`, bare) and at I/O errors (database, "
            "HTTP, network) in server code (modules using a web framework or an ORM, and "
            "service modules), not in tests or library code; cleanup calls such as `close()` "
            "and clauses with a comment saying why are exempt. Log it "
            "(`logger.exception(...)`), re-raise, or answer with an error."
        ),
        bad="import sqlalchemy\n\ntry:\n    notify(user)\nexcept Exception:\n    pass",
        good=(
            "import sqlalchemy\n\ntry:\n    notify(user)\nexcept Exception:\n"
            '    logger.exception("notify failed")'
        ),
        cwe=(390, 778),
    )
    node_types = (ast.ExceptHandler,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.ExceptHandler)
        if not _silent(node.body) or _explained(node, ctx):
            return
        if not (is_server_file(ctx) or _service_module(ctx)):
            return  # library and tool code: not what a service's logs must show
        caught = _caught(node)
        if caught and not (set(caught) & (BROAD | IO_ERRORS)):
            return  # KeyError, ImportError...: expected control flow
        if _ba501_fires(node, ctx):
            return  # BA501 says it
        parent = ctx.parent()
        if isinstance(parent, ast.Try) and _cleanup_only(parent.body):
            return
        what = "everything" if not caught else ", ".join(caught)
        ctx.report(
            _header_span(node, ctx),
            f"catching {what} and doing nothing hides the failure; log it "
            "(`logger.exception(...)`), re-raise, or answer with an error",
        )


def _explained(handler: ast.ExceptHandler, ctx: FileContext) -> bool:
    """A comment in the clause says why the error is dropped: a decision, not an oversight."""
    first = handler.lineno - 1
    last = handler.end_lineno or handler.lineno
    return any("#" in line for line in ctx.lines[first:last])


def _cleanup_only(body: list[ast.stmt]) -> bool:
    calls = [
        s.value.value if isinstance(s.value, ast.Await) else s.value
        for s in body
        if isinstance(s, ast.Expr)
    ]
    return (
        len(calls) == len(body)
        and bool(calls)
        and all(
            isinstance(c, ast.Call) and (dotted_name(c.func) or "").rsplit(".", 1)[-1] in CLEANUP
            for c in calls
        )
    )


# --- BA503 -----------------------------------------------------------------------------------

SERVER_MODULES = frozenset(
    {
        "fastapi", "flask", "starlette", "django", "rest_framework", "sanic", "litestar",
        "quart", "aiohttp", "falcon", "tornado", "sqlalchemy", "sqlmodel", "celery", "ninja",
        "strawberry", "graphene",
    }
)  # fmt: skip
CLI_MODULES = frozenset({"argparse", "click", "typer", "fire", "docopt", "optparse"})
NOT_SERVER_DIRS = frozenset(
    {"scripts", "script", "bin", "tools", "commands", "management", "examples", "docs", "cli"}
)
NOT_SERVER_FILES = frozenset(
    {"__main__.py", "manage.py", "setup.py", "cli.py", "noxfile.py", "fabfile.py", "tasks.py"}
)


def _main_guard(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


_SERVER_FILE: list[tuple[FileContext, bool]] = []


def is_server_file(ctx: FileContext) -> bool:
    """Code that runs inside the server: it uses a web framework or ORM, or the index found
    routes in it, and it is no test, migration, script, CLI or management command."""
    cached = _SERVER_FILE[0] if _SERVER_FILE else None
    if cached is not None and cached[0] is ctx:
        return cached[1]
    parts = ctx.relative_parts
    tops = {v.split(".")[0] for v in ctx.scopes.imports.values()}
    result = (
        not (
            ctx.is_test_file
            or ctx.is_migration_file  # a deploy-time script: its progress goes to the terminal
            or parts[-1] in NOT_SERVER_FILES
            or any(p in NOT_SERVER_DIRS for p in parts[:-1])
            or tops & CLI_MODULES
        )
        and bool(tops & SERVER_MODULES or ctx.routes())
    )
    _SERVER_FILE[:] = [(ctx, result)]
    return result


@register
class PrintInServerCode(Rule):
    info = RuleInfo(
        code="BA503",
        test_files="never",
        name="print-in-server-code",
        summary="`print()` in server code; use logging.",
        severity=Severity.INFO,
        rationale=(
            "`print` writes to stdout without a level, a timestamp, the logger name or the "
            "request's context, cannot be filtered or routed, and under some servers (gunicorn "
            "with buffered stdout, a detached worker) goes nowhere. Use `logging.getLogger"
            "(__name__)`. Tests, scripts, CLI modules, management commands and `__main__` "
            "blocks are not server code and are left alone."
        ),
        bad='from fastapi import FastAPI\n\ndef charge(order):\n    print("charging", order.id)',
        good=(
            "import logging\nfrom fastapi import FastAPI\n\nlog = logging.getLogger(__name__)\n\n"
            'def charge(order):\n    log.info("charging %s", order.id)'
        ),
    )
    node_types = (ast.Call,)
    call_names = frozenset({"print"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        if not (isinstance(node.func, ast.Name) and node.func.id == "print"):
            return
        if "print" in ctx.scopes.imports or not is_server_file(ctx):
            return
        if any(_main_guard(a) for a in ctx.stack):
            return
        fn = ctx.enclosing_function()
        if fn is not None and any(
            (dotted_name(d.func if isinstance(d, ast.Call) else d) or "").endswith("command")
            for d in fn.decorator_list
        ):
            return  # a click/typer/flask CLI command
        ctx.report(node.func, "`print()` in server code: use a logger")


# --- BA504 -----------------------------------------------------------------------------------

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


def _own_calls(fn: Function) -> list[tuple[ast.Call, ast.AST | None]]:
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


# --- BA505 -----------------------------------------------------------------------------------

SERVICE_RE = re.compile(r"(?:^|_)(?:services?|repositor(?:y|ies)|crud|use_?cases?)$")


def _missing_hints(fn: Function, skip_request: bool) -> list[str]:
    args = fn.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if params and params[0].arg in ("self", "cls"):
        params = params[1:]
    missing = [
        a.arg for a in params if a.annotation is None and not (skip_request and a.arg == "request")
    ]
    for extra in (args.vararg, args.kwarg):
        if extra is not None and extra.annotation is None:
            missing.append(extra.arg)
    return missing


TYPED_FRAMEWORKS = frozenset({"fastapi", "litestar", "ninja", "blacksheep", "robyn"})


def _annotations_are_the_contract(fn: Function, ctx: FileContext) -> bool:
    """Frameworks that read a handler's annotations to parse and validate the request."""
    for route in ctx.routes():
        if route.span.start.line == fn.lineno - 1:
            return route.framework == "fastapi"
    if any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "route"
        for d in fn.decorator_list
    ):
        return False  # Flask, Quart, Sanic-style @bp.route
    return bool({v.split(".")[0] for v in ctx.scopes.imports.values()} & TYPED_FRAMEWORKS)


def _service_module(ctx: FileContext) -> bool:
    parts = ctx.relative_parts
    stem = os.path.splitext(parts[-1])[0]
    return bool(SERVICE_RE.search(stem)) or any(SERVICE_RE.search(p) for p in parts[:-1])


@register
class MissingTypeHints(Rule):
    info = RuleInfo(
        code="BA505",
        test_files="never",
        name="missing-type-hints",
        summary="A route handler or public service function lacks type hints.",
        severity=Severity.HINT,
        rationale=(
            "In FastAPI a handler's parameter annotations are the request contract: an "
            "unannotated parameter becomes a required string query parameter, unvalidated and "
            "undocumented. In service and repository modules, hints on public functions are "
            "what callers, the type checker and the API docs read. Handlers of frameworks that "
            "validate through annotations (FastAPI, Litestar, django-ninja) are checked for "
            "parameter hints (the return type is an API design question, BA3xx); public "
            "functions of services/repositories/crud modules for parameters and return."
        ),
        bad=(
            "from fastapi import FastAPI\n\n"
            '@app.get("/items/{item_id}")\ndef read_item(item_id, q=None):\n    ...'
        ),
        good='@app.get("/items/{item_id}")\ndef read_item(item_id: int, q: str | None = None):\n    ...',
    )
    node_types = (ast.FunctionDef, ast.AsyncFunctionDef)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        if is_route_handler(node, ctx, django_views=False):
            if not _annotations_are_the_contract(node, ctx):
                return  # Flask/Django convert path values themselves; hints are optional there
            missing = _missing_hints(node, skip_request=True)
            if missing:
                ctx.report(
                    name_span(node, ctx.lines),
                    f"route handler `{node.name}` has no type hint for "
                    + ", ".join(f"`{m}`" for m in missing),
                )
            return
        parent = ctx.parent()
        if (
            isinstance(parent, ast.Module)
            and not node.name.startswith("_")
            and _service_module(ctx)
            and not any(p in HANDLER_MODULES for p in ctx.relative_parts[:-1])
        ):
            missing = [f"`{m}`" for m in _missing_hints(node, skip_request=False)]
            if node.returns is None:
                missing.append("the return value")
            if missing:
                ctx.report(
                    name_span(node, ctx.lines),
                    f"public service function `{node.name}` has no type hint for "
                    + ", ".join(missing),
                )

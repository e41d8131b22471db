"""BA502 swallowed-error: an error caught and dropped, not logged, re-raised or answered."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.except_clauses import (
    BROAD,
    broad_except_in_handler,
    caught_names,
    except_header_span,
)
from ..support.server_code import is_server_file, is_service_module

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


def _silent(body: list[ast.stmt]) -> bool:
    """A body that does nothing with the error: ``pass``, ``...``, ``continue``, ``break``."""
    return all(
        isinstance(s, (ast.Pass, ast.Continue, ast.Break))
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in body
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
        node = cast(ast.ExceptHandler, node)
        if not _silent(node.body) or _explained(node, ctx):
            return
        if not (is_server_file(ctx) or is_service_module(ctx)):
            return  # library and tool code: not what a service's logs must show
        caught = caught_names(node)
        if caught and not (set(caught) & (BROAD | IO_ERRORS)):
            return  # KeyError, ImportError...: expected control flow
        if broad_except_in_handler(node, ctx):
            return  # BA501 says it
        parent = ctx.parent()
        if isinstance(parent, ast.Try) and _cleanup_only(parent.body):
            return
        what = "everything" if not caught else ", ".join(caught)
        ctx.report(
            except_header_span(node, ctx),
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

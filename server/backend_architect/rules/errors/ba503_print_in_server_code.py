"""BA503 print-in-server-code: print() in code that runs inside the server."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.server_code import is_server_file


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
        node = cast(ast.Call, node)
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

"""BA108: a shell command built from request data."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.sinks import SHELL_ALWAYS, SUBPROCESS_CALLS, shell_command
from ..support.summaries import RequestData, report_hits


@register
class ShellWithRequestData(Rule):
    info = RuleInfo(
        code="BA108",
        name="shell-request-data",
        summary="A shell command is built from request data.",
        severity=Severity.ERROR,
        rationale=(
            "A shell reads `;`, `|`, `$(...)` and backquotes in its command line, so text from "
            "the client in `os.system`, `os.popen` or `subprocess` with `shell=True` runs "
            "commands of the client's choosing (OS command injection). Pass an argument list "
            'without a shell (`subprocess.run(["ping", "-c", "1", host])`) and validate '
            "the value against what it may be."
        ),
        bad="import os\nfrom flask import request\n\nos.system(f\"ping -c 1 {request.args['host']}\")",
        good=(
            "import subprocess\nfrom flask import request\n\n"
            'subprocess.run(["ping", "-c", "1", request.args["host"]], check=True, timeout=10)'
        ),
        cwe=(78,),
    )
    node_types = (ast.Call,)
    call_qualified = SUBPROCESS_CALLS | SHELL_ALWAYS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        command = shell_command(node, name)
        if command is None:
            return
        source = RequestData(ctx).source(command, node)
        if source is not None:
            ctx.report(
                command,
                f"{source} reaches the shell through `{name}`; pass an argument list "
                "without `shell=True`",
            )

    def check_file(self, ctx: FileContext) -> None:
        report_hits(ctx, "shell", "the client's text runs as shell commands")

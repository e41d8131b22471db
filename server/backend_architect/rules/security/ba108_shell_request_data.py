"""BA108: a shell command built from request data."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_true, kwarg
from ..support.request_data import RequestData

SHELL_ALWAYS = frozenset(
    {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
     "asyncio.create_subprocess_shell", "commands.getoutput"}
)  # fmt: skip
SUBPROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen"}
)  # fmt: skip


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
        if name in SUBPROCESS_CALLS:
            shell = kwarg(node, "shell")
            if shell is None or not is_true(shell.value):
                return
        elif name not in SHELL_ALWAYS:
            return
        command = node.args[0] if node.args else None
        if command is None:
            found = kwarg(node, "args") or kwarg(node, "cmd") or kwarg(node, "command")
            command = found.value if found else None
        if command is None or isinstance(command, ast.Starred):
            return
        source = RequestData(ctx).source(command, node)
        if source is not None:
            ctx.report(
                command,
                f"{source} reaches the shell through `{name}`; pass an argument list "
                "without `shell=True`",
            )

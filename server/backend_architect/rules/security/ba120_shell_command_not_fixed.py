"""BA120: a shell command or program made at run time (no request data proven to reach it)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.literals import is_fixed
from ..support.sinks import SHELL_ALWAYS, SUBPROCESS_CALLS, shell_command
from ..support.summaries import RequestData

# ``os.exec*``/``os.spawn*``: no shell, but the program itself is the argument
EXEC_CALLS = frozenset(
    f"os.{f}" for f in ("execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp",
                        "execvpe", "posix_spawn", "posix_spawnp")
)  # fmt: skip
SPAWN_CALLS = frozenset(
    f"os.{f}" for f in ("spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve",
                        "spawnvp", "spawnvpe")
)  # fmt: skip
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash", "cmd", "cmd.exe"})


def shell_list_command(call: ast.Call, name: str | None) -> ast.expr | None:
    """``subprocess.run(["sh", "-c", command])``: the command a shell reads from a list."""
    if name not in SUBPROCESS_CALLS or not call.args or not isinstance(call.args[0], ast.List):
        return None
    elts = call.args[0].elts
    for i, e in enumerate(elts[:-1]):
        if isinstance(e, ast.Constant) and e.value in ("-c", "/c") and i >= 1:
            first = elts[0]
            if isinstance(first, ast.Constant) and first.value in SHELLS:
                return elts[i + 1]
    return None


@register
class ShellCommandNotFixed(Rule):
    info = RuleInfo(
        code="BA120",
        name="shell-command-not-fixed",
        summary="A shell command or a program to run is made at run time.",
        severity=Severity.WARNING,
        rationale=(
            "A command line handed to a shell (`os.system`, `os.popen`, `subprocess` with "
            "`shell=True`, `sh -c`) is read for `;`, `|` and `$(...)`; a program path given to "
            "`os.exec*`/`os.spawn*` runs whatever it names. When the text is built at run "
            "time, whoever controls a part of it controls the command. This is the reviewer's "
            "flag where no request data is proven to reach it (BA108 reports that): pass an "
            "argument list without a shell, quote with `shlex.quote`, or pick the command "
            "from a fixed table."
        ),
        bad="import subprocess\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)",
        good=(
            "import subprocess\n\ndef listing(folder):\n"
            '    return subprocess.run(["ls", "-l", folder], check=True)'
        ),
        cwe=(78,),
    )
    node_types = (ast.Call,)
    call_qualified = SUBPROCESS_CALLS | SHELL_ALWAYS | EXEC_CALLS | SPAWN_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        command = shell_command(node, name)
        what = "shell command"
        checked = command is not None  # a sink BA108 checks for request data
        if command is None:
            command = shell_list_command(node, name)
        if command is None and name in EXEC_CALLS | SPAWN_CALLS:
            index = 1 if name in SPAWN_CALLS else 0
            command = node.args[index] if len(node.args) > index else None
            what = "program"
        if command is None or isinstance(command, ast.Starred) or is_fixed(ctx, command, node):
            return
        if checked and RequestData(ctx).source(command, node) is not None:
            return  # request data: BA108's finding
        ctx.report(
            command,
            f"the {what} for `{dotted_name(node.func) or name}` is made at run time; pass an "
            "argument list without a shell, or quote the parts with `shlex.quote`",
        )

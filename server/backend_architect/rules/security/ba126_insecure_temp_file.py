"""BA126: a temporary file name made with ``tempfile.mktemp`` (a race with other users)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo

MKTEMP = frozenset({"tempfile.mktemp", "os.tempnam", "os.tmpnam"})


@register
class InsecureTempFile(Rule):
    info = RuleInfo(
        code="BA126",
        name="insecure-temp-file",
        summary="A temporary file name is made with `tempfile.mktemp`.",
        severity=Severity.WARNING,
        rationale=(
            "`tempfile.mktemp` returns a name that does not exist yet; between that and the "
            "`open`, another process can create the file or a symlink under that name and "
            "read or redirect what the server writes. `tempfile.mkstemp`, "
            "`NamedTemporaryFile` and `TemporaryDirectory` create the file atomically, "
            "readable by its owner only."
        ),
        bad="import tempfile\n\npath = tempfile.mktemp(suffix='.csv')",
        good="import tempfile\n\nfd, path = tempfile.mkstemp(suffix='.csv')",
        cwe=(377,),
        fixable=False,
    )
    node_types = (ast.Call,)
    call_qualified = MKTEMP

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        if ctx.scopes.qualified(node.func) in MKTEMP:
            ctx.report(
                node.func,
                f"`{dotted_name(node.func)}` names a file another process can create first; "
                "use `tempfile.mkstemp` or `NamedTemporaryFile`",
            )

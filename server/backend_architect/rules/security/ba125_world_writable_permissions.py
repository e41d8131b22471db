"""BA125: a file or folder made writable by every user of the machine."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.literals import constant_value

# the call and the index of its mode argument
MODE_CALLS = {"os.chmod": 1, "os.fchmod": 1, "os.lchmod": 1, "os.makedirs": 1, "os.mkdir": 1}
OTHERS_WRITE = 0o002
STAT_BITS = {"S_IWOTH": 0o002, "S_IRWXO": 0o007, "S_IROTH": 0o004, "S_IXOTH": 0o001,
             "S_IRWXU": 0o700, "S_IRWXG": 0o070, "S_IRUSR": 0o400, "S_IWUSR": 0o200,
             "S_IXUSR": 0o100, "S_IRGRP": 0o040, "S_IWGRP": 0o020, "S_IXGRP": 0o010}  # fmt: skip


def mode_bits(expr: ast.expr, ctx: FileContext) -> int | None:
    """The permission bits of a mode: a number, a constant, ``stat.S_I*`` joined with ``|``."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.BitOr, ast.Add)):
        left, right = mode_bits(expr.left, ctx), mode_bits(expr.right, ctx)
        return None if left is None or right is None else left | right
    if isinstance(expr, ast.Attribute) and (ctx.scopes.qualified(expr) or "").startswith("stat."):
        return STAT_BITS.get(expr.attr)
    if isinstance(expr, ast.Name) and (ctx.scopes.qualified(expr) or "").startswith("stat."):
        return STAT_BITS.get(expr.id)
    value = constant_value(ctx, expr)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@register
class WorldWritablePermissions(Rule):
    info = RuleInfo(
        code="BA125",
        name="world-writable-permissions",
        summary="A file or folder is made writable by every user of the machine.",
        severity=Severity.WARNING,
        rationale=(
            "A mode with the others-write bit (`0o777`, `0o666`, `stat.S_IWOTH`) lets any "
            "process on the machine, or in a shared volume, change the file: replace a script "
            "the server runs, a config it reads, an upload it serves. Give the owner (and the "
            "group when needed) the access: `0o640` for files, `0o750` for folders."
        ),
        bad='import os\n\nos.chmod("/srv/app/uploads", 0o777)',
        good='import os\n\nos.chmod("/srv/app/uploads", 0o750)',
        cwe=(732,),
    )
    node_types = (ast.Call,)
    call_qualified = frozenset(MODE_CALLS)
    call_names = frozenset({"chmod", "mkdir"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        index = MODE_CALLS.get(name or "")
        if index is None:
            # ``Path(p).chmod(0o777)``, ``path.mkdir(mode=0o777)``: a method taking the mode
            func = node.func
            if not isinstance(func, ast.Attribute) or func.attr not in ("chmod", "mkdir"):
                return
            index = 0
        mode = node.args[index] if len(node.args) > index else None
        found = next((k for k in node.keywords if k.arg == "mode"), None)
        mode = found.value if found is not None else mode
        if mode is None or isinstance(mode, ast.Starred):
            return
        bits = mode_bits(mode, ctx)
        if bits is not None and bits & OTHERS_WRITE:
            ctx.report(
                mode,
                f"mode {oct(bits)} lets every user write here (`{dotted_name(node.func)}`); "
                "drop the others-write bit",
            )

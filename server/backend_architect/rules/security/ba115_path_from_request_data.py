"""BA115: request data picking the file the server opens, sends or deletes (path traversal)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import function_mentions
from ..support.request_data import PATH_TYPES
from ..support.sinks import PATH_CALLS, PATH_CHECKS
from ..support.summaries import RequestData, report_hits

PATH_KEYWORDS = ("file", "path", "filename", "src", "name_or_path")
# methods of a ``pathlib.Path`` that read, write or delete the file
PATH_METHODS = frozenset(
    {"read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "open"}
)
# a normalised path compared with the base by its start is the containment check too
NORMALISERS = frozenset({"abspath", "realpath", "normpath", "resolve"})
PREFIX_TESTS = frozenset({"startswith"})
# ``Path`` methods that give a path again: ``Path(name).resolve().read_text()``
PATH_RETURNING = frozenset({"resolve", "absolute", "joinpath", "with_name", "with_suffix"})


@register
class PathFromRequestData(Rule):
    info = RuleInfo(
        code="BA115",
        name="path-from-request-data",
        summary="Request data picks the file the server opens, sends or deletes (path traversal).",
        severity=Severity.ERROR,
        rationale=(
            "A file name from the client can hold `../` or an absolute path: joined to a base "
            "folder and opened, sent or deleted, it reaches any file the server can read "
            "(`../../etc/passwd`, the settings with their secrets) or write. Keep the name to "
            "one path segment (`werkzeug.utils.secure_filename`, `os.path.basename`), serve "
            "uploads through `send_from_directory`/`safe_join`, or resolve the path and check "
            "it stays under the base (`path.resolve().is_relative_to(BASE)`)."
        ),
        bad=(
            "from flask import request, send_file\n\n"
            "@app.get('/files')\ndef download():\n"
            "    return send_file(os.path.join(UPLOADS, request.args['name']))"
        ),
        good=(
            "from flask import request, send_from_directory\n\n"
            "@app.get('/files')\ndef download():\n"
            "    return send_from_directory(UPLOADS, request.args['name'])"
        ),
        cwe=(22, 73),
    )
    node_types = (ast.Call,)
    call_qualified = PATH_CALLS
    call_names = PATH_METHODS | {"open", "save"}

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        target = _path_argument(node, ctx)
        if target is None or function_mentions(ctx, PATH_CHECKS):
            return
        if function_mentions(ctx, NORMALISERS) and function_mentions(ctx, PREFIX_TESTS):
            return  # ``os.path.abspath(...)`` compared by ``startswith(root)``: contained
        source = RequestData(ctx).source(target, node)
        if source is not None:
            func = node.func
            what = dotted_name(func) or (f".{func.attr}" if isinstance(func, ast.Attribute) else "")
            ctx.report(
                target,
                f"{source} picks the path `{what}()` uses: a name with `../` reaches any file; "
                "keep it to one segment (`secure_filename`) or check the resolved path",
            )

    def check_file(self, ctx: FileContext) -> None:
        report_hits(ctx, "path", "a name with `../` reaches any file")


def _path_argument(call: ast.Call, ctx: FileContext) -> ast.expr | None:
    """The path a file call is given: the first argument of ``open``/``send_file``..., the
    ``Path`` a read/write/delete method is called on, or the target of an upload's ``save``."""
    func = call.func
    name = ctx.scopes.qualified(func) or dotted_name(func)
    if name in PATH_CALLS and not (isinstance(func, ast.Name) and func.id in ctx.scopes.functions):
        if call.args:
            return call.args[0]
        return next((k.value for k in call.keywords if k.arg in PATH_KEYWORDS), None)
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    if func.attr in PATH_METHODS and _is_path(receiver, ctx):
        return receiver
    if func.attr == "save" and call.args and RequestData(ctx).source(receiver, call) is not None:
        return call.args[0]  # request.files["f"].save(path): an upload saved
    return None


def _is_path(expr: ast.expr, ctx: FileContext) -> bool:
    """``Path(x)``, ``base / x`` (a Path join), or a name bound to one in the function."""
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in PATH_RETURNING:
            return True
        return (ctx.scopes.qualified(func) or dotted_name(func) or "") in PATH_TYPES
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return True
    if isinstance(expr, ast.Name):
        binding, _ = ctx.binding_before(expr)
        return binding is not None and binding.value is not None and _is_path(binding.value, ctx)
    return False

"""BA103: debug mode switched on outside a development settings file."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_true, kwarg, node_name
from ..support.project_files import is_dev_file, is_settings_module

NOT_WEB_RUNNERS = frozenset({"asyncio", "trio", "anyio", "unittest", "pytest", "doctest"})
APP_CLASSES = frozenset(
    {"fastapi.FastAPI", "starlette.applications.Starlette", "starlette.Starlette"}
)


@register
class DebugModeOn(Rule):
    info = RuleInfo(
        code="BA103",
        name="debug-mode-on",
        summary="Debug mode is switched on outside a development settings file.",
        severity=Severity.ERROR,
        rationale=(
            "Debug mode shows tracebacks, settings and local variables to anyone who triggers an "
            "error; Werkzeug's debugger (`app.run(debug=True)`) even runs Python typed into the "
            "error page. Django with `DEBUG = True` also lists every URL pattern and keeps every "
            "SQL query in memory. Read the flag from the environment, default it to off, and "
            "turn it on in a development settings file (dev, local, test in its name)."
        ),
        bad="app.run(debug=True)\nDEBUG = True  # settings.py",
        good=(
            'app.run(debug=os.environ.get("FLASK_DEBUG") == "1")\n'
            'DEBUG = os.environ.get("DJANGO_DEBUG") == "1"'
        ),
        cwe=(489, 215),
    )
    node_types = (ast.Call, ast.Module, ast.Assign)
    call_keywords = frozenset({"debug"})  # a call acts only with `debug=True`
    type_markers = {ast.Module: ("DEBUG",)}  # the settings module's DEBUG = True

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Assign) and not any(
            isinstance(t, ast.Subscript) for t in node.targets
        ):
            return  # most assignments: not app.config[...] = ..., nothing to look at
        if is_dev_file(ctx):
            return
        if isinstance(node, ast.Module):
            if not is_settings_module(ctx):
                return
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "DEBUG" for t in stmt.targets)
                    and is_true(stmt.value)
                ):
                    ctx.report(stmt.value, "`DEBUG = True` in a production settings module")
            return
        if isinstance(node, ast.Assign):
            # app.config["DEBUG"] = True (Flask)
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "config"
                    and node_name(target) == "DEBUG"
                    and is_true(node.value)
                ):
                    ctx.report(node.value, "the app's `DEBUG` config is switched on")
            return
        node = cast(ast.Call, node)
        debug = kwarg(node, "debug")
        if debug is None or not is_true(debug.value):
            return
        qualified = ctx.scopes.qualified(node.func) or ""
        if qualified in APP_CLASSES:
            ctx.report(debug, f"`{dotted_name(node.func)}(debug=True)` sends tracebacks to clients")
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "run"
            and qualified.split(".")[0] not in NOT_WEB_RUNNERS
        ):
            ctx.report(debug, "the server runs in debug mode (the interactive debugger is on)")

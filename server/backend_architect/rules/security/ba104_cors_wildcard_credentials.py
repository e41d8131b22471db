"""BA104: CORS that allows every origin together with credentials."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import assigned_value, is_true, kwarg
from ..support.project_files import is_dev_file

WILDCARD_REGEXES = frozenset({".*", ".+", "^.*$", "^.*", "https?://.*", "^https?://.*$"})


@register
class CorsWildcardWithCredentials(Rule):
    info = RuleInfo(
        code="BA104",
        name="cors-wildcard-credentials",
        summary="CORS allows every origin and credentials: any site can call the API as the user.",
        severity=Severity.ERROR,
        rationale=(
            "With credentials allowed, browsers send the user's cookies and auth headers on "
            "cross-origin requests. Starlette's CORSMiddleware, flask-cors and "
            "django-cors-headers answer a wildcard with the caller's own origin in that case, so "
            "any web page the user opens can read the API's answers as that user. List the "
            "origins that may call the API, or do not allow credentials."
        ),
        bad=('app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)'),
        good=(
            "app.add_middleware(\n"
            '    CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True\n'
            ")"
        ),
        cwe=(942, 346),
    )
    node_types = (ast.Call, ast.Module)
    # CORSMiddleware, flask_cors, Django's CORS_* settings
    text_markers = ("CORS", "cors")

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Module):
            self._django(node, ctx)
            return
        node = cast(ast.Call, node)
        data = ctx.scopes
        if any((dotted_name(a) or "").endswith("CORSMiddleware") for a in node.args[:1]):
            creds = kwarg(node, "allow_credentials")
            if creds is None or not is_true(creds.value):
                return
            origins = kwarg(node, "allow_origins")
            regex = kwarg(node, "allow_origin_regex")
            wildcard = origins is not None and _has_star(assigned_value(origins.value, ctx))
            wildcard = wildcard or (
                regex is not None
                and isinstance(regex.value, ast.Constant)
                and regex.value.value in WILDCARD_REGEXES
            )
            if wildcard:
                ctx.report(creds, "CORSMiddleware allows every origin together with credentials")
            return
        qualified = data.qualified(node.func)
        if qualified in ("flask_cors.CORS", "flask_cors.cross_origin"):
            creds = kwarg(node, "supports_credentials")
            if creds is None or not is_true(creds.value):
                return
            if _flask_cors_wildcard(node, ctx):
                ctx.report(creds, "flask-cors allows every origin together with credentials")

    def _django(self, module: ast.Module, ctx: FileContext) -> None:
        if is_dev_file(ctx):
            return
        values: dict[str, ast.Assign] = {}  # the last assignment of each name
        for stmt in module.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        values[t.id] = stmt
        creds = values.get("CORS_ALLOW_CREDENTIALS")
        if creds is None or not is_true(creds.value):
            return
        for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
            allow_all = values.get(name)
            if allow_all is not None and is_true(allow_all.value):
                ctx.report(allow_all, f"`{name}` together with `CORS_ALLOW_CREDENTIALS = True`")


def _has_star(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Constant):
        return expr.value == "*"
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return any(isinstance(e, ast.Constant) and e.value == "*" for e in expr.elts)
    return False


def _flask_cors_wildcard(call: ast.Call, ctx: FileContext) -> bool:
    origins = kwarg(call, "origins")
    if origins is not None:
        return _has_star(assigned_value(origins.value, ctx))
    resources = kwarg(call, "resources")
    if resources is None:
        return True  # flask-cors defaults to every origin
    value = assigned_value(resources.value, ctx)
    if not isinstance(value, ast.Dict):
        return False
    for options in value.values:
        if not isinstance(options, ast.Dict):
            return False
        found = next(
            (v for k, v in zip(options.keys, options.values, strict=True)
             if isinstance(k, ast.Constant) and k.value == "origins"),
            None,
        )  # fmt: skip
        if found is None or _has_star(assigned_value(found, ctx)):
            return True
    return False

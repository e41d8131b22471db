"""BA129: a cookie set without ``secure`` or ``httponly``."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import has_kwargs, is_false, kwarg

# Flask, Django and Starlette share the order: key, value, max_age, expires, path, domain,
# secure, httponly, samesite
POSITION = {"secure": 6, "httponly": 7}


@register
class CookieWithoutFlags(Rule):
    info = RuleInfo(
        code="BA129",
        name="cookie-without-flags",
        summary="A cookie is set without `secure` or `httponly`.",
        severity=Severity.WARNING,
        rationale=(
            "Without `secure` the browser sends the cookie over plain HTTP too, where anyone "
            "on the path reads it; without `httponly` any script on the page (an XSS, a "
            "compromised third-party script) reads it from `document.cookie`. Flask, Django "
            "and Starlette set neither by default. Pass `secure=True, httponly=True` and a "
            '`samesite` ("Lax" or "Strict"); a cookie scripts must read can leave out '
            "`httponly` with a `# noqa`."
        ),
        bad='response.set_cookie("session_id", token)',
        good='response.set_cookie("session_id", token, secure=True, httponly=True, samesite="Lax")',
        cwe=(614, 1004),
    )
    node_types = (ast.Call,)
    call_names = frozenset({"set_cookie"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr != "set_cookie" or has_kwargs(node):
            return
        if any(isinstance(a, ast.Starred) for a in node.args):
            return
        max_age = kwarg(node, "max_age")
        if (
            max_age is not None
            and isinstance(max_age.value, ast.Constant)
            and max_age.value.value == 0
        ):
            return  # ``max_age=0``: the cookie is being deleted
        missing = []
        for flag in ("secure", "httponly"):
            kw = kwarg(node, flag)
            value = kw.value if kw is not None else None
            if value is None and len(node.args) > POSITION[flag]:
                value = node.args[POSITION[flag]]
            if value is None or is_false(value):
                missing.append(flag)
        if missing:
            flags = " and ".join(f"`{m}=True`" for m in missing)
            ctx.report(func, f"the cookie is set without {flags}")

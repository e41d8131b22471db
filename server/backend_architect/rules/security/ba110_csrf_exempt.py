"""BA110: a view exempted from CSRF protection."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo

CSRF_EXEMPT = frozenset({"django.views.decorators.csrf.csrf_exempt", "csrf_exempt"})
SIGNATURE_WORDS = ("signature", "compare_digest", "construct_event", "verify_webhook")


@register
class CsrfExempt(Rule):
    info = RuleInfo(
        code="BA110",
        name="csrf-exempt",
        summary="A view is exempted from CSRF protection.",
        severity=Severity.WARNING,
        rationale=(
            "CSRF protection stops other sites from making the user's browser submit forms and "
            "requests with the user's cookies. An exempt view that uses the session can be "
            "triggered by any page the user visits. Keep the protection and send the token "
            "(`X-CSRFToken` header) from JavaScript; for API clients authenticate with a token "
            "header instead of cookies. Webhooks that check a signature are not flagged."
        ),
        bad="@csrf_exempt\ndef transfer(request):\n    ...",
        good="def transfer(request):  # the form sends {% csrf_token %}\n    ...",
        cwe=(352,),
    )
    node_types = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Call)
    # _is_exempt on the callee: its resolved or dotted name, or `<csrf>.exempt`
    call_qualified = CSRF_EXEMPT
    call_names = frozenset({n.rsplit(".", 1)[-1] for n in CSRF_EXEMPT} | {"exempt"})
    text_markers = ("exempt",)  # csrf_exempt, imported under any name, or <csrf>.exempt

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Call):
            # urls.py: path("hook/", csrf_exempt(views.hook))
            if self._is_exempt(node.func, ctx) and node.args:
                ctx.report(node, "the view is wrapped in `csrf_exempt`")
            return
        node = cast(ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, node)
        exempt = [
            dec
            for dec in node.decorator_list
            if self._is_exempt(dec, ctx)
            or (
                isinstance(dec, ast.Call)
                and dotted_name(dec.func) in ("method_decorator", "decorators.method_decorator")
                and dec.args
                and self._is_exempt(dec.args[0], ctx)
            )
        ]
        # the body is walked only for exempted views (walking every function is the cost)
        if not exempt or _verifies_signature(node):
            return
        for dec in exempt:
            ctx.report(dec, f"`{node.name}` is exempted from CSRF protection")

    def _is_exempt(self, expr: ast.expr, ctx: FileContext) -> bool:
        qualified = ctx.scopes.qualified(expr) or dotted_name(expr)
        if qualified in CSRF_EXEMPT:
            return True
        # Flask-WTF: csrf = CSRFProtect(app); @csrf.exempt
        return (
            isinstance(expr, ast.Attribute)
            and expr.attr == "exempt"
            and "csrf" in (dotted_name(expr.value) or "").lower()
        )


def _verifies_signature(node: ast.AST) -> bool:
    for sub in walk(node):
        if isinstance(sub, ast.Call):
            name = (dotted_name(sub.func) or "").lower()
            if any(w in name for w in SIGNATURE_WORDS):
                return True
    return False

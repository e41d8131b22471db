"""BA131: HTML built by formatting run-time text, then marked safe or sent as HTML."""

from __future__ import annotations

import ast
import re

from ...core.model import Severity
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.literals import HTML_ESCAPING, is_fixed
from ..support.sinks import HTML_SINKS, html_content
from ..support.summaries import RequestData

TAG_RE = re.compile(r"<[a-zA-Z/!]")
MARKING = frozenset({"mark_safe", "SafeString", "Markup"})


def _literal_text(expr: ast.expr) -> str:
    """The literal parts of a built string (what the code wrote around the values)."""
    if isinstance(expr, ast.Constant):
        return str(expr.value)
    if isinstance(expr, ast.JoinedStr):
        return "".join(_literal_text(v) for v in expr.values if isinstance(v, ast.Constant))
    if isinstance(expr, ast.BinOp):
        return _literal_text(expr.left) + _literal_text(expr.right)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        return _literal_text(expr.func.value)  # "<b>{}</b>".format(x)
    return ""


def _built(expr: ast.expr, ctx: FileContext) -> ast.expr | None:
    """The string-building expression ``expr`` is (or a local name is bound to)."""
    if isinstance(expr, ast.Name):
        binding, _ = ctx.binding_before(expr)
        expr = binding.value if binding is not None and binding.value is not None else expr
    if isinstance(expr, ast.JoinedStr) or (
        isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Mod))
    ):
        return expr
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "format"
        and isinstance(expr.func.value, ast.Constant)
    ):
        return expr
    return None


@register
class HtmlBuiltFromText(Rule):
    info = RuleInfo(
        code="BA131",
        name="html-built-from-text",
        summary="HTML is built by formatting run-time text, then marked safe or sent as HTML.",
        severity=Severity.WARNING,
        rationale=(
            "An f-string, `%` or `.format` puts values into HTML as they are: a `<script>` in "
            "a user's name, a comment or a file name runs in every browser that shows it "
            "(stored XSS). `mark_safe`, `SafeString` and `Markup` of such a string, a "
            "`__html__` that returns one, or an `HttpResponse`/`make_response`/`HTMLResponse` "
            "of HTML built that way skip escaping. This is the reviewer's flag where no request "
            "data is proven to reach it (BA109 reports that): build with `format_html` / "
            "`Markup.format`, which escape the values, or render a template."
        ),
        bad=(
            "from django.utils.safestring import mark_safe\n\n"
            'def badge(user):\n    return mark_safe(f"<b>{user.display_name}</b>")'
        ),
        good=(
            "from django.utils.html import format_html\n\n"
            'def badge(user):\n    return format_html("<b>{}</b>", user.display_name)'
        ),
        cwe=(79,),
    )
    node_types = (ast.Call, ast.FunctionDef)
    call_qualified = frozenset(HTML_SINKS)
    type_markers = {ast.FunctionDef: ("__html__",)}

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.FunctionDef):
            if node.name == "__html__":
                self._html_method(node, ctx)
            return
        assert isinstance(node, ast.Call)
        sink = HTML_SINKS.get(ctx.scopes.qualified(node.func) or "")
        if sink is None or sink in ("Template", "render_template_string"):
            return
        content = html_content(node, sink)
        if content is None:
            return
        built = _built(content, ctx)
        if built is None or is_fixed(ctx, built, node, HTML_ESCAPING):
            return
        literal = _literal_text(built)
        if sink not in MARKING and not TAG_RE.search(literal):
            return  # a response of plain text, not HTML
        if not literal.strip():
            return  # ``mark_safe(str(errors) + str(field))``: rendered parts joined, no markup
        if RequestData(ctx).source(content, node) is not None:
            return  # request data: BA109's finding
        what = f"marked safe by `{sink}`" if sink in MARKING else f"sent as HTML by `{sink}`"
        ctx.report(
            content,
            f"HTML built from run-time text is {what} without escaping; use `format_html` or "
            "a template",
        )

    def _html_method(self, fn: ast.FunctionDef, ctx: FileContext) -> None:
        for stmt in walk(fn):
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                built = _built(stmt.value, ctx)
                if built is not None and not is_fixed(ctx, built, stmt, HTML_ESCAPING):
                    ctx.report(
                        stmt.value,
                        "`__html__` returns HTML built from run-time text: templates insert "
                        "it unescaped",
                    )

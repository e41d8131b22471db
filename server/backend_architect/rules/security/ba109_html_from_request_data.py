"""BA109: request data marked safe or rendered as HTML or as a template (XSS)."""

from __future__ import annotations

import ast
import re
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.flow import Flow
from ..support.sinks import HTML_SINKS, html_content
from ..support.summaries import RequestData, report_hits

FORMAT_HTML = frozenset({"django.utils.html.format_html"})
SAFE_FILTER_RE = re.compile(r"\|\s*safe\b|\{%-?\s*autoescape\s+(?:false|off)")


@register
class HtmlFromRequestData(Rule):
    info = RuleInfo(
        code="BA109",
        name="html-from-request-data",
        summary="Request data is marked safe or rendered as HTML or as a template (XSS).",
        severity=Severity.ERROR,
        rationale=(
            "`mark_safe`, `Markup` and `|safe` switch off the template engine's escaping; "
            "`HTMLResponse` and `HttpResponse` send a string as HTML as it is. With request data "
            "inside, a `<script>` in a parameter runs in the victim's browser (cross-site "
            "scripting). `render_template_string` with request data in the template itself lets "
            "the client write Jinja (template injection, code execution). `format_html` escapes "
            "its arguments only: a format string built with an f-string is not escaped at all. "
            "Pass values to the template as variables and let it escape them."
        ),
        bad=(
            "from django.utils.safestring import mark_safe\n\n"
            "def search(request):\n    return mark_safe(f\"<b>{request.GET['q']}</b>\")"
        ),
        good=(
            "from django.utils.html import format_html\n\n"
            'def search(request):\n    return format_html("<b>{}</b>", request.GET["q"])'
        ),
        cwe=(79, 1336),
    )
    node_types = (ast.Call,)
    call_qualified = FORMAT_HTML | frozenset(HTML_SINKS)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        data = ctx.scopes
        name = data.qualified(node.func)
        if name in FORMAT_HTML and node.args:
            fmt = node.args[0]
            flow = Flow(ctx, data)
            scope = data.scope(ctx.enclosing_function())
            built = flow.built(fmt, scope, (fmt.lineno, fmt.col_offset), sql_check=False)
            if built is not None and built.via is None:
                ctx.report(
                    fmt,
                    f"`format_html` given a format string built with {built.how}: the values "
                    "inside it are not escaped; pass them as arguments",
                )
            return
        sink = HTML_SINKS.get(name or "")
        if sink is None or not (node.args or node.keywords):
            return
        content = html_content(node, sink)
        if content is None:
            return
        request = RequestData(ctx)
        if sink in ("render_template_string", "Template") and isinstance(content, ast.Constant):
            # a literal template is fine unless it switches escaping off for request data
            if SAFE_FILTER_RE.search(str(content.value)):
                for kw in node.keywords:
                    source = request.source(kw.value, node) if kw.arg else None
                    if source is not None:
                        ctx.report(
                            kw,
                            f"{source} is rendered with `|safe` in the template: it is not escaped",
                        )
            return
        source = request.source(content, node)
        if source is None:
            return
        what = {
            "render_template_string": "becomes template code in `render_template_string`",
            "Template": "becomes template code in `Template`",
            "HTMLResponse": "is sent as HTML by `HTMLResponse` without escaping",
            "HttpResponse": "is sent as HTML by `HttpResponse` without escaping",
            "make_response": "is sent as HTML by `make_response` without escaping",
            "web.Response": "is sent as HTML by `web.Response` without escaping",
        }.get(sink, f"is marked safe by `{sink}` and not escaped")
        ctx.report(content, f"{source} {what}")

    def check_file(self, ctx: FileContext) -> None:
        report_hits(ctx, "html", "it is sent as HTML without escaping (XSS)")

"""BA116: request data picking the URL the server fetches (server-side request forgery)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.sinks import HTTP_CALLS
from ..support.summaries import RequestData, report_hits
from ..support.url_hosts import fixed_host

# a handler that parses the URL and looks at its host has an allow-list to compare with
URL_CHECKS = frozenset({"hostname", "netloc", "host"})
URL_PARSERS = frozenset({"urlparse", "urlsplit", "URL", "urlunparse", "parse_url"})


@register
class UrlFromRequestData(Rule):
    info = RuleInfo(
        code="BA116",
        name="url-from-request-data",
        summary="Request data picks the URL the server fetches (server-side request forgery).",
        severity=Severity.ERROR,
        rationale=(
            "A server that fetches a URL the client chose can be pointed at what only it can "
            "reach: the cloud metadata endpoint (`http://169.254.169.254/`, with the "
            "instance's credentials), internal admin services, `localhost` ports. Fix the host "
            "in the code and let the client pick only a path or an id, or parse the URL and "
            "check its scheme and host against an allow-list before the request."
        ),
        bad=(
            "import requests\n\n"
            "@app.post('/preview')\ndef preview(url: str):\n    return requests.get(url, timeout=5).text"
        ),
        good=(
            "import requests\n\n"
            "@app.post('/preview')\ndef preview(url: str):\n"
            "    if urlparse(url).hostname not in ALLOWED_HOSTS:\n"
            "        raise HTTPException(400)\n"
            "    return requests.get(url, timeout=5).text"
        ),
        cwe=(918,),
    )
    node_types = (ast.Call,)
    call_qualified = HTTP_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        if name not in HTTP_CALLS:
            return
        # requests.request(method, url) / httpx.request(method, url)
        index = 1 if name.endswith(".request") else 0
        url = node.args[index] if len(node.args) > index else None
        if url is None:
            url = next((k.value for k in node.keywords if k.arg == "url"), None)
        if url is None or _checks_hosts(ctx):
            return
        data = RequestData(ctx)
        if fixed_host(url, data, node):
            return
        source = data.source(url, node)
        if source is not None:
            ctx.report(
                url,
                f"{source} picks the URL `{dotted_name(node.func)}()` fetches: the server can be "
                "sent to internal addresses; fix the host, or check it against an allow-list",
            )

    def check_file(self, ctx: FileContext) -> None:
        report_hits(ctx, "url", "the server can be sent to internal addresses")


def _checks_hosts(ctx: FileContext) -> bool:
    """A comparison of a parsed URL's host (``urlparse(url).hostname in ALLOWED``, or a name
    bound to ``urlparse(...)``): an allow-list; the request's own ``host`` is not one."""
    fn = ctx.enclosing_function()
    if fn is None:
        return False
    parsed = {
        t.id
        for n in walk(fn)
        if isinstance(n, ast.Assign) and _parses_url(n.value)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    return any(
        isinstance(n, ast.Compare)
        and any(
            isinstance(a, ast.Attribute)
            and a.attr in URL_CHECKS
            and (_parses_url(a.value) or (isinstance(a.value, ast.Name) and a.value.id in parsed))
            for a in walk(n)
        )
        for n in walk(fn)
    )


def _parses_url(expr: ast.expr) -> bool:
    name = dotted_name(expr.func) if isinstance(expr, ast.Call) else None
    return name is not None and name.rsplit(".", 1)[-1] in URL_PARSERS

"""BA117: a redirect to a URL taken from the request (open redirect)."""

from __future__ import annotations

import ast
import re
from typing import cast

from ...core.model import Severity
from ...core.syntax import last_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import function_mentions, kwarg
from ..support.summaries import RequestData
from ..support.url_hosts import fixed_host

REDIRECT_CALLS = frozenset(
    {"flask.redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect",
     "django.http.HttpResponseRedirect", "django.http.HttpResponsePermanentRedirect",
     "django.http.response.HttpResponseRedirect", "starlette.responses.RedirectResponse",
     "fastapi.responses.RedirectResponse", "quart.redirect"}
)  # fmt: skip
# a helper named for checking a redirect target (``is_safe_redirect_url``, ``safe_url``)
SAFE_REDIRECT_RE = re.compile(r"(?i)safe.*(?:url|redirect|next)|allowed_host")
# checks that a redirect target stays on this site
REDIRECT_CHECKS = frozenset(
    {"url_has_allowed_host_and_scheme", "is_safe_url", "is_safe_redirect", "safe_url",
     "netloc", "hostname", "url_is_safe", "is_relative_url"}
)  # fmt: skip


@register
class RedirectToRequestData(Rule):
    info = RuleInfo(
        code="BA117",
        name="open-redirect",
        summary="A redirect goes to a URL taken from the request (open redirect).",
        severity=Severity.WARNING,
        rationale=(
            "`redirect(request.args['next'])` sends the user wherever the link says: a "
            "phishing page gets a link on your domain that lands on theirs, often right after "
            "the login page. Check the target stays on this site (Django's "
            "`url_has_allowed_host_and_scheme`, or parse it and accept a path only), or "
            "redirect to a named route (`url_for`, `reverse`)."
        ),
        bad=(
            "from flask import redirect, request\n\n"
            "def login_done():\n    return redirect(request.args.get('next', '/'))"
        ),
        good=(
            "from flask import redirect, request\n\n"
            "def login_done():\n    target = request.args.get('next', '/')\n"
            "    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):\n"
            "        target = '/'\n    return redirect(target)"
        ),
        cwe=(601,),
    )
    node_types = (ast.Call,)
    call_qualified = REDIRECT_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        if ctx.scopes.qualified(node.func) not in REDIRECT_CALLS:
            return
        target = node.args[0] if node.args else kwarg(node, "url") or kwarg(node, "location")
        if isinstance(target, ast.keyword):
            target = target.value
        if target is None or _checks_redirect(ctx):
            return
        data = RequestData(ctx)
        if fixed_host(target, data, node, local_ok=True):
            return
        source = data.source(target, node)
        if source is not None:
            ctx.report(
                target,
                f"{source} is the redirect's target: a link on this site can land on any other; "
                "accept a local path only, or redirect to a named route",
            )


def _checks_redirect(ctx: FileContext) -> bool:
    """The function checks a target stays here: Django's ``url_has_allowed_host_and_scheme``
    or a project helper named for it (``is_safe_redirect_url``)."""
    fn = ctx.enclosing_function()
    if fn is not None and any(
        isinstance(n, ast.Call) and SAFE_REDIRECT_RE.search(last_name(n.func)) for n in walk(fn)
    ):
        return True
    return function_mentions(ctx, REDIRECT_CHECKS)

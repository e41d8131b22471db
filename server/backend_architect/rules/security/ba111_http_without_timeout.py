"""BA111: an outbound HTTP call without a timeout; the quick fix adds one."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Edit, Fix, Position, Severity, Span
from ...core.syntax import dotted_name
from ...index.facts import span_of
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import has_kwargs, kwarg
from ..support.http_clients import HTTPX_CALLS, REQUESTS_CALLS, URLOPEN


@register
class HttpWithoutTimeout(Rule):
    info = RuleInfo(
        code="BA111",
        name="http-without-timeout",
        summary="An outbound HTTP call has no timeout: a slow server can hang the worker.",
        severity=Severity.WARNING,
        rationale=(
            "`requests` and `urllib` wait forever by default. When the other service hangs, "
            "each request to yours holds a worker until every worker waits and the whole API "
            "stops answering. Give every call a timeout (`timeout=10`, or connect and read "
            "separately: `timeout=(3.05, 27)`). httpx has a 5-second default, so only "
            "`timeout=None` is flagged. Calls through a `requests.Session` are not checked: "
            "sessions are often given a timeout by an adapter or a subclass."
        ),
        bad="import requests\n\nr = requests.get(url)",
        good="import requests\n\nr = requests.get(url, timeout=10)",
        cwe=(400, 1088),
        fixable=True,
    )
    node_types = (ast.Call,)
    call_qualified = HTTPX_CALLS | REQUESTS_CALLS | URLOPEN

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        if name in HTTPX_CALLS:
            timeout = kwarg(node, "timeout")
            if (
                timeout is not None
                and isinstance(timeout.value, ast.Constant)
                and timeout.value.value is None
            ):
                ctx.report(
                    timeout, f"`{dotted_name(node.func)}` with `timeout=None` can wait forever"
                )
            return
        if name in REQUESTS_CALLS:
            positional_timeout = False
        elif name in URLOPEN:
            positional_timeout = len(node.args) >= 3  # urlopen(url, data, timeout)
        else:
            return
        if (
            positional_timeout
            or has_kwargs(node)
            or any(isinstance(a, ast.Starred) for a in node.args)
        ):
            return
        timeout = kwarg(node, "timeout")
        if timeout is None:
            ctx.report(
                node.func,
                f"`{dotted_name(node.func)}` without a timeout waits forever for a slow server",
                _timeout_fix(node, ctx),
            )
        elif isinstance(timeout.value, ast.Constant) and timeout.value.value is None:
            ctx.report(timeout, f"`{dotted_name(node.func)}` with `timeout=None` waits forever")


def _timeout_fix(call: ast.Call, ctx: FileContext) -> Fix | None:
    items: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    last = max(items, key=lambda i: (i.end_lineno or 0, i.end_col_offset or 0), default=None)
    if last is None:
        return None
    value = _timeout_constant(ctx) or "10"
    end = span_of(last, ctx.lines).end
    edit = Edit(ctx.path, Span(end, Position(end.line, end.column)), f", timeout={value}")
    return Fix(f"Add timeout={value}", (edit,))


def _timeout_constant(ctx: FileContext) -> str | None:
    """A module constant named like ``REQUEST_TIMEOUT = 10`` the project already uses."""
    for stmt in ctx.tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(
            stmt.value, (ast.Constant, ast.Tuple)
        ):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, ast.Name) and t.id.isupper() and "TIMEOUT" in t.id:
                    value = stmt.value
                    if isinstance(value, ast.Constant) and not isinstance(
                        value.value, (int, float)
                    ):
                        continue
                    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                        continue
                    return t.id
    return None

"""Is an argument fixed when the code is written (a literal, a constant, an allow-list lookup),
or made at run time? The generic dangerous-call rules (BA120-BA127) flag the run-time ones
that no request data is proven to reach (the request-data rules report those)."""

from __future__ import annotations

import ast
from typing import Any

from ..file_context import FileContext
from ..scopes import Pos, Scope, pos_of
from .flow import Flow

# calls that quote text for a shell: what they hand back is one word whatever the input
SHELL_QUOTING = frozenset({"shlex.quote", "pipes.quote", "shlex.join"})
# calls that escape text for HTML: what they hand back cannot open a tag
HTML_ESCAPING = frozenset(
    {"html.escape", "django.utils.html.escape", "django.utils.html.conditional_escape",
     "markupsafe.escape", "flask.escape", "jinja2.escape", "bleach.clean", "cgi.escape",
     "django.utils.html.strip_tags", "django.utils.html.format_html", "urllib.parse.quote",
     # the project's own texts, translated: written by its developers and translators
     "django.utils.translation.gettext", "django.utils.translation.gettext_lazy",
     "django.utils.translation.ngettext", "django.utils.translation.pgettext", "gettext.gettext",
     "flask_babel.gettext", "flask_babel.lazy_gettext"}
)  # fmt: skip


class _FixedFlow(Flow):
    """``Flow.is_const`` with the calls that make text safe for the sink as safe as a constant."""

    def __init__(self, ctx: FileContext, safe_calls: frozenset[str]) -> None:
        super().__init__(ctx, ctx.scopes)
        self.safe_calls = safe_calls

    def _call_const(
        self, call: ast.Call, scope: Scope, at: Pos, depth: int, bound: frozenset[str]
    ) -> bool:
        if self.data.qualified(call.func) in self.safe_calls:
            return True
        return super()._call_const(call, scope, at, depth, bound)


def is_fixed(
    ctx: FileContext,
    expr: ast.expr,
    at: ast.AST | None = None,
    safe_calls: frozenset[str] = SHELL_QUOTING,
) -> bool:
    """``expr`` is fixed in the code: literals, constants (across modules with the index),
    allow-list lookups, numbers, and what ``safe_calls`` make safe (shell-quoted words)."""
    flow = _FixedFlow(ctx, safe_calls)
    return flow.is_const(expr, ctx.scopes.scope(ctx.enclosing_function()), pos_of(at or expr))


def constant_value(ctx: FileContext, expr: ast.expr) -> Any:
    """The value of a literal or of a module constant (this file's, or another module's
    through the index); ``...`` when it is not known."""
    if isinstance(expr, ast.Constant):
        return expr.value
    if not isinstance(expr, (ast.Name, ast.Attribute)):
        return ...
    if isinstance(expr, ast.Name):
        binding, _ = ctx.scopes.module.before(expr.id, (1 << 30, 0))
        if binding is not None and isinstance(binding.value, ast.Constant):
            return binding.value.value
    index = ctx.index
    facts = index.facts(ctx.path) if index is not None else None
    if index is None or facts is None:
        return ...
    scope = ctx.scopes.scope(ctx.enclosing_function()).qualname
    try:
        value: Any = index.symbols.evaluate(facts, scope, expr)
    except Exception:  # a rule must never take the file's other findings down with it
        return ...
    return value if isinstance(value, (str, int, float, bool)) else ...

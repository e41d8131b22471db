"""What a handler answers: rendered pages and redirects, its returns, its route decorator, Response calls."""

from __future__ import annotations

import ast

from ...core.model import Route
from ...index.facts import span_of
from ..file_context import FileContext
from .ast_helpers import FunctionNode, body_nodes, call_name

# calls that answer a browser: a rendered page (Flask, Django, Starlette/FastAPI templates) or
# a redirect to one (the POST-redirect-GET of a form)
PAGE_RENDERERS = frozenset(
    {"render_template", "render", "render_to_response", "TemplateResponse", "redirect"}
)


def renders_page(fn: FunctionNode) -> bool:
    """The handler answers a browser: a rendered template or a redirect in its body."""
    for node in body_nodes(fn):
        if isinstance(node, ast.Call):
            func = node.func
            last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if last in PAGE_RENDERERS:
                return True
    return False


def returns(fn: FunctionNode) -> list[ast.Return]:
    return [n for n in body_nodes(fn) if isinstance(n, ast.Return)]


def decorator_call(fn: FunctionNode, route: Route, ctx: FileContext) -> ast.Call | None:
    """The route decorator of ``fn`` (the one the index recorded for ``route``)."""
    if route.decorator_span is None:
        return None
    for dec in fn.decorator_list:
        if isinstance(dec, ast.Call) and span_of(dec, ctx.lines) == route.decorator_span:
            return dec
    return None


def is_response_call(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Call) and call_name(expr).endswith("Response")

"""Except clauses: the types they catch, bodies that only pass, and broad catches in route handlers."""

from __future__ import annotations

import ast

from ...core.model import Span
from ...core.syntax import dotted_name
from ...index.facts import char_column
from ..file_context import FileContext
from .ast_helpers import FunctionNode
from .handlers import is_route_handler

BROAD = frozenset({"Exception", "BaseException"})


def _enclosing(ctx: FileContext) -> FunctionNode | None:
    return ctx.enclosing_function()


def caught_names(handler: ast.ExceptHandler) -> list[str]:
    """Last names of the caught types; [] for a bare ``except:``."""
    if handler.type is None:
        return []
    elts = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [(dotted_name(e) or "?").rsplit(".", 1)[-1] for e in elts]


def only_pass(body: list[ast.stmt]) -> bool:
    return all(
        isinstance(s, ast.Pass)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is ...)
        for s in body
    )


def in_handler_scope(ctx: FileContext) -> bool:
    fn = _enclosing(ctx)
    # django_views off: a helper taking ``request`` (a DRF negotiation class) is no view; Django
    # views are found through their views module anyway
    return fn is not None and is_route_handler(fn, ctx, module_counts=True, django_views=False)


def except_header_span(handler: ast.ExceptHandler, ctx: FileContext) -> Span:
    """``except`` or ``except Exception``: the clause's header up to its type."""
    line = handler.lineno - 1
    text = ctx.lines[line] if line < len(ctx.lines) else ""
    start = char_column(text, handler.col_offset)
    if handler.type is None:
        return Span.of(line, start, line, start + len("except"))
    end_line = (handler.type.end_lineno or handler.lineno) - 1
    end_text = ctx.lines[end_line] if end_line < len(ctx.lines) else ""
    return Span.of(line, start, end_line, char_column(end_text, handler.type.end_col_offset or 0))


def broad_except_in_handler(handler: ast.ExceptHandler, ctx: FileContext) -> bool:
    if not in_handler_scope(ctx):
        return False
    caught = caught_names(handler)
    return not caught or (bool(BROAD & set(caught)) and only_pass(handler.body))

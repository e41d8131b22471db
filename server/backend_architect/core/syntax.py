"""Small AST helpers every layer uses: a name as written, a keyword argument's value, a None literal."""

from __future__ import annotations

import ast


def dotted_name(expr: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def last_name(expr: ast.expr) -> str:
    """The last name of a name or attribute as written (``Depends``, ``field`` for
    ``strawberry.field``); "" for anything else, such as a call or a subscript."""
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Name):
        return expr.id
    return ""


def keyword_value(call: ast.Call, *names: str) -> ast.expr | None:
    """The value of the first keyword argument named one of ``names``."""
    return next((k.value for k in call.keywords if k.arg in names), None)


def is_none_literal(expr: ast.expr) -> bool:
    """A literal ``None``."""
    return isinstance(expr, ast.Constant) and expr.value is None

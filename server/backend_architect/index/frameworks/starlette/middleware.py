"""Whether a project's middleware class turns requests away (an auth check of its own)."""

from __future__ import annotations

import ast

from ....core.syntax import dotted_name
from ..common import answers_unauthorized, hook_nodes

MIDDLEWARE_HOOKS = frozenset({"dispatch", "__call__"})


def turns_requests_away(cls: ast.ClassDef) -> bool:
    """A middleware whose ``dispatch`` (or ASGI ``__call__``) answers 401/403 itself or
    raises an error with that status."""
    return any(
        isinstance(node, ast.Call) and answers_unauthorized(node)
        for node in hook_nodes(cls, MIDDLEWARE_HOOKS)
    )


def call_name(expr: ast.expr) -> str | None:
    target = expr.func if isinstance(expr, ast.Call) else expr
    name = dotted_name(target)
    return name.split(".")[-1] if name else None

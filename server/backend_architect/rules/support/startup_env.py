"""The environment variables a module cannot start without: ``os.environ["NAME"]`` read at
import time (at the module's top level, outside functions, classes and ``try`` blocks), which
raises ``KeyError`` when the variable is unset."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...core.syntax import dotted_name

_SKIPPED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Try)


def _top_level(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, _SKIPPED) or (
            hasattr(ast, "TryStar") and isinstance(child, ast.TryStar)
        ):
            continue
        yield child
        yield from _top_level(child)


def startup_env_reads(tree: ast.Module, text: str) -> list[str]:
    """The names ``os.environ[...]`` subscripts read when the module is imported."""
    environ = {"os.environ"}
    if "from os import environ" in text:
        environ.add("environ")
    out: list[str] = []
    for node in _top_level(tree):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and dotted_name(node.value) in environ
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            out.append(node.slice.value)
    return out

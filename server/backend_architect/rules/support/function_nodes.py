"""A tree's functions and each function's own nodes, computed once per node object."""

from __future__ import annotations

import ast
from functools import lru_cache

from ..nodes import child_fields, of_type
from .ast_helpers import FunctionNode


# Several rules ask for the same tree's functions and the same function's nodes: each is
# computed once per node object (trees are immutable while checked; a re-parse is a new object).
def functions(tree: ast.AST) -> list[FunctionNode]:
    return of_type(tree, ast.FunctionDef, ast.AsyncFunctionDef)


@lru_cache(maxsize=2048)
def own_nodes(fn: FunctionNode) -> tuple[ast.AST, ...]:
    """The nodes of ``fn``'s body, without nested functions and classes (they run elsewhere)."""
    return tuple(_own_nodes_of(fn))


def _own_nodes_of(fn: FunctionNode) -> list[ast.AST]:
    # ``children`` inlined: this runs over every function of every file
    out: list[ast.AST] = []
    todo: list[ast.AST] = list(fn.body)
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    node_ast = ast.AST
    while todo:
        node = todo.pop()
        out.append(node)
        for name in child_fields(type(node)):
            value = getattr(node, name, None)
            if isinstance(value, node_ast):
                if not isinstance(value, nested):
                    todo.append(value)
            elif isinstance(value, list):
                todo += [v for v in value if isinstance(v, node_ast) and not isinstance(v, nested)]
    return out

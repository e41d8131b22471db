"""The nodes of a tree by type, computed in one pass per tree and shared by every rule.

Rules that need "every function of the file" should ask here instead of ``ast.walk``-ing the
tree themselves: the engine already hands each node to the rules that asked for its type, and a
rule's own walk of the whole tree (per file, or worse per node) is what makes a check slow.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, TypeVar, overload

A = TypeVar("A", bound=ast.AST)
B = TypeVar("B", bound=ast.AST)


# fields that only ever hold strings or numbers (``names`` is not one: it holds aliases)
SCALAR_FIELDS = frozenset(
    {"id", "arg", "attr", "name", "asname", "module", "level", "kind", "type_comment"}
    | {"conversion", "is_async", "simple"}
)
# per node class, the fields that can hold nodes: with the expression-context markers
# (``Load``, ``Store``) and, for walks that never look at them, without
_FIELDS: dict[type, tuple[str, ...]] = {}
_FIELDS_NO_CONTEXT: dict[type, tuple[str, ...]] = {}


def field_table(with_context: bool = True) -> dict[type, tuple[str, ...]]:
    """The per-class table ``child_fields`` fills, for hot loops that look it up inline."""
    return _FIELDS if with_context else _FIELDS_NO_CONTEXT


def child_fields(cls: type, with_context: bool = True) -> tuple[str, ...]:
    """The fields of node class ``cls`` that can hold nodes (looked up once per class)."""
    table = field_table(with_context)
    names = table.get(cls)
    if names is None:
        names = table[cls] = tuple(
            f
            for f in getattr(cls, "_fields", ())
            if f not in SCALAR_FIELDS and (with_context or f != "ctx")
        )
    return names


def children(node: ast.AST, with_context: bool = True) -> list[ast.AST]:
    """``ast.iter_child_nodes`` as a list, several times faster (the hot loop of every walk);
    without the ``Load``/``Store`` markers unless ``with_context``."""
    out: list[ast.AST] = []
    names = (_FIELDS if with_context else _FIELDS_NO_CONTEXT).get(type(node))
    if names is None:
        names = child_fields(type(node), with_context)
    for name in names:
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            out.append(value)
        elif isinstance(value, list):
            out += [v for v in value if isinstance(v, ast.AST)]
    return out


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk``, faster: the same nodes in the same (breadth-first) order, children read
    through the per-class field table instead of ``ast.iter_fields``."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(children(node))
        yield node


@lru_cache(maxsize=8)  # keyed by the tree object: a re-parse is a new tree
def by_type(tree: ast.AST) -> dict[type, list[ast.AST]]:
    """Every node under ``tree`` (itself included) grouped by type, each group in source order."""
    out: dict[type, list[ast.AST]] = {}
    todo: list[ast.AST] = [tree]
    while todo:  # depth first, children in order: source order within each type
        node = todo.pop()
        group = out.get(type(node))
        if group is None:
            out[type(node)] = [node]
        else:
            group.append(node)
        kids = children(node)
        kids.reverse()
        todo += kids
    return out


# indexes the engine gathered during its walk of a whole tree (the same nodes in the same
# order as ``by_type``, less the ``Load``/``Store`` markers it skips): id(tree) -> (tree, index)
_WALKED: dict[int, tuple[ast.AST, dict[type, list[ast.AST]]]] = {}


def remember(tree: ast.AST, index: dict[type, list[ast.AST]]) -> None:
    """Keep the engine's by-type index of ``tree`` so ``of_type`` need not walk it again."""
    if len(_WALKED) >= 8:
        _WALKED.pop(next(iter(_WALKED)))
    _WALKED[id(tree)] = (tree, index)


def _index_of(tree: ast.AST, types: tuple[type[ast.AST], ...]) -> dict[type, list[ast.AST]]:
    hit = _WALKED.get(id(tree))
    if (
        hit is not None
        and hit[0] is tree
        and not any(issubclass(t, ast.expr_context) for t in types)
    ):
        return hit[1]
    return by_type(tree)


@overload
def of_type(tree: ast.AST, t1: type[A], /) -> list[A]: ...
@overload
def of_type(tree: ast.AST, t1: type[A], t2: type[B], /) -> list[A | B]: ...
@overload
def of_type(tree: ast.AST, *types: type[ast.AST]) -> list[Any]: ...


def of_type(tree: ast.AST, *types: type[ast.AST]) -> list[Any]:
    """The nodes of ``types`` under ``tree``, in source order (outer before inner)."""
    index = _index_of(tree, types)
    if len(types) == 1:
        return list(index.get(types[0], ()))
    found = [n for t in types for n in index.get(t, ())]
    found.sort(key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
    return found

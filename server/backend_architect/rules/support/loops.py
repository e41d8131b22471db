"""What a loop repeats and binds: the loops that run a node each turn, their targets and assignments."""

from __future__ import annotations

import ast

from ..nodes import walk

SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

Loop = (
    ast.For
    | ast.AsyncFor
    | ast.While
    | ast.ListComp
    | ast.SetComp
    | ast.DictComp
    | ast.GeneratorExp
)


def repeated_loops(node: ast.AST, stack: list[ast.AST]) -> list[Loop]:
    """Loops of the enclosing function that run ``node`` on every iteration, innermost first.

    Only the repeated parts count: a ``for`` loop's body (not its iterable, evaluated once),
    a ``while`` loop's test and body, a comprehension's element, conditions and inner
    iterables (not its first iterable). Nested functions and lambdas end the search: their
    body runs when called, not where defined.
    """
    path = [*stack, node]
    loops: list[Loop] = []
    for i in range(len(path) - 2, -1, -1):
        anc, child = path[i], path[i + 1]
        if isinstance(anc, SCOPE_NODES):
            break
        if isinstance(anc, (ast.For, ast.AsyncFor)):
            if any(child is s for s in anc.body):
                loops.append(anc)
        elif isinstance(anc, ast.While):
            if child is anc.test or any(child is s for s in anc.body):
                loops.append(anc)
        elif isinstance(anc, COMPREHENSIONS) and isinstance(child, ast.comprehension):
            grandchild = path[i + 2] if i + 2 < len(path) else None
            first = anc.generators[0]
            if child is not first or grandchild is not first.iter:
                loops.append(anc)
        elif isinstance(anc, COMPREHENSIONS):  # the element (or key/value) is repeated
            loops.append(anc)
    return loops


def loop_bound(loop: Loop) -> set[str]:
    """Names that change from one iteration to the next: the loop's targets and the names
    its body assigns."""
    names = loop_targets(loop)
    body: list[ast.stmt] = [] if isinstance(loop, COMPREHENSIONS) else list(loop.body)
    for stmt in body:
        for n in walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
    return names


def loop_targets(loop: Loop) -> set[str]:
    targets: list[ast.AST] = (
        [g.target for g in loop.generators]
        if isinstance(loop, COMPREHENSIONS)
        else [loop.target]
        if isinstance(loop, (ast.For, ast.AsyncFor))
        else []
    )
    return {n.id for t in targets for n in walk(t) if isinstance(n, ast.Name)}


def assignments_in(loop: Loop) -> list[tuple[str, ast.expr]]:
    """``name = value`` statements of the loop body, in order (a comprehension has none)."""
    if isinstance(loop, COMPREHENSIONS):
        return []
    return [
        (n.targets[0].id, n.value)
        for stmt in loop.body
        for n in walk(stmt)
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
    ]


def assigned_in(loop: Loop, name: str) -> ast.expr | None:
    """The value the loop body last gives ``name`` (``batch = ids[i : i + 500]``)."""
    return next((v for n, v in reversed(assignments_in(loop)) if n == name), None)

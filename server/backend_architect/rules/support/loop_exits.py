"""Loops that run a query without walking rows: they poll, leave after it, or probe for a free value."""

from __future__ import annotations

import ast

from ...core.syntax import dotted_name
from ..nodes import walk
from .loops import COMPREHENSIONS, Loop
from .queries import chain_calls

SLEEP_CALLS = frozenset({"sleep"})  # time.sleep, asyncio.sleep, gevent.sleep


def paced(loop: Loop) -> bool:
    """A loop that sleeps on each turn polls (a job's status), it does not walk rows."""
    if isinstance(loop, COMPREHENSIONS):
        return False
    for stmt in loop.body:
        for n in walk(stmt):
            if isinstance(n, ast.Call):
                name = dotted_name(n.func) or ""
                if name.rsplit(".", 1)[-1] in SLEEP_CALLS:
                    return True
    return False


def probes_for_a_free_value(outer: ast.Call, loop: Loop) -> bool:
    """``while User.objects.filter(username=name).exists(): name = f"{base}-{n}"``: the loop
    tries values until the query finds none taken (a unique name, slug or code), the shape
    of the ``while True`` draw; it does not walk rows."""
    if not isinstance(loop, ast.While) or not any(n is outer for n in walk(loop.test)):
        return False
    # names and attributes (``user.username = ...``) the body assigns
    assigned = {
        ast.unparse(n)
        for stmt in loop.body
        for n in walk(stmt)
        if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Store)
    }
    return any(
        isinstance(n, (ast.Name, ast.Attribute)) and ast.unparse(n) in assigned
        for c in chain_calls(outer)
        for a in [*c.args, *(k.value for k in c.keywords)]
        for n in walk(a)
    )


def ends_the_loop(call: ast.Call, loop: Loop, stack: list[ast.AST]) -> bool:
    """The query runs once before the loop is left: it is returned, or its statement is
    followed in the same block by ``return``/``break`` (a retry loop's ``try`` body); or
    ``while True:`` tries values until the query says one is free (``if not
    X.objects.filter(code=code).exists(): return code``)."""
    if isinstance(loop, COMPREHENSIONS):
        return False
    path = [*stack, call]
    start = next(i for i, n in enumerate(path) if n is loop)
    for i in range(start, len(path) - 1):
        node, child = path[i], path[i + 1]
        if isinstance(node, (ast.Return, ast.Break)):
            return True
        if isinstance(node, ast.If) and child is node.test:
            if (
                isinstance(loop, ast.While)
                and isinstance(loop.test, ast.Constant)
                and loop.test.value is True
                and node.body
                and isinstance(node.body[-1], (ast.Return, ast.Break))
            ):
                return True
            continue
        if isinstance(child, ast.stmt):
            block = _block_of(node, child)
            if block is not None:
                after = block[block.index(child) + 1 :]
                if any(isinstance(s, (ast.Return, ast.Break)) for s in after):
                    return True
    return False


def _block_of(node: ast.AST, child: ast.stmt) -> list[ast.stmt] | None:
    """The statement list of ``node`` (body, orelse, finalbody) that holds ``child``."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and any(s is child for s in block):
            return block
    return None

"""The ``Depends``/``Security`` markers a FastAPI route inherits from its routers:
``APIRouter(dependencies=...)``, ``include_router(..., dependencies=...)`` and
``FastAPI(dependencies=...)``, found back from the auth requirements the route index records
(their name and origin), so their security schemes and scopes reach the contract."""

from __future__ import annotations

import ast
import os

from ...core.model import Route
from ...core.syntax import dotted_name, last_name
from ..facts import ModuleFacts, Scope
from ..project import ProjectIndex

INHERITED_LEVELS = frozenset({"router", "app"})
MARKERS = frozenset({"Depends", "Security"})


def inherited_markers(
    index: ProjectIndex, route: Route
) -> list[tuple[ModuleFacts, Scope, ast.Call]]:
    out: list[tuple[ModuleFacts, Scope, ast.Call]] = []
    for req in route.auth:
        if req.level not in INHERITED_LEVELS or req.public or ":" not in req.origin:
            continue
        rel, _, line_text = req.origin.rpartition(":")
        if not line_text.isdigit():
            continue
        path = rel if os.path.isabs(rel) else os.path.join(index.root, rel)
        facts = index.facts(path)
        if facts is None:
            continue
        parsed = index.parsed(facts.path)
        if parsed is None or parsed.tree is None:
            continue
        found = _marker_at(parsed.tree, int(line_text), req.name)
        if found is not None:
            out.append((facts, _scope_at(facts, int(line_text)), found))
    return out


def _marker_at(tree: ast.Module, line: int, name: str) -> ast.Call | None:
    candidates = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and node.lineno == line
        and last_name(node.func) in MARKERS
        and node.args
    ]
    named = [c for c in candidates if (dotted_name(c.args[0]) or ast.unparse(c.args[0])) == name]
    found = named or candidates
    return found[0] if found else None


def _scope_at(facts: ModuleFacts, line: int) -> Scope:
    """The innermost function around ``line`` (an app built in ``create_app()``), else module."""
    best: tuple[int, Scope] = (0, "")
    for qualname, fn in facts.functions.items():
        node = fn.node
        if node.lineno <= line <= (node.end_lineno or node.lineno) and node.lineno > best[0]:
            best = (node.lineno, qualname)
    return best[1]

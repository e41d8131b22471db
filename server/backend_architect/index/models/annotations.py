"""Reading class bodies and type annotations: Optional/Union/Annotated, Mapped[...], forward references."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...core.syntax import dotted_name, is_none_literal
from ..facts import ClassFacts
from ..symbol_types import ClassSym

MAPPED_WRAPPERS = frozenset({"Mapped", "WriteOnlyMapped", "DynamicMapped"})
COLLECTION_WRAPPERS = frozenset(
    {"list", "List", "set", "Set", "frozenset", "FrozenSet", "Sequence", "Collection", "dict"}
)


def unstring(expr: ast.expr | None) -> ast.expr | None:
    """``"Optional[Address]"`` (a forward reference) as the expression it spells."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        try:
            return ast.parse(expr.value, mode="eval").body
        except SyntaxError:
            return None
    return expr


def last_dotted_part(expr: ast.expr) -> str:
    """The last part of a dotted name (`sa.String` -> `String`); "" for anything else."""
    name = dotted_name(expr)
    return name.rsplit(".", 1)[-1] if name else ""


def subscript_args(expr: ast.Subscript) -> list[ast.expr]:
    inner = expr.slice
    return list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]


def strip_optional(expr: ast.expr | None) -> tuple[ast.expr | None, bool]:
    """(the type inside Optional/Union with None/``| None``/Annotated, whether None is allowed)."""
    expr = unstring(expr)
    optional = False
    for _ in range(8):
        if expr is None:
            break
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            parts = _union_parts(expr)
            rest = [p for p in parts if not is_none_literal(p)]
            optional = optional or len(rest) < len(parts)
            expr = rest[0] if len(rest) == 1 else expr
            if len(rest) != 1:
                break
            continue
        if isinstance(expr, ast.Subscript):
            wrapper = last_dotted_part(expr.value)
            args = subscript_args(expr)
            if wrapper == "Optional" and args:
                optional, expr = True, unstring(args[0])
                continue
            if wrapper == "Union":
                rest = [a for a in args if not is_none_literal(a)]
                optional = optional or len(rest) < len(args)
                if len(rest) == 1:
                    expr = unstring(rest[0])
                    continue
            if wrapper == "Annotated" and args:
                expr = unstring(args[0])
                continue
        break
    return expr, optional


def _union_parts(expr: ast.expr) -> list[ast.expr]:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _union_parts(expr.left) + _union_parts(expr.right)
    return [expr]


def mapped_inner(annotation: ast.expr | None) -> ast.expr | None:
    """``int`` for ``Mapped[int]`` (forward references unquoted); None if not ``Mapped``."""
    annotation = unstring(annotation)
    if (
        isinstance(annotation, ast.Subscript)
        and last_dotted_part(annotation.value) in MAPPED_WRAPPERS
    ):
        return unstring(annotation.slice)
    return None


def related_class(expr: ast.expr | None) -> str | None:
    """The class a relationship annotation names: ``list["Address"]`` -> ``Address``."""
    expr, _ = strip_optional(expr)
    for _ in range(4):
        if isinstance(expr, ast.Subscript) and last_dotted_part(expr.value) in COLLECTION_WRAPPERS:
            expr, _ = strip_optional(subscript_args(expr)[-1])
        else:
            break
    if expr is None:
        return None
    name = dotted_name(expr)
    return name.rsplit(".", 1)[-1] if name else None


def source_text(expr: ast.expr | None) -> str | None:
    return None if expr is None else ast.unparse(expr)


def class_body(
    info: ClassFacts,
) -> Iterator[tuple[str, ast.expr, ast.expr | None, ast.expr | None]]:
    """(name, target node, annotation, value) of each class-level attribute, in order."""
    for stmt in info.node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            yield stmt.target.id, stmt.target, stmt.annotation, stmt.value
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                yield target.id, target, None, stmt.value


def is_classvar(annotation: ast.expr | None) -> bool:
    annotation = unstring(annotation)
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    return annotation is not None and last_dotted_part(annotation) in {"ClassVar", "InitVar"}


def ancestor_names(anc: list[ClassSym | str]) -> set[str]:
    """Dotted names of a class's ancestors, project classes included: a workspace that holds
    a framework's own source (or a vendored copy) resolves its bases to project classes."""
    return {a if isinstance(a, str) else a.dotted for a in anc}

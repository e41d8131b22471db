"""BA808 downgrade-missing: an Alembic revision with no ``downgrade()``, or one that does
nothing."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity, Span
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.migration_ops import alembic_revision


def _does_nothing(fn: ast.FunctionDef) -> bool:
    """Only ``pass``, ``...`` and a docstring: no operation and no deliberate ``raise``."""
    for stmt in fn.body:
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring, or ``...``
        return False
    return True


def _name_span(fn: ast.FunctionDef, ctx: FileContext) -> Span:
    line = fn.lineno - 1
    text = ctx.lines[line] if line < len(ctx.lines) else ""
    col = text.find(fn.name, fn.col_offset)
    col = col if col >= 0 else fn.col_offset
    return Span.of(line, col, line, col + len(fn.name))


def _says_irreversible(fn: ast.FunctionDef, ctx: FileContext) -> bool:
    end = fn.end_lineno or fn.lineno
    return any("irreversible" in line.lower() for line in ctx.lines[fn.lineno - 1 : end])


@register
class DowngradeMissing(Rule):
    info = RuleInfo(
        code="BA808",
        name="downgrade-missing",
        summary="An Alembic revision has no `downgrade()`, or its `downgrade()` does nothing.",
        severity=Severity.WARNING,
        rationale=(
            "When a deploy goes wrong the way back is `alembic downgrade -1`. A revision with no "
            "`downgrade()` makes that fail, and an empty one is worse: Alembic records the "
            "downgrade as done while the schema stays as the upgrade left it, so the old code "
            "meets the new schema. Write the reverse operations; when there is no way back, say "
            "so: `raise NotImplementedError('irreversible: ...')` (or a comment saying "
            "irreversible) is not reported."
        ),
        bad=(
            "from alembic import op\n\n\ndef upgrade():\n    op.drop_column('users', 'fax')\n\n\n"
            "def downgrade():\n    pass"
        ),
        good=(
            "from alembic import op\nimport sqlalchemy as sa\n\n\n"
            "def upgrade():\n    op.drop_column('users', 'fax')\n\n\n"
            "def downgrade():\n    op.add_column('users', sa.Column('fax', sa.String(30)))"
        ),
    )
    node_types = (ast.Module,)
    text_markers = ("alembic",)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Module, node)  # node_types says so
        rev = alembic_revision(node)
        if rev is None or rev.upgrade is None or _does_nothing(rev.upgrade):
            return  # an empty revision (a merge point, a placeholder) has nothing to undo
        if rev.downgrade is None:
            ctx.report(
                _name_span(rev.upgrade, ctx),
                "the revision has no downgrade(): `alembic downgrade` fails here; write the "
                "reverse operations, or raise NotImplementedError saying it is irreversible",
            )
        elif _does_nothing(rev.downgrade) and not _says_irreversible(rev.downgrade, ctx):
            ctx.report(
                _name_span(rev.downgrade, ctx),
                "downgrade() does nothing: Alembic records the downgrade while the schema stays "
                "upgraded; write the reverse operations, or raise NotImplementedError",
            )

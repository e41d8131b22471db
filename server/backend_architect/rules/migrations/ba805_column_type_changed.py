"""BA805 column-type-changed: an upgrade changes a column's type."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import keyword_value
from ..file_context import FileContext
from ..registry import register
from ..rule_info import RuleInfo
from ..support.django_history import field_before
from ..support.migration_ops import (
    AlembicOp,
    AlembicRevision,
    DjangoMigration,
    DjangoOp,
    arg,
    call_name,
    text_of,
)
from ..support.migration_rule import MigrationOpRule

# what makes a Django field's column type, besides its class
TYPE_ARGS = ("max_length", "max_digits", "decimal_places", "to", "base_field", "size")
VARCHAR = frozenset({"String", "VARCHAR", "Unicode", "CharField", "SlugField", "EmailField"})


def _length(call: ast.expr | None) -> int | None:
    if not isinstance(call, ast.Call):
        return None
    value = keyword_value(call, "length", "max_length") or (call.args[0] if call.args else None)
    return value.value if isinstance(value, ast.Constant) and type(value.value) is int else None


def _widened(old: ast.expr | None, new: ast.expr | None) -> bool:
    """A VARCHAR made longer (or unbounded): PostgreSQL changes only the catalogue."""
    if call_name(old) not in VARCHAR or call_name(new) not in VARCHAR:
        return False
    before, after = _length(old), _length(new)
    return before is not None and (after is None or after >= before)


def _same_django_type(old: ast.Call, new: ast.Call) -> bool:
    if call_name(old) != call_name(new):
        return False
    dumped = [
        (ast.dump(a) if a is not None else None, ast.dump(b) if b is not None else None)
        for a, b in ((keyword_value(old, k), keyword_value(new, k)) for k in TYPE_ARGS)
    ]
    return all(a == b for a, b in dumped)


@register
class ColumnTypeChanged(MigrationOpRule):
    info = RuleInfo(
        code="BA805",
        name="column-type-changed",
        summary="A migration changes a column's type.",
        severity=Severity.WARNING,
        rationale=(
            "Changing a column's type rewrites the table on PostgreSQL and MySQL under an "
            "exclusive lock: no reads or writes until every row is converted, minutes on a big "
            "table. Values that do not convert fail the deploy half way, and the old code still "
            "running expects the old type. Add a column of the new type, backfill it in "
            "batches, switch the code, then drop the old column. Making a VARCHAR longer is "
            "not reported (PostgreSQL changes only the catalogue); a Django `AlterField` is "
            "compared with the field as the app's earlier migrations define it."
        ),
        bad=(
            "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"
            "    op.alter_column('orders', 'total', type_=sa.Numeric(12, 2))"
        ),
        good=(
            "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"
            "    op.add_column('orders', sa.Column('total_exact', sa.Numeric(12, 2)))"
        ),
    )

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        new = keyword_value(op.call, "type_")
        if op.name != "alter_column" or new is None or not rev.on_existing_table(op):
            return
        if _widened(keyword_value(op.call, "existing_type"), new):
            return
        ctx.report(op.call.func, _message(op.table, text_of(op.argument(1, "column_name"))))

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        if dop.name != "AlterField" or not migration.on_existing_model(dop):
            return
        name, new = text_of(arg(dop.call, 1, "name")), arg(dop.call, 2, "field")
        if not isinstance(new, ast.Call):
            return
        old = field_before(ctx.path, dop.model, name) if dop.model and name else None
        if old is not None and (_same_django_type(old, new) or _widened(old, new)):
            return
        ctx.report(dop.call.func, _message(dop.model, name, known=old is not None))


def _message(table: str | None, column: str | None, known: bool = True) -> str:
    what = f"`{table}.{column}`" if table and column else "a column"
    verb = "changes" if known else "may change (no earlier migration defines it)"
    return (
        f"{verb} the type of {what}: the table is rewritten under an exclusive lock and the "
        "running code expects the old type; add a new column, backfill, switch, drop"
    )

"""BA802 not-null-column-without-default: a NOT NULL column added to an existing table with no
default for the rows it already holds."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import is_none_literal, keyword_value
from ..file_context import FileContext
from ..registry import register
from ..rule_info import RuleInfo
from ..support.migration_ops import (
    AlembicOp,
    AlembicRevision,
    DjangoMigration,
    DjangoOp,
    arg,
    call_name,
    is_false,
    is_true,
)
from ..support.migration_rule import MigrationOpRule

# Django fields that add no column (or whose column may stay empty)
NO_COLUMN = frozenset({"ManyToManyField", "GenericRelation", "GeneratedField"})


def _alembic_unsafe(op: AlembicOp) -> bool:
    column = op.argument(1, "column")
    if not isinstance(column, ast.Call) or call_name(column) != "Column":
        return False
    nullable = keyword_value(column, "nullable")
    primary = keyword_value(column, "primary_key")
    if not is_false(nullable) and not (nullable is None and is_true(primary)):
        return False  # nullable (the default), or not known
    default = keyword_value(column, "server_default")
    return default is None or is_none_literal(default)


def _django_unsafe(field_call: ast.expr | None) -> bool:
    if not isinstance(field_call, ast.Call) or call_name(field_call) in NO_COLUMN:
        return False
    null = keyword_value(field_call, "null")
    if null is not None and not is_false(null):
        return False  # null=True (or not known)
    defaults = [keyword_value(field_call, k) for k in ("default", "db_default")]
    return all(d is None or is_none_literal(d) for d in defaults)


@register
class NotNullColumnWithoutDefault(MigrationOpRule):
    info = RuleInfo(
        code="BA802",
        name="not-null-column-without-default",
        summary="A NOT NULL column is added to an existing table without a default.",
        severity=Severity.ERROR,
        rationale=(
            "The table already has rows, and none of them has a value for the new column: "
            "`ALTER TABLE ... ADD COLUMN ... NOT NULL` fails on the first one, so the deploy "
            "stops half way (and works on the developer's empty database). Give the column a "
            "`server_default` (Django: `default=` or `db_default=`), or add it nullable, "
            "backfill it, and make it NOT NULL in a later revision."
        ),
        bad=(
            "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"
            "    op.add_column('users', sa.Column('plan', sa.String(20), nullable=False))"
        ),
        good=(
            "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"
            "    op.add_column('users', sa.Column('plan', sa.String(20), nullable=False,"
            " server_default='free'))"
        ),
    )

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        if op.name == "add_column" and rev.on_existing_table(op) and _alembic_unsafe(op):
            ctx.report(op.call.func, _message(op.table, "server_default"))

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        if (
            dop.name == "AddField"
            and migration.on_existing_model(dop)
            and _django_unsafe(arg(dop.call, 2, "field"))
        ):
            ctx.report(dop.call.func, _message(dop.model, "default= or db_default="))


def _message(table: str | None, fix: str) -> str:
    where = f"`{table}`" if table else "an existing table"
    return (
        f"NOT NULL column added to {where} without a default: the rows already there make it "
        f"fail; give it a {fix}, or add it nullable, backfill, then make it NOT NULL"
    )

"""BA803 column-or-table-dropped: an upgrade drops a column or a table."""

from __future__ import annotations

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import register
from ..rule_info import RuleInfo
from ..support.migration_ops import (
    AlembicOp,
    AlembicRevision,
    DjangoMigration,
    DjangoOp,
    arg,
    text_of,
)
from ..support.migration_rule import MigrationOpRule

ALEMBIC = {"drop_column": "column", "drop_table": "table"}
DJANGO = {"RemoveField": "column", "DeleteModel": "table"}


@register
class ColumnOrTableDropped(MigrationOpRule):
    info = RuleInfo(
        code="BA803",
        name="column-or-table-dropped",
        summary="A migration drops a column or a table.",
        severity=Severity.WARNING,
        rationale=(
            "A drop loses data for good, and during the deploy the running (old) code still "
            "reads and writes what was dropped: its queries fail until every instance runs the "
            "new code. Drop in two steps: first release code that no longer uses the column "
            "(SQLAlchemy: remove it from the model; Django: `SeparateDatabaseAndState`), then "
            "drop it in a later migration, with a backup. Drops in `downgrade()` are not "
            "reported."
        ),
        bad="from alembic import op\n\n\ndef upgrade():\n    op.drop_column('users', 'legacy_id')",
        good="from alembic import op\n\n\ndef downgrade():\n    op.drop_column('users', 'legacy_id')",
    )

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        if op.name in ALEMBIC:
            column = text_of(op.argument(1, "column_name")) if op.name == "drop_column" else None
            ctx.report(op.call.func, _message(ALEMBIC[op.name], op.table, column))

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        if dop.name in DJANGO:
            field = text_of(arg(dop.call, 1, "name")) if dop.name == "RemoveField" else None
            ctx.report(dop.call.func, _message(DJANGO[dop.name], dop.model, field))


def _message(kind: str, table: str | None, column: str | None) -> str:
    what = f"`{table}.{column}`" if table and column else f"`{table}`" if table else f"a {kind}"
    return (
        f"drops {kind} {what}: its data is gone and the code still running reads it; stop using "
        "it in one release and drop it in a later one"
    )

"""BA804 column-or-table-renamed: an upgrade renames a column or a table."""

from __future__ import annotations

from ...core.model import Severity
from ...core.syntax import keyword_value
from ..file_context import FileContext
from ..registry import register
from ..rule_info import RuleInfo
from ..support.migration_ops import (
    AlembicOp,
    AlembicRevision,
    DjangoMigration,
    DjangoOp,
)
from ..support.migration_rule import MigrationOpRule

DJANGO = {"RenameField": "column", "RenameModel": "table"}


@register
class ColumnOrTableRenamed(MigrationOpRule):
    info = RuleInfo(
        code="BA804",
        name="column-or-table-renamed",
        summary="A migration renames a column or a table.",
        severity=Severity.WARNING,
        rationale=(
            "The moment the rename commits, the code still running uses the old name and every "
            "query naming it fails, until all instances run the new code. Rename in steps: add "
            "the new column, write to both, backfill, move the reads, then drop the old one (or "
            "keep the old table name behind a view). Renames in `downgrade()` are not reported."
        ),
        bad="from alembic import op\n\n\ndef upgrade():\n    op.rename_table('users', 'accounts')",
        good=(
            "from alembic import op\n\n\ndef upgrade():\n"
            "    op.alter_column('users', 'email', comment='login')"
        ),
    )

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        if op.name == "rename_table":
            ctx.report(op.call.func, _message("table", op.table))
        elif op.name == "alter_column" and keyword_value(op.call, "new_column_name"):
            ctx.report(op.call.func, _message("column", op.table))

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        if dop.name in DJANGO:
            ctx.report(dop.call.func, _message(DJANGO[dop.name], dop.model))


def _message(kind: str, table: str | None) -> str:
    where = f" of `{table}`" if kind == "column" and table else f" `{table}`" if table else ""
    return (
        f"renames a {kind}{where}: the code still running uses the old name and fails until "
        "every instance is updated; add the new name, copy, switch, then drop the old"
    )

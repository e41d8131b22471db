"""BA806 index-not-concurrent: an index built on an existing table while writes wait, or
built concurrently inside the migration's transaction (which PostgreSQL refuses)."""

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
    is_true,
)
from ..support.migration_rule import MigrationOpRule

BLOCKING = (
    "index built on `{}` without CONCURRENTLY: PostgreSQL blocks every write to the table "
    "until it is built; use {}"
)
IN_TRANSACTION = (
    "CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and the migration runs "
    "in one; {}"
)


@register
class IndexNotConcurrent(MigrationOpRule):
    info = RuleInfo(
        code="BA806",
        name="index-not-concurrent",
        summary="An index is built on an existing table without CONCURRENTLY, or concurrently "
        "inside the migration's transaction.",
        severity=Severity.WARNING,
        rationale=(
            "`CREATE INDEX` holds a lock that blocks every INSERT, UPDATE and DELETE on the table "
            "while the index is built: minutes on a big table, an outage for the writes. "
            "PostgreSQL builds it without that lock with `CONCURRENTLY`, which cannot run "
            "inside a transaction: in Alembic `postgresql_concurrently=True` inside "
            "`with op.get_context().autocommit_block():`; in Django `AddIndexConcurrently` in a "
            "migration with `atomic = False`. Other databases ignore the PostgreSQL option, so "
            "the safe form costs nothing there. Indexes on a table the same migration creates "
            "are not reported (it is empty)."
        ),
        bad=(
            "from alembic import op\n\n\ndef upgrade():\n"
            "    op.create_index('ix_orders_user_id', 'orders', ['user_id'])"
        ),
        good=(
            "from alembic import op\n\n\ndef upgrade():\n"
            "    with op.get_context().autocommit_block():\n"
            "        op.create_index('ix_orders_user_id', 'orders', ['user_id'],"
            " postgresql_concurrently=True)"
        ),
    )

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        if op.name != "create_index" or not rev.on_existing_table(op):
            return
        if not is_true(keyword_value(op.call, "postgresql_concurrently")):
            safe = "postgresql_concurrently=True inside op.get_context().autocommit_block()"
            ctx.report(op.call.func, BLOCKING.format(op.table or "the table", safe))
        elif not op.autocommit:
            ctx.report(
                op.call.func,
                IN_TRANSACTION.format("wrap it in `with op.get_context().autocommit_block():`"),
            )

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        if dop.name == "AddIndex" and migration.on_existing_model(dop):
            safe = "AddIndexConcurrently in a migration with atomic = False"
            ctx.report(dop.call.func, BLOCKING.format(dop.model or "the table", safe))
        elif dop.name == "AddIndexConcurrently" and migration.atomic:
            ctx.report(dop.call.func, IN_TRANSACTION.format("set `atomic = False` on it"))

"""BA807 constraint-without-validation: a foreign key, check or unique constraint added to an
existing table in one step, which scans the table under a lock."""

from __future__ import annotations

import ast

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
    arg,
    call_name,
    is_false,
    is_true,
)
from ..support.migration_rule import MigrationOpRule

NOT_VALID = (
    "{} added to `{}` and checked against every row in one step, under a lock that blocks "
    "writes; add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later step"
)
UNIQUE = (
    "unique constraint added to `{}` in one step: building its index blocks writes; create a "
    "unique index CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX"
)
DJANGO_FK = (
    "foreign key added to `{}` in one step: every row is checked under a lock; add the column "
    "with db_constraint=False, then the constraint NOT VALID and VALIDATE it (RunSQL)"
)
FOREIGN_KEYS = frozenset({"ForeignKey", "OneToOneField"})


@register
class ConstraintWithoutValidation(MigrationOpRule):
    info = RuleInfo(
        code="BA807",
        name="constraint-without-validation",
        summary="A foreign key, check or unique constraint is added to an existing table in one "
        "step, without a separate validation.",
        severity=Severity.WARNING,
        rationale=(
            "Adding a foreign key or check constraint makes PostgreSQL read the whole table to "
            "prove every row satisfies it, holding a lock that blocks writes (a foreign key "
            "locks the referenced table too). Add it `NOT VALID` (Alembic: "
            "`postgresql_not_valid=True`), which only checks new rows, then `ALTER TABLE ... "
            "VALIDATE CONSTRAINT` in a later step, which does not block writes. A unique "
            "constraint builds an index: create it `CONCURRENTLY` and attach it with `ADD "
            "CONSTRAINT ... UNIQUE USING INDEX`. Constraints on a table the same migration "
            "creates are not reported."
        ),
        bad=(
            "from alembic import op\n\n\ndef upgrade():\n"
            "    op.create_foreign_key('fk_orders_user', 'orders', 'users', ['user_id'], ['id'])"
        ),
        good=(
            "from alembic import op\n\n\ndef upgrade():\n"
            "    op.create_foreign_key('fk_orders_user', 'orders', 'users', ['user_id'], ['id'],"
            " postgresql_not_valid=True)\n"
            "    op.execute('ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user')"
        ),
    )

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        if not rev.on_existing_table(op):
            return
        table = op.table or "the table"
        if op.name in ("create_foreign_key", "create_check_constraint"):
            if not is_true(keyword_value(op.call, "postgresql_not_valid")):
                kind = "foreign key" if op.name == "create_foreign_key" else "check constraint"
                ctx.report(op.call.func, NOT_VALID.format(kind, table))
        elif op.name == "create_unique_constraint":
            ctx.report(op.call.func, UNIQUE.format(table))

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        if not migration.on_existing_model(dop):
            return
        model = dop.model or "the table"
        if dop.name == "AddConstraint":
            constraint = call_name(arg(dop.call, 1, "constraint"))
            if constraint == "UniqueConstraint":
                ctx.report(dop.call.func, UNIQUE.format(model))
            elif constraint == "CheckConstraint":
                ctx.report(dop.call.func, NOT_VALID.format("check constraint", model))
        elif dop.name == "AddField":
            field = arg(dop.call, 2, "field")
            if (
                isinstance(field, ast.Call)
                and call_name(field) in FOREIGN_KEYS
                and not is_false(keyword_value(field, "db_constraint"))
            ):
                ctx.report(dop.call.func, DJANGO_FK.format(model))

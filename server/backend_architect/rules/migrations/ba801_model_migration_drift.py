"""BA801 model-migration-drift: a model or column that no migration creates, or creates differently."""

from __future__ import annotations

import os

from ...core.model import Severity
from ...index.migrations.state import migration_state
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.models import models_in


@register
class ModelMigrationDrift(Rule):
    info = RuleInfo(
        code="BA801",
        name="model-migration-drift",
        summary="The model and the migrations at head disagree; generate the migration.",
        severity=Severity.WARNING,
        rationale=(
            "Every schema change goes through a migration. A model whose table, column, "
            "nullability, type, index or constraint no migration creates works on the "
            "developer's database (made with create_all, or migrated by hand) and fails in "
            "production, where only the migrations ran. The schema at head is read from the "
            "revision files' op.* calls; tables a migration changes in ways that cannot be read "
            "statically (op.execute of DDL, an op under an if) are left out. The code action "
            "'Generate migration' writes the revision."
        ),
        bad=(
            "class User(Base):\n    __tablename__ = 'users'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
            "    nickname: Mapped[str | None]  # no revision adds users.nickname"
        ),
        good="# alembic revision: op.add_column('users', sa.Column('nickname', sa.String(), nullable=True))",
    )

    def check_file(self, ctx: FileContext) -> None:
        index = ctx.index
        if index is None:
            return
        if not models_in(ctx):  # grouped once: a linear scan per file was quadratic
            return
        path = os.path.abspath(ctx.path)
        state = migration_state(index.root, index.models, path, dict(index.overlays))
        if state is None:
            return
        for drift in state.diff.drift:
            if os.path.abspath(drift.file) == path:
                ctx.report(drift.span, drift.message + "; run 'Generate migration'")

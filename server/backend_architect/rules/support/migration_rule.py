"""The base of the migration safety rules that judge one operation at a time: the revision or
migration is read once per tree (``migration_ops``), and each rule says only what makes one
Alembic ``op.*`` call or one Django operation unsafe."""

from __future__ import annotations

import ast
from typing import cast

from ..file_context import FileContext
from ..registry import Rule
from .migration_ops import (
    AlembicOp,
    AlembicRevision,
    DjangoMigration,
    DjangoOp,
    alembic_revision,
    django_migration,
)


class MigrationOpRule(Rule):
    node_types = (ast.Module,)
    text_markers = ("alembic", "migrations")

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        tree = cast(ast.Module, node)  # node_types says so
        rev = alembic_revision(tree)
        if rev is not None:
            for op in rev.ops:
                self.alembic_op(rev, op, ctx)
        migration = django_migration(tree)
        if migration is not None:
            for dop in migration.ops:
                self.django_op(migration, dop, ctx)

    def alembic_op(self, rev: AlembicRevision, op: AlembicOp, ctx: FileContext) -> None:
        """Report what is unsafe in one Alembic operation (nothing, unless overridden)."""

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        """Report what is unsafe in one Django migration operation (nothing, unless overridden)."""

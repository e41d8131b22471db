"""BA408 create-all-with-migrations: metadata.create_all() in a project that has migrations."""

from __future__ import annotations

import ast
import os
import re

from ...core.model import Severity
from ..file_context import FileContext
from ..nodes import of_type
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.project_files import folders_up

MIGRATION_MARKERS = ("alembic.ini", "alembic", os.path.join("migrations", "versions"))


def has_migrations(ctx: FileContext) -> str | None:
    """What shows the project migrates its schema: alembic.ini, alembic/, migrations/versions/."""
    for folder in folders_up(ctx):
        for marker in MIGRATION_MARKERS:
            if os.path.exists(os.path.join(folder, marker)):
                return marker
    return None


TEST_WORDS = frozenset({"test", "tests", "testing", "conftest", "fixtures", "seed", "dev"})


@register
class CreateAllWithMigrations(Rule):
    info = RuleInfo(
        code="BA408",
        test_files="never",
        name="create-all-with-migrations",
        summary="`metadata.create_all()` in application code of a project that has migrations.",
        severity=Severity.WARNING,
        rationale=(
            "With Alembic the migrations own the schema. `create_all` at start-up creates "
            "missing tables straight from the models, so a table exists without its migration "
            "having run: the next `alembic upgrade` fails on `table already exists`, or "
            "`alembic_version` says a revision the database does not match. Keep `create_all` "
            "for tests and throwaway scripts; run `alembic upgrade head` on deploy."
        ),
        bad='@app.on_event("startup")\ndef init():\n    Base.metadata.create_all(bind=engine)',
        good="# deploy: alembic upgrade head\n# tests/conftest.py: Base.metadata.create_all(engine)",
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        stem = os.path.splitext(ctx.relative_parts[-1])[0].lower()
        if TEST_WORDS & set(re.split(r"[_\W]+", stem)):
            return
        calls = [
            n
            for n in of_type(ctx.tree, ast.Call)
            if isinstance(n.func, ast.Attribute)
            and n.func.attr == "create_all"
            and isinstance(n.func.value, ast.Attribute)
            and n.func.value.attr == "metadata"
        ]
        if not calls:
            return
        marker = has_migrations(ctx)
        if marker is None:
            return
        for call in calls:
            ctx.report(
                call,
                f"`{ctx.source_of(call.func)}()` creates tables outside the migrations "
                f"(the project has {marker}); run `alembic upgrade head` instead",
            )

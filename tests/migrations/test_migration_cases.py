"""Each case: the product writes the revision; Alembic applies it to a fresh PostgreSQL database
and to SQLite, ``compare_metadata`` finds nothing left between the database and the models, and
``downgrade -1`` succeeds and leaves no enum type behind.

The models of a case run here (in a subprocess of the test): they are our fixtures, not user code
being indexed. The product itself only reads them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from backend_architect.actions.generate_migration.generate import plan_migration, write_plan
from backend_architect.workspace import Workspace

from .databases import fresh_postgres

HERE = Path(__file__).parent
CASES = sorted(p.name for p in (HERE / "cases").iterdir() if p.is_dir())

# what the written revision must say, beyond passing the database round trip
EXPECT = {
    "new_table_fk": [
        "op.create_table(",
        "'posts'",
        "sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE')",
        "ix_posts_user_id",
    ],
    "mixin_columns": [
        "'created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False",
        "'updated_at', sa.DateTime(timezone=True), nullable=True",
    ],
    "optional_nullability": [
        "'bio'",
        "nullable=True",
        "'website', sa.String(length=300), nullable=True",
        "'handle'",
        "becomes NOT NULL",
    ],
    "server_default": ["server_default='active'", "server_default=sa.text('0')"],
    "composite_index": [
        "ix_events_kind_created",
        "['kind', 'created_at']",
    ],  # + concurrently, below
    "unique_constraint": ["uq_members_org_email", "['org_id', 'email']", "uq_members_code"],
    "enum_column": [
        "sa.Enum('pending', 'paid', 'shipped', name='orderstatus')",
        "sa.Enum('low', 'high', name='priority')",
        ".create(op.get_bind(), checkfirst=True)",
        "sa.Enum(name='orderstatus').drop(op.get_bind(), checkfirst=True)",
    ],
    "type_change": ["type_=sa.String(length=200)", "type_=sa.BigInteger()", "changes type"],
    "removal": ["drop_column", "'fax'", "op.drop_table('legacy_notes')", "loses its data"],
    "rename": ["RENAME?", "new_column_name='full_name'", "'full_name'"],
}
TARGETS = [("postgresql", False), ("postgresql", True), ("sqlite", True)]


def make_project(case: str, tmp: Path, batch: bool) -> Path:
    project = tmp / case
    shutil.copytree(HERE / "project", project)
    (project / "app").mkdir()
    (project / "app" / "__init__.py").write_text("")
    shutil.copy(HERE / "cases" / case / "models.py", project / "app" / "models.py")
    shutil.copytree(HERE / "cases" / case / "versions", project / "migrations" / "versions")
    env = project / "migrations" / "env.py"
    env.write_text(env.read_text().replace("render_as_batch=False", f"render_as_batch={batch}"))
    return project


def generate(project: Path) -> Path:
    ws = Workspace(str(project))
    ws.build()
    plan = plan_migration(ws.root, ws.index.models, "the change")
    assert plan.problem is None, plan.problem
    assert plan.path is not None, "the models match head: nothing written"
    return Path(write_plan(plan))


def prove(project: Path, url: str) -> dict[str, object]:
    env = {**os.environ, "BA_MIGRATION_URL": url, "BA_PREVIOUS_HEAD": "0001"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, str(HERE / "prove.py")], cwd=project, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


@pytest.mark.parametrize(
    ("dialect", "batch"), TARGETS, ids=[f"{d}{'-batch' if b else ''}" for d, b in TARGETS]
)
@pytest.mark.parametrize("case", CASES)
def test_case_round_trip(case: str, dialect: str, batch: bool, tmp_path: Path) -> None:
    project = make_project(case, tmp_path, batch)
    revision = generate(project)
    text = revision.read_text()
    compile(text, str(revision), "exec")
    for needle in EXPECT[case]:
        assert needle in text, f"{needle!r} not in\n{text}"
    if case == "composite_index":  # an index on a table with rows: built without blocking writes
        assert ("postgresql_concurrently=True" in text) == (not batch), text
    assert ("batch_alter_table" in text) == (
        batch and case not in ("new_table_fk",)
    ) or case == "new_table_fk"
    if dialect == "postgresql":
        with fresh_postgres() as url:
            result = prove(project, url)
    else:
        result = prove(project, f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert result["diff"] == [], f"{result['diff']}\n{text}"
    assert result["enums_after_downgrade"] == result["enums_before"], text
    assert "alembic_version" in result["tables_after_downgrade"]


def test_written_revision_is_at_head(tmp_path: Path) -> None:
    """A second run sees the new revision as head: nothing left to write."""
    project = make_project("new_table_fk", tmp_path, False)
    first = generate(project)
    assert "down_revision: str | None = '0001'" in first.read_text()
    ws = Workspace(str(project))
    ws.build()
    again = plan_migration(ws.root, ws.index.models, "again")
    assert again.problem is None and again.up_to_date and again.path is None

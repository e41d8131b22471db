"""The revisions the product writes, read by its own migration safety rules (BA802-BA810):
what they report is what really is unsafe about the change, and nothing else. An index on an
existing table is written in the safe form (CONCURRENTLY, in an autocommit block), which
Alembic applies on SQLite as well as on PostgreSQL (the round trip is in
test_migration_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from backend_architect.config import Settings
from backend_architect.core.parsing import parse_text
from backend_architect.rules.engine import Engine

from .test_migration_cases import CASES, generate, make_project, prove

SAFETY = [f"BA8{n:02d}" for n in range(2, 11)]
# what each case's change really risks (batch: the same, but a batch_op.create_index is not
# written concurrently, so BA806 says it blocks writes on PostgreSQL)
UNSAFE: dict[str, set[str]] = {
    "new_table_fk": set(),  # a new table: empty, nothing to lock or backfill
    "mixin_columns": set(),  # the NOT NULL column has a server default
    "optional_nullability": set(),
    "server_default": set(),
    "composite_index": set(),
    "unique_constraint": {"BA807"},  # a unique constraint on a table with rows
    "enum_column": {"BA802"},  # orders.status NOT NULL, no server default (the file says so)
    "type_change": {"BA805"},
    "removal": {"BA803"},
    "rename": {"BA802", "BA803"},  # drop + add of a NOT NULL column, flagged RENAME? in the file
}
BATCH_EXTRA = {"composite_index": {"BA806"}}


def _codes(path: Path) -> set[str]:
    engine = Engine(Settings(select=SAFETY))
    return {f.code for f in engine.check_parsed(parse_text(str(path), path.read_text()))}


@pytest.mark.parametrize("batch", [False, True], ids=["plain", "batch"])
@pytest.mark.parametrize("case", CASES)
def test_written_revision_reports_only_real_risks(case: str, batch: bool, tmp_path: Path) -> None:
    revision = generate(make_project(case, tmp_path, batch))
    expected = UNSAFE[case] | (BATCH_EXTRA.get(case, set()) if batch else set())
    assert _codes(revision) == expected, revision.read_text()


def test_concurrent_index_applies_on_sqlite(tmp_path: Path) -> None:
    project = make_project("composite_index", tmp_path, False)
    revision = generate(project)
    text = revision.read_text()
    assert "with op.get_context().autocommit_block():" in text
    assert "postgresql_concurrently=True" in text
    result = prove(project, f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert result["diff"] == [], f"{result['diff']}\n{text}"

"""Generate migration, the one call both front ends make: the revision file that takes the schema
at head to the models, as a path and a text (written by the CLI, a ``CreateFile`` in the editor)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ...core.atomic import write_text_atomic
from ...core.model import OrmModel
from ...core.source import read_text
from ...index.migrations.diff import (
    AddColumn,
    AddConstraint,
    AlterColumn,
    CreateIndex,
    CreateTable,
    DropColumn,
    DropTable,
    SchemaDiff,
)  # fmt: skip
from ...index.migrations.state import MigrationState, migration_state
from .render import NOTE, render
from .template import file_name, fill, new_revision_id


@dataclass
class MigrationPlan:
    state: MigrationState | None
    problem: str | None = None  # why no revision can be written
    path: str | None = None
    text: str | None = None
    revision: str | None = None
    down_revision: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def diff(self) -> SchemaDiff | None:
        return self.state.diff if self.state else None

    @property
    def up_to_date(self) -> bool:
        return self.state is not None and self.problem is None and self.state.diff.empty


def plan_migration(
    root: str,
    models: list[OrmModel],
    message: str | None = None,
    path: str | None = None,
    texts: dict[str, str] | None = None,
    keep: Iterable[str] = (),
    now: datetime | None = None,
) -> MigrationPlan:
    state = migration_state(root, models, path, texts, keep)
    if state is None:
        return MigrationPlan(
            None,
            "no Alembic environment (alembic.ini with script_location, or [tool.alembic]) and SQLAlchemy models found",
        )
    heads = state.graph.heads
    if len(heads) > 1:
        return MigrationPlan(
            state, f"several heads ({', '.join(heads)}): merge them first (`alembic merge heads`)"
        )
    missing = state.graph.missing()
    if missing:
        child, parent = missing[0]
        return MigrationPlan(state, f"revision {child} revises {parent}, which no file defines")
    if state.diff.empty:
        return MigrationPlan(state)
    now = now or datetime.now()
    rev = new_revision_id()
    text_message = message or describe(state.diff)
    body = render(state.diff, state.env.render_as_batch)
    upgrade = list(body.upgrade)
    if state.diff.skipped:
        upgrade.insert(0, f"{NOTE} not compared (their state at head is not read statically):")
        upgrade[1:1] = [f"#   {s}" for s in state.diff.skipped]
    down: str | None = heads[0] if heads else None
    values: dict[str, object] = {
        "message": text_message, "up_revision": rev, "down_revision": down,
        "create_date": now, "branch_labels": None, "depends_on": None,
        "imports": "\n".join(sorted(body.imports)), "upgrades": "\n".join(upgrade),
        "downgrades": "\n".join(body.downgrade),
    }  # fmt: skip
    template = None
    if state.env.template_file:
        try:
            template = read_text(state.env.template_file, 1_000_000, "strict")
        except (OSError, UnicodeDecodeError):
            template = None
    name = file_name(
        state.env.file_template, rev, text_message, now, state.env.truncate_slug_length
    )
    target = os.path.join(state.env.version_locations[0], name)
    return MigrationPlan(state, None, target, fill(template, values), rev, down, body.notes)


def write_plan(plan: MigrationPlan) -> str:
    """Write the revision file (never over an existing one); its path."""
    assert plan.path is not None and plan.text is not None
    os.makedirs(os.path.dirname(plan.path), exist_ok=True)
    write_text_atomic(plan.path, plan.text, exclusive=True)  # a crash leaves no half revision
    return plan.path


def describe(diff: SchemaDiff) -> str:
    """A message for the revision, from its first operations."""
    words = []
    for op in diff.operations[:3]:
        if isinstance(op, CreateTable):
            words.append(f"create {op.table.name}")
        elif isinstance(op, DropTable):
            words.append(f"drop {op.table.name}")
        elif isinstance(op, AddColumn):
            words.append(f"add {op.table}.{op.column.name}")
        elif isinstance(op, DropColumn):
            words.append(f"drop {op.table}.{op.column.name}")
        elif isinstance(op, AlterColumn):
            words.append(f"alter {op.table}.{op.new.name}")
        elif isinstance(op, CreateIndex):
            words.append(f"index {op.table}")
        elif isinstance(op, AddConstraint):
            words.append(f"constraint {op.table}")
    return ", ".join(dict.fromkeys(words)) or "schema changes"

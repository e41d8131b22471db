"""Models against the schema at head: the operations a revision needs, and where a model
disagrees with the migrations (for the drift diagnostic).

Like Alembic's autogenerate: tables, columns, types (compared by what the database stores),
nullability, indexes, unique constraints and foreign keys; server defaults are written for new
columns but not compared. Tables whose state at head is unknown are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ...core.model import Span
from .schema import ColumnSpec, ForeignKeySpec, IndexSpec, Schema, TableSpec, UniqueSpec


@dataclass(frozen=True)
class CreateTable:
    table: TableSpec


@dataclass(frozen=True)
class DropTable:
    table: TableSpec


@dataclass(frozen=True)
class AddColumn:
    table: str
    column: ColumnSpec


@dataclass(frozen=True)
class DropColumn:
    table: str
    column: ColumnSpec


@dataclass(frozen=True)
class AlterColumn:
    table: str
    old: ColumnSpec
    new: ColumnSpec

    @property
    def type_changed(self) -> bool:
        return not self.old.type.same_as(self.new.type)

    @property
    def nullable_changed(self) -> bool:
        return self.old.nullable != self.new.nullable


@dataclass(frozen=True)
class CreateIndex:
    table: str
    index: IndexSpec


@dataclass(frozen=True)
class DropIndex:
    table: str
    index: IndexSpec


@dataclass(frozen=True)
class AddConstraint:
    table: str
    constraint: UniqueSpec | ForeignKeySpec


@dataclass(frozen=True)
class DropConstraint:
    table: str
    constraint: UniqueSpec | ForeignKeySpec


Operation = (
    CreateTable | DropTable | AddColumn | DropColumn | AlterColumn | CreateIndex | DropIndex
    | AddConstraint | DropConstraint
)  # fmt: skip


@dataclass(frozen=True)
class Rename:
    """A drop and an add that may be one rename: written as both, flagged for the user."""

    table: str
    old: str
    new: str
    column: bool = True  # False: a table rename (``table`` is the old table)


@dataclass(frozen=True)
class Drift:
    """Where a model disagrees with the schema at head: for the diagnostic."""

    file: str
    span: Span
    table: str
    column: str | None
    message: str


@dataclass
class SchemaDiff:
    operations: list[Operation] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # tables left out, and why

    @property
    def empty(self) -> bool:
        return not self.operations


def diff_schemas(models: Schema, head: Schema, keep: Iterable[str] = ()) -> SchemaDiff:
    """What turns ``head`` into ``models``. ``keep``: tables the project defines outside the
    models (``Table(...)`` objects), never dropped."""
    out = SchemaDiff()
    kept = set(keep) | {"alembic_version"}
    for name, table in models.tables.items():
        if not head.is_known(name):
            out.skipped.append(f"{name}: {head.reasons.get(name) or head.reasons.get('*', '')}")
            continue
        old = head.tables.get(name)
        if old is None:
            out.operations.append(CreateTable(table))
            if table.span is not None and table.file:
                out.drift.append(Drift(table.file, table.span, name, None,
                    f"`{table.model}` (table `{name}`) is created by no migration"))  # fmt: skip
            continue
        _diff_table(out, table, old)
    if not head.all_unknown:
        created = {op.table.name: op.table for op in out.operations if isinstance(op, CreateTable)}
        for name, table in head.tables.items():
            if name not in models.tables and name not in kept and name not in head.unknown:
                out.operations.append(DropTable(table))
                twin = next(
                    (c for c in created.values() if set(c.columns) == set(table.columns)), None
                )
                if twin is not None:
                    out.renames.append(Rename(name, name, twin.name, column=False))
    out.operations = _ordered(out.operations)
    return out


def _diff_table(out: SchemaDiff, new: TableSpec, old: TableSpec) -> None:
    ops = out.operations
    added = [c for n, c in new.columns.items() if n not in old.columns]
    dropped = [c for n, c in old.columns.items() if n not in new.columns]
    for col in added:
        ops.append(AddColumn(new.name, col))
        if col.span is not None and col.file:
            out.drift.append(Drift(col.file, col.span, new.name, col.name,
                f"`{new.model}.{col.name}`: no migration adds column `{new.name}.{col.name}`"))  # fmt: skip
    for col in dropped:
        ops.append(DropColumn(new.name, col))
        twin = next(
            (a for a in added if a.type.same_as(col.type) and a.nullable == col.nullable), None
        )
        if twin is not None:
            added.remove(twin)
            out.renames.append(Rename(new.name, col.name, twin.name))
    if dropped and new.span is not None and new.file:
        names = ", ".join(f"`{c.name}`" for c in dropped)
        out.drift.append(Drift(new.file, new.span, new.name, None,
            f"`{new.model}` has no column {names}; the migrations at head still create it"))  # fmt: skip
    for name, col in new.columns.items():
        before = old.columns.get(name)
        if before is None:
            continue
        change = AlterColumn(new.name, before, col)
        if not (change.type_changed or change.nullable_changed):
            continue
        ops.append(change)
        if col.span is None or not col.file:
            continue
        what = []
        if change.nullable_changed:
            model_says = "nullable" if col.nullable else "NOT NULL"
            head_says = "nullable" if before.nullable else "NOT NULL"
            what.append(f"is {model_says} in the model, {head_says} at head")
        if change.type_changed:
            what.append(f"is `{col.type.render()}` in the model, `{before.type.render()}` at head")
        out.drift.append(
            Drift(col.file, col.span, new.name, name, f"`{new.model}.{name}` " + " and ".join(what))
        )
    _diff_items(out, new, old)


def _diff_items(out: SchemaDiff, new: TableSpec, old: TableSpec) -> None:
    ops = out.operations
    gone = {c.name for c in old.columns.values() if c.name not in new.columns}

    def index_key(i: IndexSpec) -> tuple[object, ...]:
        return (i.columns, i.unique)

    old_idx = {index_key(i): i for i in old.indexes}
    new_idx = {index_key(i): i for i in new.indexes}
    for key, idx in new_idx.items():
        if key not in old_idx:
            ops.append(CreateIndex(new.name, idx))
            _drift_item(out, new, idx.columns, f"index on ({', '.join(idx.columns)})")
    for key, idx in old_idx.items():
        if key not in new_idx and idx.name:  # those of dropped columns too (batch mode needs it)
            ops.append(DropIndex(new.name, idx))
    old_uq = {u.columns: u for u in old.uniques}
    new_uq = {u.columns: u for u in new.uniques}
    for cols, uq in new_uq.items():
        if cols not in old_uq:
            ops.append(AddConstraint(new.name, uq))
            _drift_item(out, new, cols, f"unique constraint on ({', '.join(cols)})")
    for cols, uq in old_uq.items():
        if cols not in new_uq and not set(cols) & gone:
            ops.append(DropConstraint(new.name, uq))
    old_fk = {f.signature: f for f in old.foreign_keys}
    new_fk = {f.signature: f for f in new.foreign_keys}
    for sig, fk in new_fk.items():
        if sig not in old_fk:
            ops.append(AddConstraint(new.name, fk))
            _drift_item(
                out, new, fk.columns, f"foreign key ({', '.join(fk.columns)}) -> {fk.ref_table}"
            )
    for sig, fk in old_fk.items():
        if sig not in new_fk and not set(fk.columns) & gone:
            ops.append(DropConstraint(new.name, fk))


def _drift_item(out: SchemaDiff, table: TableSpec, columns: tuple[str, ...], what: str) -> None:
    col = table.columns.get(columns[0]) if columns else None
    reported = {d.column for d in out.drift if d.table == table.name}
    if col is not None and col.name not in reported and col.span is not None and col.file:
        out.drift.append(Drift(col.file, col.span, table.name, col.name,
                f"`{table.model}.{col.name}`: the {what} is in the model, not at head"))  # fmt: skip


RANK = {CreateTable: 0, AddColumn: 1, AlterColumn: 2, DropConstraint: 3, DropIndex: 4,
        CreateIndex: 5, AddConstraint: 6, DropColumn: 7, DropTable: 8}  # fmt: skip


def _ordered(ops: list[Operation]) -> list[Operation]:
    """Alembic's order: new tables (referenced ones first), then changes, then drops
    (referencing ones first)."""
    creates = _by_dependency([op.table for op in ops if isinstance(op, CreateTable)])
    drops = list(reversed(_by_dependency([op.table for op in ops if isinstance(op, DropTable)])))
    rest = sorted(
        (op for op in ops if not isinstance(op, (CreateTable, DropTable))),
        key=lambda o: RANK[type(o)],
    )
    changes = [o for o in rest if not isinstance(o, DropColumn)]
    dropped_cols = [o for o in rest if isinstance(o, DropColumn)]
    return [
        *(CreateTable(t) for t in creates),
        *changes,
        *dropped_cols,
        *(DropTable(t) for t in drops),
    ]


def _by_dependency(tables: list[TableSpec]) -> list[TableSpec]:
    names = {t.name for t in tables}
    done: list[TableSpec] = []
    pending = list(tables)
    while pending:
        ready = [
            t
            for t in pending
            if all(
                f.ref_table not in names
                or f.ref_table in {d.name for d in done}
                or f.ref_table == t.name
                for f in t.foreign_keys
            )
        ]
        if not ready:
            ready = pending[:1]
        for t in ready:
            done.append(t)
            pending.remove(t)
    return done

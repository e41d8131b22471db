"""Operations as the body of ``upgrade()`` and ``downgrade()``, in Alembic's own style (batch
operations when ``env.py`` uses ``render_as_batch``), with the notes a reviewer must read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...index.migrations.diff import (
    AddColumn,
    AddConstraint,
    AlterColumn,
    CreateIndex,
    CreateTable,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropTable,
    Operation,
    Rename,
    SchemaDiff,
)
from ...index.migrations.schema import ColumnSpec, ForeignKeySpec, IndexSpec, TableSpec, UniqueSpec
from ...index.migrations.types import SqlType

NOTE = "# backend-architect:"


@dataclass
class Rendered:
    upgrade: list[str] = field(default_factory=list)
    downgrade: list[str] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # what the user must confirm (also in the file)


def render(diff: SchemaDiff, batch: bool) -> Rendered:
    out = Rendered()
    w = _Writer(out, batch)
    for rename in diff.renames:
        out.upgrade.extend(_rename_note(rename))
        out.notes.append(_rename_text(rename))
    w.write(diff.operations, out.upgrade)
    w.write([_inverse(op) for op in reversed(diff.operations)], out.downgrade)
    return out


def _rename_text(r: Rename) -> str:
    if not r.column:
        return f"table `{r.old}` is dropped and `{r.new}` created with the same columns: if it is a rename, use op.rename_table('{r.old}', '{r.new}')"
    return (f"`{r.table}.{r.old}` is dropped and `{r.table}.{r.new}` added with the same type: if it is a rename, "
            f"use op.alter_column('{r.table}', '{r.old}', new_column_name='{r.new}') instead (dropping loses the data)")  # fmt: skip


def _rename_note(r: Rename) -> list[str]:
    return [f"{NOTE} RENAME? {_rename_text(r)}; in downgrade() too."]


def _inverse(op: Operation) -> Operation:
    if isinstance(op, CreateTable):
        return DropTable(op.table)
    if isinstance(op, DropTable):
        return CreateTable(op.table)
    if isinstance(op, AddColumn):
        return DropColumn(op.table, op.column)
    if isinstance(op, DropColumn):
        return AddColumn(op.table, op.column)
    if isinstance(op, AlterColumn):
        return AlterColumn(op.table, op.new, op.old)
    if isinstance(op, CreateIndex):
        return DropIndex(op.table, op.index)
    if isinstance(op, DropIndex):
        return CreateIndex(op.table, op.index)
    if isinstance(op, AddConstraint):
        return DropConstraint(op.table, op.constraint)
    return AddConstraint(op.table, op.constraint)


def type_code(t: SqlType, imports: set[str]) -> str:
    if t.module == "postgresql":
        imports.add("from sqlalchemy.dialects import postgresql")
    elif t.module == "mysql":
        imports.add("from sqlalchemy.dialects import mysql")
    return t.render() if t.known else "sa.NullType()"


def uq_name(table: str, u: UniqueSpec) -> str:
    return u.name or f"uq_{table}_{'_'.join(u.columns)}"


def fk_name(table: str, f: ForeignKeySpec) -> str:
    return f.name or f"fk_{table}_{'_'.join(f.columns)}_{f.ref_table}"


class _Writer:
    def __init__(self, out: Rendered, batch: bool) -> None:
        self.out = out
        self.batch = batch

    def column(self, c: ColumnSpec) -> str:
        parts = [repr(c.name), type_code(c.type, self.out.imports)]
        if c.server_default is not None:
            parts.append(f"server_default={c.server_default}")
        parts.append(f"nullable={c.nullable}")
        return f"sa.Column({', '.join(parts)})"

    def enum_types(self, columns: list[ColumnSpec]) -> list[SqlType]:
        return [c.type for c in columns if c.type.family == "enum" and c.type.enum_name]

    def write(self, ops: list[Operation], lines: list[str]) -> None:
        pending: list[tuple[str, list[str]]] = []  # batch groups: (table, lines)
        for op in ops:
            body = self.op(op)
            if self.batch and not isinstance(op, (CreateTable, DropTable)):
                table = op.table
                pre = [
                    b
                    for b in body
                    if b.startswith("#") or b.endswith(".create(op.get_bind(), checkfirst=True)")
                ]
                post = [b for b in body if b.endswith(".drop(op.get_bind(), checkfirst=True)")]
                main = [b for b in body if b not in pre and b not in post]
                if pre:  # notes and enum types created before the batch that uses them
                    self.flush(pending, lines)
                    pending = []
                    lines.extend(pre)
                if pending and pending[-1][0] == table:
                    pending[-1][1].extend(main)
                else:
                    self.flush(pending, lines)
                    pending = [(table, main)]
                if post:  # enum types dropped once the batch has dropped their column
                    self.flush(pending, lines)
                    pending = []
                    lines.extend(post)
                continue
            self.flush(pending, lines)
            pending = []
            lines.extend(body)
        self.flush(pending, lines)

    def flush(self, pending: list[tuple[str, list[str]]], lines: list[str]) -> None:
        for table, body in pending:
            lines.append(f"with op.batch_alter_table({table!r}, schema=None) as batch_op:")
            lines.extend("    " + b for b in body)
        pending.clear()

    # one operation: lines of code (batch operations start with "batch_op." written as "op.")

    def op(self, op: Operation) -> list[str]:
        p = "batch_op" if self.batch else "op"
        t = (
            ""
            if self.batch
            else f"{op.table if isinstance(op, (AddColumn, DropColumn, AlterColumn, CreateIndex, DropIndex, AddConstraint, DropConstraint)) else ''!r}, "
        )
        if isinstance(op, CreateTable):
            return self.create_table(op.table)
        if isinstance(op, DropTable):
            lines = [f"op.drop_table({op.table.name!r})"]
            lines += [
                f"sa.Enum(name={e.enum_name!r}).drop(op.get_bind(), checkfirst=True)"
                for e in self.enum_types(list(op.table.columns.values()))
            ]
            return lines
        if isinstance(op, AddColumn):
            c = op.column
            lines = []
            if not c.nullable and c.server_default is None:
                lines.append(
                    f"{NOTE} `{op.table}.{c.name}` is NOT NULL without a server default: this fails on a table that has rows; add a server_default, or add it nullable, backfill, then set NOT NULL."
                )
            lines += [
                f"{e.render()}.create(op.get_bind(), checkfirst=True)" for e in self.enum_types([c])
            ]
            return [*lines, f"{p}.add_column({t}{self.column(c)})"]
        if isinstance(op, DropColumn):
            lines = [
                f"{NOTE} dropping `{op.table}.{op.column.name}` loses its data; deploy the code that stops using it first.",
                f"{p}.drop_column({t}{op.column.name!r})",
            ]
            lines += [
                f"sa.Enum(name={e.enum_name!r}).drop(op.get_bind(), checkfirst=True)"
                for e in self.enum_types([op.column])
            ]
            return lines
        if isinstance(op, AlterColumn):
            return self.alter(op, p, t)
        return self.items(op, p, t)

    def alter(self, op: AlterColumn, p: str, t: str) -> list[str]:
        if True:
            args = [repr(op.new.name), f"existing_type={type_code(op.old.type, self.out.imports)}"]
            lines = []
            if op.type_changed:
                args.append(f"type_={type_code(op.new.type, self.out.imports)}")
                lines.append(
                    f"{NOTE} `{op.table}.{op.new.name}` changes type: on PostgreSQL this rewrites the table under an exclusive lock; check that every value converts."
                )
            if op.nullable_changed:
                args.append(f"nullable={op.new.nullable}")
                if not op.new.nullable:
                    lines.append(
                        f"{NOTE} `{op.table}.{op.new.name}` becomes NOT NULL: rows holding NULL make this fail; backfill them first."
                    )
            else:
                args.append(f"existing_nullable={op.new.nullable}")
            return [*lines, f"{p}.alter_column({t}{', '.join(args)})"]

    def items(
        self, op: CreateIndex | DropIndex | AddConstraint | DropConstraint, p: str, t: str
    ) -> list[str]:
        if isinstance(op, CreateIndex):
            if self.batch:
                return [self.create_index(op.table, op.index, p, t)]
            # the table exists and may be big: build the index without blocking its writes
            # (PostgreSQL's CONCURRENTLY, which cannot run in the migration's transaction;
            # other databases ignore the option and the block only commits what came before)
            return [
                f"{NOTE} `{op.index.name or op.table}` is built CONCURRENTLY so writes to `{op.table}` go on; if it fails, drop the INVALID index it leaves and run it again.",
                "with op.get_context().autocommit_block():",
                "    " + self.create_index(op.table, op.index, p, t, concurrently=True),
            ]
        if isinstance(op, DropIndex):
            name = f"{p}.f({op.index.name!r})" if op.index.name else "None"
            return [f"{p}.drop_index({name}{'' if self.batch else f', table_name={op.table!r}'})"]
        if isinstance(op, AddConstraint):
            c = op.constraint
            if isinstance(c, UniqueSpec):
                return [
                    f"{p}.create_unique_constraint({p}.f({uq_name(op.table, c)!r}), {t}{list(c.columns)!r})"
                ]
            ondelete = f", ondelete={c.ondelete!r}" if c.ondelete else ""
            return [
                f"{p}.create_foreign_key({p}.f({fk_name(op.table, c)!r}), {t}{c.ref_table!r}, {list(c.columns)!r}, {list(c.ref_columns)!r}{ondelete})"
            ]
        d = op.constraint
        kind = "unique" if isinstance(d, UniqueSpec) else "foreignkey"
        name = uq_name(op.table, d) if isinstance(d, UniqueSpec) else fk_name(op.table, d)
        return [f"{p}.drop_constraint({p}.f({name!r}), {t}type_={kind!r})"]

    def create_index(
        self, table: str, idx: IndexSpec, p: str, t: str, concurrently: bool = False
    ) -> str:
        name = (
            f"{p}.f({idx.name!r})"
            if idx.name
            else f"{p}.f({'ix_' + table + '_' + '_'.join(idx.columns)!r})"
        )
        extra = ", postgresql_concurrently=True" if concurrently else ""
        return f"{p}.create_index({name}, {t}{list(idx.columns)!r}, unique={idx.unique}{extra})"

    def create_table(self, table: TableSpec) -> list[str]:
        items = [self.column(c) for c in table.columns.values()]
        for fk in table.foreign_keys:
            args = [repr(list(fk.columns)), repr([f"{fk.ref_table}.{c}" for c in fk.ref_columns])]
            if fk.ondelete:
                args.append(f"ondelete={fk.ondelete!r}")
            if fk.name:
                args.append(f"name=op.f({fk.name!r})")
            items.append(f"sa.ForeignKeyConstraint({', '.join(args)})")
        if table.primary_key:
            items.append(f"sa.PrimaryKeyConstraint({', '.join(map(repr, table.primary_key))})")
        for uq in table.uniques:
            name = f", name=op.f({uq.name!r})" if uq.name else ""
            items.append(f"sa.UniqueConstraint({', '.join(map(repr, uq.columns))}{name})")
        for ck in table.checks:
            name = f", name=op.f({ck.name!r})" if ck.name else ""
            items.append(f"sa.CheckConstraint({ck.sqltext!r}{name})")
        lines = ["op.create_table(", f"    {table.name!r},", *(f"    {i}," for i in items), ")"]
        if self.batch and table.indexes:
            lines.append(f"with op.batch_alter_table({table.name!r}, schema=None) as batch_op:")
            lines += [
                "    " + self.create_index(table.name, i, "batch_op", "") for i in table.indexes
            ]
        else:
            lines += [
                self.create_index(table.name, i, "op", f"{table.name!r}, ") for i in table.indexes
            ]
        return lines

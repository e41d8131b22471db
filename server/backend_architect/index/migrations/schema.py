"""A database schema as migrations see it: tables, columns, indexes and constraints, in plain data.

The models give one (:mod:`.from_models`), the revision files at head give another
(:mod:`.replay`); :mod:`.diff` compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.model import Span
from .types import SqlType


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: SqlType
    nullable: bool
    primary_key: bool = False
    server_default: str | None = None  # Python source, as a revision writes it
    span: Span | None = None  # where the model declares it
    file: str | None = None


@dataclass(frozen=True)
class IndexSpec:
    name: str | None
    columns: tuple[str, ...]
    unique: bool = False
    options: tuple[tuple[str, str], ...] = ()  # postgresql_where=..., as source


@dataclass(frozen=True)
class UniqueSpec:
    name: str | None
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ForeignKeySpec:
    name: str | None
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    ondelete: str | None = None

    @property
    def signature(self) -> tuple[object, ...]:
        return (self.columns, self.ref_table, self.ref_columns, (self.ondelete or "").upper())


@dataclass(frozen=True)
class CheckSpec:
    name: str | None
    sqltext: str


@dataclass
class TableSpec:
    name: str
    columns: dict[str, ColumnSpec] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    indexes: list[IndexSpec] = field(default_factory=list)
    uniques: list[UniqueSpec] = field(default_factory=list)
    foreign_keys: list[ForeignKeySpec] = field(default_factory=list)
    checks: list[CheckSpec] = field(default_factory=list)
    span: Span | None = None  # the model class, for a model's table
    file: str | None = None
    model: str | None = None  # the class name


@dataclass
class Schema:
    tables: dict[str, TableSpec] = field(default_factory=dict)
    # tables a migration changed in a way that cannot be read statically (op.execute, a loop):
    # their state at head is not known, so nothing is reported about them
    unknown: set[str] = field(default_factory=set)
    all_unknown: bool = False  # something unreadable touched tables we cannot name
    reasons: dict[str, str] = field(default_factory=dict)  # table (or "*") -> why unknown

    def is_known(self, table: str) -> bool:
        return not self.all_unknown and table not in self.unknown

    def mark_unknown(self, table: str | None, why: str) -> None:
        if table is None:
            self.all_unknown = True
            self.reasons.setdefault("*", why)
        else:
            self.unknown.add(table)
            self.reasons.setdefault(table, why)

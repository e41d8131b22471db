"""The schema the ORM models declare (SQLAlchemy and SQLModel tables from the index), with the
names the MetaData's naming convention gives indexes and constraints."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from ...core.model import OrmModel
from .schema import CheckSpec, ColumnSpec, ForeignKeySpec, IndexSpec, Schema, TableSpec, UniqueSpec
from .types import SqlType, literal, read_type, revision_module

DEFAULT_CONVENTION = {"ix": "ix_%(column_0_label)s"}  # SQLAlchemy's own default
SA_FRAMEWORKS = frozenset({"sqlalchemy", "sqlmodel"})


def model_schema(models: Iterable[OrmModel]) -> Schema:
    schema = Schema()
    for model in models:
        if model.framework not in SA_FRAMEWORKS or model.abstract or not model.table:
            continue
        table = schema.tables.get(model.table)
        if table is None:  # single-table inheritance: the first class declares the table
            table = schema.tables[model.table] = TableSpec(
                model.table, span=model.span, file=model.file, model=model.name
            )
        _add_model(table, model)
    return schema


def parse_type(text: str | None) -> SqlType:
    if text is None:
        return SqlType("NullType", "")
    try:
        expr = ast.parse(text, mode="eval").body
    except SyntaxError:
        return SqlType("NullType", "")
    return read_type(expr, revision_module, literal)


def _add_model(table: TableSpec, model: OrmModel) -> None:
    conv = {**DEFAULT_CONVENTION, **dict(model.naming_convention)}
    for col in model.columns:
        if col.name in table.columns:
            continue
        table.columns[col.name] = ColumnSpec(
            col.name, parse_type(col.sql_type), bool(col.nullable) and not col.primary_key,
            col.primary_key, _server_default(col.server_default), col.span, model.file,
        )  # fmt: skip
        if col.primary_key:
            table.primary_key = (*table.primary_key, col.name)
        if col.index:
            name = constraint_name(conv, "ix", table.name, (col.name,))
            table.indexes.append(IndexSpec(name, (col.name,), col.unique))
        elif col.unique:
            table.uniques.append(
                UniqueSpec(constraint_name(conv, "uq", table.name, (col.name,)), (col.name,))
            )
        if col.foreign_key and "." in col.foreign_key:
            ref_table, _, ref_col = col.foreign_key.rpartition(".")
            name = constraint_name(conv, "fk", table.name, (col.name,), ref_table, (ref_col,))
            table.foreign_keys.append(
                ForeignKeySpec(name, (col.name,), ref_table, (ref_col,), col.ondelete)
            )
    for item in model.table_args:
        if item.kind == "index":
            name = item.name or constraint_name(conv, "ix", table.name, item.columns)
            table.indexes.append(IndexSpec(name, item.columns, item.unique))
        elif item.kind == "unique":
            table.uniques.append(
                UniqueSpec(
                    item.name or constraint_name(conv, "uq", table.name, item.columns), item.columns
                )
            )
        elif item.kind == "check" and item.sqltext is not None:
            table.checks.append(
                CheckSpec(
                    (item.name and constraint_name(conv, "ck", table.name, (), name=item.name))
                    or item.name,
                    item.sqltext,
                )
            )


def _server_default(source: str | None) -> str | None:
    """The model's ``server_default`` as a revision writes it: ``func.now()`` as ``sa.func.now()``,
    ``text("0")`` as ``sa.text('0')``; a plain string stays a string."""
    if source is None:
        return None
    try:
        expr = ast.parse(source, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(expr, ast.Constant):
        return repr(expr.value) if isinstance(expr.value, str) else repr(str(expr.value))
    text = ast.unparse(expr)
    return re.sub(
        r"^(?:sqlalchemy\.|sa\.)?(func|text|true|false|null|literal_column)\b", r"sa.\1", text
    )


def constraint_name(
    conv: dict[str, str],
    key: str,
    table: str,
    columns: tuple[str, ...],
    ref_table: str = "",
    ref_columns: tuple[str, ...] = (),
    name: str | None = None,
) -> str | None:
    """The name a naming convention gives (None when it has none for ``key``)."""
    template = conv.get(key)
    if template is None:
        return None
    tokens = {
        "table_name": table,
        "referred_table_name": ref_table,
        "constraint_name": name or "",
        "column_0_name": columns[0] if columns else "",
        "column_0_label": f"{table}_{columns[0]}" if columns else table,
        "column_0N_name": "".join(columns),
        "column_0_N_name": "_".join(columns),
        "column_0N_label": "".join(f"{table}_{c}" for c in columns),
        "column_0_N_label": "_".join(f"{table}_{c}" for c in columns),
        "referred_column_0_name": ref_columns[0] if ref_columns else "",
        "referred_column_0N_name": "".join(ref_columns),
        "referred_column_0_N_name": "_".join(ref_columns),
    }
    if "%(constraint_name)s" in template and not name:
        return None
    try:
        return template % tokens
    except (KeyError, ValueError, TypeError):
        return None

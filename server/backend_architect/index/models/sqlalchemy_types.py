"""SQLAlchemy column types: as the source names them, or the type the framework picks for a Python type."""

from __future__ import annotations

import ast

from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..symbol_types import ClassSym
from .annotations import COLLECTION_WRAPPERS, class_body, last_dotted_part, strip_optional
from .sqlalchemy_tables import SqlAlchemyTables

# Positional arguments of Column/mapped_column that are not the column's type.
SCHEMA_ITEMS = frozenset(
    {
        "ForeignKey",
        "Sequence",
        "Identity",
        "Computed",
        "CheckConstraint",
        "FetchedValue",
        "DefaultClause",
        "UniqueConstraint",
        "ForeignKeyConstraint",
    }
)
# Types whose first positional argument is a length.
LENGTH_TYPES = frozenset(
    {
        "String",
        "Unicode",
        "Text",
        "UnicodeText",
        "LargeBinary",
        "VARCHAR",
        "NVARCHAR",
        "CHAR",
        "NCHAR",
        "TEXT",
        "CLOB",
        "BLOB",
        "BINARY",
        "VARBINARY",
        "AutoString",
    }
)
# SQLAlchemy's default type for a Python type in ``Mapped[...]`` (sqltypes._type_map).
SA_PYTHON_TYPES = {
    "int": "Integer",
    "str": "String",
    "float": "Double",
    "bool": "Boolean",
    "bytes": "LargeBinary",
    "datetime.datetime": "DateTime",
    "datetime.date": "Date",
    "datetime.time": "Time",
    "datetime.timedelta": "Interval",
    "decimal.Decimal": "Numeric",
    "uuid.UUID": "Uuid",
}


class SqlAlchemyTypes(SqlAlchemyTables):
    """The column type of an annotation or a type expression."""

    def _type_map(
        self, anc: list[ClassSym | str]
    ) -> dict[str, tuple[str, int | None, ast.expr, ModuleFacts, Scope]]:
        """A declarative base's ``type_annotation_map``: python type -> (type, length, and the
        type expression where it is written)."""
        out: dict[str, tuple[str, int | None, ast.expr, ModuleFacts, Scope]] = {}
        for owner in anc:
            if not isinstance(owner, ClassSym):
                continue
            info = owner.facts.classes[owner.qualname]
            _, value = info.fields.get("type_annotation_map", (None, None))
            if isinstance(value, ast.Dict):
                for k, v in zip(value.keys, value.values, strict=False):
                    if k is None:
                        continue
                    py = self._python_type(owner.facts, info.scope, k)
                    if py is not None and py not in out:
                        out[py] = (
                            *self._sa_type(owner.facts, info.scope, v),
                            v,
                            owner.facts,
                            info.scope,
                        )
        return out

    def _is_relationship_type(
        self, facts: ModuleFacts, scope: Scope, inner: ast.expr | None
    ) -> bool:
        stripped, _ = strip_optional(inner)
        if (
            isinstance(stripped, ast.Subscript)
            and last_dotted_part(stripped.value) in COLLECTION_WRAPPERS
        ):
            return True
        if stripped is None:
            return False
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, stripped))
        return isinstance(sym, ClassSym) and self._mapped(sym)

    def _sa_type(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> tuple[str, int | None]:
        """(type name as written, length) of ``String(50)``, ``sa.Integer``, ``Enum(Kind)``."""
        func = expr.func if isinstance(expr, ast.Call) else expr
        name = last_dotted_part(func) or ast.unparse(func)
        length = None
        if isinstance(expr, ast.Call):
            length = self._int(facts, scope, keyword_value(expr, "length"))
            if length is None and name in LENGTH_TYPES and expr.args:
                length = self._int(facts, scope, expr.args[0])
            if name == "Enum" and length is None:
                length = self._enum_length(facts, scope, expr.args)
        return name, length

    def _enum_length(self, facts: ModuleFacts, scope: Scope, args: list[ast.expr]) -> int | None:
        """SQLAlchemy's ``Enum`` length: the longest value (``Enum("a", "bb")``) or member name
        of a Python enum class."""
        if args and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            return max(len(str(a.value)) for a in args)  # type: ignore[attr-defined]
        if len(args) != 1:
            return None
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, args[0]))
        if not isinstance(sym, ClassSym):
            return None
        info = sym.facts.classes[sym.qualname]
        members = [n for n, _, _, v in class_body(info) if v is not None and not n.startswith("_")]
        return max(map(len, members)) if members else None

    def _python_sa_type(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, table: dict[str, str]
    ) -> tuple[str, int | None] | None:
        """(type, length) the framework picks for a Python type annotation, from ``table``."""
        py = self._python_type(facts, scope, expr)
        if py is None:
            return None
        name = table.get(py, py.rsplit(".", 1)[-1])
        length = self._enum_length(facts, scope, [expr]) if name == "Enum" else None
        return name, length

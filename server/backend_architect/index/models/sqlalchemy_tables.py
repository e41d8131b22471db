"""SQLAlchemy mapping: which classes are mapped, their table names and ``__table_args__``."""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ...core.model import OrmModel
from ..facts import ClassFacts, ModuleFacts
from ..symbol_types import ClassSym
from .annotations import ancestor_names, last_dotted_part
from .kinds import DECLARATIVE_CLASSES, DECLARATIVE_MARK, FLASK_MODEL_MARK
from .reader import ClassReader


def _snake(name: str) -> str:
    """Flask-SQLAlchemy's default table name (``camel_to_snake_case``)."""
    name = re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name)
    return name.lower().lstrip("_")


class SqlAlchemyTables(ClassReader):
    """Which SQLAlchemy classes are mapped, and to which table."""

    def _mapped(self, sym: ClassSym) -> bool:
        """A mapped SQLAlchemy class with a table (not a mixin, an abstract class or a base)."""
        anc = self.ancestry(sym)
        names = ancestor_names(anc)
        if not names & (DECLARATIVE_CLASSES | {DECLARATIVE_MARK, FLASK_MODEL_MARK}):
            return False
        info = sym.facts.classes[sym.qualname]
        return not self._is_declarative_root(sym) and not self._abstract_sa(info, sym.facts)

    def _abstract_sa(self, info: ClassFacts, facts: ModuleFacts) -> bool:
        _, value = info.fields.get("__abstract__", (None, None))
        return self._bool(facts, info.scope, value) is True

    def _tablename(self, sym: ClassSym, anc: list[ClassSym | str], flask: bool) -> str | None:
        for owner in [sym, *[a for a in anc if isinstance(a, ClassSym)]]:
            info = owner.facts.classes[owner.qualname]
            cascading = owner is sym or not self._mapped(owner)
            if "__tablename__" in info.fields and cascading:
                _, value = info.fields["__tablename__"]
                return self._str(owner.facts, owner.qualname, value)
            method = info.methods.get("__tablename__")
            if method is not None:
                return self._declared_tablename(method.node, sym.facts.classes[sym.qualname].name)
        if flask and not self._mapped_parent(anc):
            return _snake(sym.facts.classes[sym.qualname].name)
        return None

    def _declared_tablename(
        self, fn: ast.FunctionDef | ast.AsyncFunctionDef, cls_name: str
    ) -> str | None:
        """Evaluate a ``@declared_attr def __tablename__(cls)`` returning an expression of
        ``cls.__name__``: ``.lower()``, ``+``, f-strings."""
        ret = next((s.value for s in ast.walk(fn) if isinstance(s, ast.Return) and s.value), None)

        def ev(expr: ast.expr) -> str | None:
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                return expr.value
            if isinstance(expr, ast.Attribute) and expr.attr == "__name__":
                return cls_name
            if (
                isinstance(expr, ast.Call)
                and isinstance(expr.func, ast.Attribute)
                and not expr.args
            ):
                inner = ev(expr.func.value)
                if inner is not None and expr.func.attr in {"lower", "upper", "strip"}:
                    result: str = getattr(inner, expr.func.attr)()
                    return result
                return None
            if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
                left, right = ev(expr.left), ev(expr.right)
                return left + right if left is not None and right is not None else None
            if isinstance(expr, ast.JoinedStr):
                parts = []
                for part in expr.values:
                    value = ev(part.value) if isinstance(part, ast.FormattedValue) else ev(part)
                    if value is None:
                        return None
                    parts.append(value)
                return "".join(parts)
            return None

        return ev(ret) if ret is not None else None

    def _mapped_parent(self, anc: list[ClassSym | str]) -> ClassSym | None:
        return next((a for a in anc if isinstance(a, ClassSym) and self._mapped(a)), None)

    def _table_args(
        self, value: ast.expr | None, keys: dict[str, str]
    ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        """Indexes and unique constraints from ``__table_args__`` (a tuple, maybe ending in a
        dict of options)."""
        indexes: list[tuple[str, ...]] = []
        uniques: list[tuple[str, ...]] = []
        items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else []
        for item in items:
            if not isinstance(item, ast.Call):
                continue
            kind = last_dotted_part(item.func)
            args = item.args
            if kind == "Index":
                cols = tuple(c for a in args[1:] if (c := self._column_ref(a, keys)))
                if cols:
                    indexes.append(cols)
            elif kind == "UniqueConstraint":
                cols = tuple(c for a in args if (c := self._column_ref(a, keys)))
                if cols:
                    uniques.append(cols)
        return indexes, uniques

    @staticmethod
    def _column_ref(expr: ast.expr, keys: dict[str, str]) -> str | None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return expr.value
        if isinstance(expr, (ast.Name, ast.Attribute)):
            attr = expr.id if isinstance(expr, ast.Name) else expr.attr
            return keys.get(attr, attr)
        return None

    def _type_from_foreign_key(self, model: OrmModel, models: list[OrmModel]) -> OrmModel:
        """A column declared with only a ForeignKey has the referenced column's type."""
        if not any(c.type is None and c.foreign_key for c in model.columns):
            return model
        tables = {m.table: m for m in models if m.table and m.framework != "django"}
        columns = []
        for col in model.columns:
            if col.type is None and col.foreign_key and "." in col.foreign_key:
                table, _, target = col.foreign_key.rpartition(".")
                ref = tables.get(table)
                ref_col = ref.column(target) if ref is not None else None
                if ref_col is not None and ref_col.type is not None:
                    col = replace(
                        col, type=ref_col.type, length=ref_col.length, sql_type=ref_col.sql_type
                    )
            columns.append(col)
        model.columns = columns
        return model

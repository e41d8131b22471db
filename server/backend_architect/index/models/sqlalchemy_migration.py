"""What a migration needs of a SQLAlchemy model beyond what the other readers keep: the type as a
revision writes it, ``__table_args__`` items with their names, the MetaData's naming convention."""

from __future__ import annotations

import ast

from ...core.model import TableArg
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..migrations.types import POSTGRESQL_ONLY, SqlType, read_type
from ..symbol_types import Assigned, ClassSym
from .annotations import class_body, last_dotted_part
from .sqlalchemy_types import SqlAlchemyTypes

UNKNOWN = object()


class SqlAlchemyMigration(SqlAlchemyTypes):
    """Types, table items and naming conventions, read for migrations."""

    def _type_text(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> str | None:
        """``sa.String(length=50)`` for ``String(50)``; None for a type the project defines."""

        def module_of(func: ast.expr) -> str | None:
            q = self.symbols.qualified(facts, scope, func) or ""
            if q.startswith("sqlalchemy.dialects.postgresql"):
                return "postgresql"
            if q.startswith(("sqlalchemy", "sqlmodel")):
                name = q.rsplit(".", 1)[-1]
                return "postgresql" if name in POSTGRESQL_ONLY else "sa"
            return None

        def evaluate(arg: ast.expr) -> object:
            value = self.symbols.evaluate(facts, scope, arg)
            return (
                value
                if isinstance(value, (str, int, float, bool))
                or (value is None and isinstance(arg, ast.Constant))
                else UNKNOWN
            )

        found = read_type(expr, module_of, evaluate, lambda a: self._enum_members(facts, scope, a))
        return found.render() if found.known else None

    def _enum_members(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr
    ) -> tuple[str, tuple[str, ...]] | None:
        """(class name, member names) of a Python enum class: what ``Enum(Cls)`` stores."""
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        if not isinstance(sym, ClassSym):
            return None
        info = sym.facts.classes[sym.qualname]
        members = tuple(
            n
            for n, _, ann, v in class_body(info)
            if v is not None and ann is None and not n.startswith("_")
        )
        return (info.name, members) if members else None

    def _python_type_text(
        self,
        facts: ModuleFacts,
        scope: Scope,
        inner: ast.expr,
        name: str | None,
        length: int | None,
    ) -> str | None:
        """The type SQLAlchemy picks for ``Mapped[inner]`` (``name`` as the readers chose it)."""
        if name is None:
            return None
        if name == "Enum":
            found = self._enum_members(facts, scope, inner)
            if found is None:
                return None
            return SqlType("Enum", "sa", (("name", repr(found[0].lower())),), found[1]).render()
        if name == "AutoString":
            name = "String"
        args = (("length", repr(length)),) if length is not None else ()
        return SqlType(name, "sa", args).render()

    def _table_items(
        self, value: ast.expr | None, facts: ModuleFacts, scope: Scope, keys: dict[str, str]
    ) -> list[TableArg]:
        out: list[TableArg] = []
        items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else []
        for item in items:
            if not isinstance(item, ast.Call):
                continue
            kind = last_dotted_part(item.func)
            name = self._str(facts, scope, keyword_value(item, "name"))
            if kind == "Index" and item.args:
                cols = tuple(c for a in item.args[1:] if (c := self._column_ref(a, keys)))
                unique = self._bool(facts, scope, keyword_value(item, "unique")) is True
                out.append(TableArg("index", self._str(facts, scope, item.args[0]), cols, unique))
            elif kind == "UniqueConstraint":
                cols = tuple(c for a in item.args if (c := self._column_ref(a, keys)))
                out.append(TableArg("unique", name, cols))
            elif kind == "CheckConstraint" and item.args:
                text = self._str(facts, scope, item.args[0])
                out.append(TableArg("check", name, (), sqltext=text))
        return out

    def _naming_convention(self, anc: list[ClassSym | str]) -> tuple[tuple[str, str], ...]:
        """``metadata = MetaData(naming_convention={...})`` on a declarative base."""
        for owner in anc:
            if not isinstance(owner, ClassSym):
                continue
            info = owner.facts.classes[owner.qualname]
            _, value = info.fields.get("metadata", (None, None))
            if isinstance(value, ast.Call) and last_dotted_part(value.func) == "MetaData":
                conv = keyword_value(value, "naming_convention")
                return self._str_dict(owner.facts, info.scope, conv)
        return ()

    def _str_dict(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> tuple[tuple[str, str], ...]:
        if isinstance(expr, ast.Name):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                facts, scope, expr = sym.facts, sym.scope, sym.value
        if not isinstance(expr, ast.Dict):
            return ()
        out = []
        for k, v in zip(expr.keys, expr.values, strict=False):
            key, val = self._str(facts, scope, k) if k else None, self._str(facts, scope, v)
            if key is not None and val is not None:
                out.append((key, val))
        return tuple(out)

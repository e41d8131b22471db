"""SQLAlchemy declarative models (Flask-SQLAlchemy's ``db.Model`` too): columns and relationships."""

from __future__ import annotations

import ast

from ...core.model import Column, OrmModel, Relationship, Span
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope, span_of
from ..symbol_types import ClassSym
from .annotations import (
    class_body,
    is_classvar,
    last_dotted_part,
    mapped_inner,
    related_class,
    source_text,
    strip_optional,
)
from .kinds import FLASK_MODEL_MARK
from .records import orm_model
from .sqlalchemy_migration import SqlAlchemyMigration
from .sqlalchemy_types import SA_PYTHON_TYPES, SCHEMA_ITEMS


class SqlAlchemyReader(SqlAlchemyMigration):
    """SQLAlchemy declarative models."""

    def sqlalchemy_model(self, sym: ClassSym, anc: list[ClassSym | str]) -> OrmModel:
        facts = sym.facts
        info = facts.classes[sym.qualname]
        flask = FLASK_MODEL_MARK in anc
        abstract = self._abstract_sa(info, facts)
        parent = self._mapped_parent(anc)
        table = None if abstract else self._tablename(sym, anc, flask)
        type_map = self._type_map(anc)
        columns: dict[str, Column] = {}
        relationships: dict[str, Relationship] = {}
        indexes: list[tuple[str, ...]] = []
        uniques: list[tuple[str, ...]] = []
        # Own attributes first, then those SQLAlchemy copies from mixins and abstract bases.
        owners = [sym] + [
            a
            for a in anc
            if isinstance(a, ClassSym) and not self._mapped(a) and not self._is_declarative_root(a)
        ]
        for owner in owners:
            cols, rels = self._sa_attributes(owner, type_map)
            for key, col in cols:
                columns.setdefault(key, col)
            for rel in rels:
                relationships.setdefault(rel.name, rel)
        if table is None and parent is not None and not abstract:
            # Single-table inheritance: the parent's table, its columns and this class's.
            parent_model = self.sa_models.get(parent.dotted) or self.sqlalchemy_model(
                parent, self.ancestry(parent)
            )
            table = parent_model.table
            merged = {c.name: c for c in parent_model.columns}
            for col in columns.values():
                merged.setdefault(col.name, col)
            column_list = list(merged.values())
        else:
            column_list = list(columns.values())
        keys = {key: col.name for key, col in columns.items()}
        table_args = []
        for owner in [sym, *[a for a in anc if isinstance(a, ClassSym) and not self._mapped(a)]]:
            owner_info = owner.facts.classes[owner.qualname]
            if "__table_args__" in owner_info.fields:
                _, value = owner_info.fields["__table_args__"]
                indexes, uniques = self._table_args(value, keys)
                table_args = self._table_items(value, owner.facts, owner_info.scope, keys)
                break
        model = orm_model(
            sym,
            "sqlalchemy",
            table,
            columns=column_list,
            relationships=list(relationships.values()),
            indexes=indexes,
            abstract=abstract,
            unique_constraints=uniques,
        )
        model.table_args = table_args
        model.naming_convention = self._naming_convention(anc)
        self.sa_models[sym.dotted] = model
        return model

    def _sa_attributes(
        self,
        owner: ClassSym,
        type_map: dict[str, tuple[str, int | None, ast.expr, ModuleFacts, Scope]],
    ) -> tuple[list[tuple[str, Column]], list[Relationship]]:
        facts = owner.facts
        info = facts.classes[owner.qualname]
        cols: list[tuple[str, Column]] = []
        rels: list[Relationship] = []
        for name, target, annotation, value in class_body(info):
            if name.startswith("__") or is_classvar(annotation):
                continue
            span = span_of(target, facts.wide_lines)
            call = value if isinstance(value, ast.Call) else None
            callee = self._callee(facts, info.scope, call.func) if call else ""
            # deferred(Column(...)) / column_property(Column(...)) wrap a column
            if call and self._is_sa(callee, "deferred", "column_property") and call.args:
                inner = call.args[0]
                if isinstance(inner, ast.Call):
                    call, callee = inner, self._callee(facts, info.scope, inner.func)
            if call and self._is_sa(callee, "relationship", "relation", "dynamic_loader"):
                rels.append(self._sa_relationship(facts, info.scope, name, call, annotation, span))
            elif call and self._is_sa(callee, "Column", "mapped_column"):
                mapped = self._is_sa(callee, "mapped_column")
                col = self._sa_column(
                    facts, info.scope, name, call, annotation if mapped else None, type_map, span
                )
                cols.append((name, col))
            elif value is None and (mapped_type := mapped_inner(annotation)) is not None:
                if related_class(mapped_type) is not None and self._is_relationship_type(
                    facts, info.scope, mapped_type
                ):
                    continue  # Mapped["Address"] without relationship() is not a column
                col = self._sa_column(facts, info.scope, name, None, annotation, type_map, span)
                cols.append((name, col))
        return cols, rels

    def _sa_column(
        self,
        facts: ModuleFacts,
        scope: Scope,
        attr: str,
        call: ast.Call | None,
        annotation: ast.expr | None,
        type_map: dict[str, tuple[str, int | None, ast.expr, ModuleFacts, Scope]],
        span: Span,
    ) -> Column:
        name = attr
        type_name: str | None = None
        length: int | None = None
        foreign_key: str | None = None
        ondelete: str | None = None
        sql_type: str | None = None
        args = list(call.args) if call else []
        if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            name = args[0].value
            args = args[1:]
        for item in args:
            func = item.func if isinstance(item, ast.Call) else item
            kind = last_dotted_part(func)
            if kind == "ForeignKey" and isinstance(item, ast.Call) and item.args:
                foreign_key = self._sa_fk_target(facts, scope, item.args[0])
                ondelete = self._str(facts, scope, keyword_value(item, "ondelete"))
            elif kind in SCHEMA_ITEMS:
                continue
            elif type_name is None:
                type_name, length = self._sa_type(facts, scope, item)
                sql_type = self._type_text(facts, scope, item)

        def kw(key: str) -> ast.expr | None:
            return keyword_value(call, key) if call is not None else None

        name = self._str(facts, scope, kw("name")) or name
        type_arg = kw("type_")
        if type_arg is not None:
            type_name, length = self._sa_type(facts, scope, type_arg)
            sql_type = self._type_text(facts, scope, type_arg)
        inner, optional = strip_optional(mapped_inner(annotation))
        if type_name is None and inner is not None:
            py = self._python_type(facts, scope, inner)
            mapped = type_map.get(py) if py is not None else None
            if mapped is not None:
                type_name, length = mapped[0], mapped[1]
                sql_type = self._type_text(mapped[3], mapped[4], mapped[2])
            else:
                picked = self._python_sa_type(facts, scope, inner, SA_PYTHON_TYPES)
                if picked is not None:
                    type_name, length = picked
                    sql_type = self._python_type_text(facts, scope, inner, type_name, length)
        primary_key = self._bool(facts, scope, kw("primary_key")) is True
        nullable = self._bool(facts, scope, kw("nullable"))
        if nullable is None:
            nullable = False if primary_key else (optional if annotation is not None else True)
        default = kw("default") or kw("insert_default")
        return Column(
            name=name,
            type=type_name,
            nullable=nullable,
            primary_key=primary_key,
            foreign_key=foreign_key,
            index=self._bool(facts, scope, kw("index")) is True,
            unique=self._bool(facts, scope, kw("unique")) is True,
            default=source_text(default),
            line=span.start.line,
            length=length,
            span=span,
            sql_type=sql_type,
            server_default=source_text(kw("server_default")),
            ondelete=ondelete,
        )

    def _sa_fk_target(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> str | None:
        """``"users.id"`` as written; ``User.id`` (a class attribute) through the class's table."""
        text = self._str(facts, scope, expr)
        if text is not None:
            return text
        if isinstance(expr, ast.Attribute):
            owner = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr.value))
            if isinstance(owner, ClassSym):
                model = self.sa_models.get(owner.dotted) or self.sqlalchemy_model(
                    owner, self.ancestry(owner)
                )
                col = next((c for c in model.columns if c.name == expr.attr), None)
                return f"{model.table}.{col.name if col else expr.attr}"
        return source_text(expr)

    def _sa_relationship(
        self,
        facts: ModuleFacts,
        scope: Scope,
        name: str,
        call: ast.Call,
        annotation: ast.expr | None,
        span: Span,
    ) -> Relationship:
        target: str | None = None
        first = call.args[0] if call.args else keyword_value(call, "argument")
        if isinstance(first, ast.Lambda):
            first = first.body
        if first is not None:
            text = self._str(facts, scope, first)
            target = (
                text.rsplit(".", 1)[-1] if text is not None else last_dotted_part(first) or None
            )
        if target is None:
            target = related_class(mapped_inner(annotation))
        back = self._str(facts, scope, keyword_value(call, "back_populates"))
        backref = keyword_value(call, "backref")
        if back is None and backref is not None:
            if isinstance(backref, ast.Call) and backref.args:
                backref = backref.args[0]
            back = self._str(facts, scope, backref)
        secondary = keyword_value(call, "secondary")
        return Relationship(
            name=name,
            target=target or "?",
            back_populates=back,
            lazy=self._str(facts, scope, keyword_value(call, "lazy")),
            line=span.start.line,
            secondary=(self._str(facts, scope, secondary) or last_dotted_part(secondary) or None)
            if secondary is not None
            else None,
        )

"""SQLModel table classes: fields as columns, as SQLModel maps them."""

from __future__ import annotations

import ast

from ...core.model import Column, OrmModel, Relationship, Span
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope, span_of
from ..symbol_types import ClassSym
from .annotations import class_body, is_classvar, related_class, source_text, strip_optional
from .kinds import SQLMODEL_CLASSES
from .records import orm_model
from .sqlalchemy import SqlAlchemyReader
from .sqlalchemy_types import SA_PYTHON_TYPES

# SQLModel's choice (sqlmodel.main.get_sqlalchemy_type): strings and string-like are AutoString.
SQLMODEL_PYTHON_TYPES = {
    **SA_PYTHON_TYPES,
    "str": "AutoString",
    "float": "Float",
    "pydantic.EmailStr": "AutoString",
    "pydantic.networks.EmailStr": "AutoString",
    "pathlib.Path": "AutoString",
    "ipaddress.IPv4Address": "AutoString",
    "ipaddress.IPv6Address": "AutoString",
    "ipaddress.IPv4Network": "AutoString",
    "ipaddress.IPv6Network": "AutoString",
}


class SqlModelReader(SqlAlchemyReader):
    """SQLModel ``table=True`` classes."""

    def sqlmodel_model(self, sym: ClassSym, anc: list[ClassSym | str]) -> OrmModel:
        facts = sym.facts
        info = facts.classes[sym.qualname]
        columns: dict[str, Column] = {}
        relationships: dict[str, Relationship] = {}
        table = info.name.lower()
        if "__tablename__" in info.fields:
            table = self._str(facts, sym.qualname, info.fields["__tablename__"][1]) or table
        for owner in self._owners(sym, anc, SQLMODEL_CLASSES):
            o_info = owner.facts.classes[owner.qualname]
            scope = o_info.scope
            for name, target, annotation, value in class_body(o_info):
                if name.startswith("_") or annotation is None or is_classvar(annotation):
                    continue
                if name == "model_config":
                    continue
                span = span_of(target, owner.facts.wide_lines)
                callee = (
                    self._callee(owner.facts, scope, value.func)
                    if isinstance(value, ast.Call)
                    else ""
                )
                if isinstance(value, ast.Call) and callee.rpartition(".")[2] == "Relationship":
                    relationships[name] = Relationship(
                        name=name,
                        target=related_class(annotation) or "?",
                        back_populates=self._str(
                            owner.facts, scope, keyword_value(value, "back_populates")
                        ),
                        lazy=None,
                        line=span.start.line,
                    )
                    continue
                columns.pop(name, None)
                columns[name] = self._sqlmodel_column(
                    owner.facts, scope, name, annotation, value, span
                )
        return orm_model(
            sym,
            "sqlmodel",
            table,
            columns=list(columns.values()),
            relationships=list(relationships.values()),
        )

    def _sqlmodel_column(
        self,
        facts: ModuleFacts,
        scope: Scope,
        name: str,
        annotation: ast.expr,
        value: ast.expr | None,
        span: Span,
    ) -> Column:
        inner, optional = strip_optional(annotation)
        field_call = (
            value
            if isinstance(value, ast.Call)
            and self._callee(facts, scope, value.func).rpartition(".")[2] == "Field"
            else None
        )
        if field_call is not None:
            sa_column = keyword_value(field_call, "sa_column")
            if isinstance(sa_column, ast.Call):
                return self._sa_column(facts, scope, name, sa_column, None, {}, span)

        def kw(key: str) -> ast.expr | None:
            return keyword_value(field_call, key) if field_call is not None else None

        picked = self._python_sa_type(facts, scope, inner, SQLMODEL_PYTHON_TYPES) if inner else None
        type_name, length = picked if picked is not None else (None, None)
        if type_name == "AutoString":
            length = self._int(facts, scope, kw("max_length"))
        sql_type = self._python_type_text(facts, scope, inner, type_name, length) if inner else None
        sa_type = kw("sa_type")
        if sa_type is not None:
            type_name, length = self._sa_type(facts, scope, sa_type)
            sql_type = self._type_text(facts, scope, sa_type)
        primary_key = self._bool(facts, scope, kw("primary_key")) is True
        nullable = self._bool(facts, scope, kw("nullable"))
        extra = kw("sa_column_kwargs")
        extra_kw: dict[str, ast.expr] = {}
        if isinstance(extra, ast.Dict):
            extra_kw = {
                k.value: v
                for k, v in zip(extra.keys, extra.values, strict=False)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
        if "nullable" in extra_kw:
            nullable = self._bool(facts, scope, extra_kw["nullable"])
        if nullable is None:
            nullable = not primary_key and optional
        if field_call is not None:
            default = kw("default") or kw("default_factory")
            if (
                default is None
                and field_call.args
                and not (
                    isinstance(field_call.args[0], ast.Constant)
                    and field_call.args[0].value is Ellipsis
                )
            ):
                default = field_call.args[0]
        else:
            default = value
        return Column(
            name=name,
            type=type_name,
            nullable=nullable,
            primary_key=primary_key,
            foreign_key=self._str(facts, scope, kw("foreign_key")),
            index=self._bool(facts, scope, kw("index")) is True,
            unique=self._bool(facts, scope, kw("unique")) is True,
            default=source_text(default),
            line=span.start.line,
            length=length,
            span=span,
            sql_type=sql_type,
            server_default=source_text(extra_kw.get("server_default")),
        )

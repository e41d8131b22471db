"""Pydantic models (SQLModel classes too) and dataclasses as request/response schemas."""

from __future__ import annotations

import ast

from ...core.model import SchemaField, SchemaModel
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..symbol_types import ClassSym
from .annotations import (
    class_body,
    is_classvar,
    last_dotted_part,
    source_text,
    subscript_args,
    unstring,
)
from .kinds import PYDANTIC_MODEL, PYDANTIC_V1_MODEL, SQLMODEL_CLASSES
from .reader import ClassReader


class SchemaReader(ClassReader):
    """Pydantic models and dataclasses."""

    def _schema(
        self,
        sym: ClassSym,
        anc: list[ClassSym | str],
        fields: list[SchemaField],
        flavour: str = "",
    ) -> SchemaModel:
        info = sym.facts.classes[sym.qualname]
        bases = tuple(
            a.dotted if isinstance(a, ClassSym) else a
            for base in info.bases
            for a in self._base(sym.facts, info.scope, base)
        )
        return SchemaModel(
            name=info.name,
            qualname=f"{sym.facts.module}:{sym.qualname}",
            file=sym.facts.path,
            span=info.span,
            bases=bases,
            fields=fields,
            flavour=flavour,
        )

    def pydantic_schema(
        self, sym: ClassSym, anc: list[ClassSym | str], flavour: str = "pydantic"
    ) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        family = PYDANTIC_MODEL | PYDANTIC_V1_MODEL | SQLMODEL_CLASSES
        for owner in self._owners(sym, anc, family):
            o_info = owner.facts.classes[owner.qualname]
            for name, _target, annotation, value in class_body(o_info):
                if annotation is None or name.startswith("_") or is_classvar(annotation):
                    continue
                if name == "model_config":
                    continue
                if isinstance(value, ast.Call) and last_dotted_part(value.func) == "Relationship":
                    continue  # SQLModel relationships are not pydantic fields
                default, required = self._field_default(
                    owner.facts, o_info.scope, annotation, value, "Field"
                )
                # A redefined field keeps its place, as pydantic keeps it.
                fields[name] = SchemaField(
                    name,
                    ast.unparse(annotation),
                    default,
                    required,
                    explicit=required and _explicit_ellipsis(value),
                )
        return self._schema(sym, anc, list(fields.values()), flavour)

    def dataclass_schema(self, sym: ClassSym, anc: list[ClassSym | str]) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        owners = [
            a for a in reversed(anc) if isinstance(a, ClassSym) and self._dataclass_kind(a)
        ] + [sym]
        for owner in owners:
            o_info = owner.facts.classes[owner.qualname]
            for name, _target, annotation, value in class_body(o_info):
                if annotation is None or is_classvar(annotation):
                    continue
                default, required = self._field_default(
                    owner.facts, o_info.scope, annotation, value, "field"
                )
                fields[name] = SchemaField(name, ast.unparse(annotation), default, required)
        return self._schema(sym, anc, list(fields.values()))

    def _field_default(
        self,
        facts: ModuleFacts,
        scope: Scope,
        annotation: ast.expr,
        value: ast.expr | None,
        factory: str,
    ) -> tuple[str | None, bool]:
        """(default as source text, required) for a pydantic field or a dataclass field; the
        ``Field(...)``/``field(...)`` call may be the value or sit inside ``Annotated``."""
        call = (
            value
            if isinstance(value, ast.Call) and last_dotted_part(value.func) in {factory, "Field"}
            else None
        )
        if value is not None and call is None:
            if isinstance(value, ast.Constant) and value.value is Ellipsis:
                return None, True  # ``name: int = ...``: required
            return source_text(value), False
        if call is None:
            annotated = unstring(annotation)
            if (
                isinstance(annotated, ast.Subscript)
                and last_dotted_part(annotated.value) == "Annotated"
            ):
                call = next(
                    (
                        a
                        for a in subscript_args(annotated)[1:]
                        if isinstance(a, ast.Call) and last_dotted_part(a.func) == "Field"
                    ),
                    None,
                )
            if call is None:
                return None, True
        default = keyword_value(call, "default")
        if default is None and call.args:
            default = call.args[0]
        if default is not None and not (
            isinstance(default, ast.Constant) and default.value is Ellipsis
        ):
            return source_text(default), False
        default_factory = keyword_value(call, "default_factory")
        if default_factory is not None:
            return f"{ast.unparse(default_factory)}()", False
        return None, True


def _explicit_ellipsis(value: ast.expr | None) -> bool:
    """``= ...`` or ``= Field(...)``/``Field(default=...)``: required even when ``Optional``
    (pydantic v1's rule)."""
    if isinstance(value, ast.Call):
        value = keyword_value(value, "default") or (value.args[0] if value.args else None)
    return isinstance(value, ast.Constant) and value.value is Ellipsis

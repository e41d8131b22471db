"""The records the readers build and share: the model a class declares, Django fields and pending relations."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ...core.model import Column, OrmModel, Relationship
from ..facts import ModuleFacts, Scope
from ..symbol_types import ClassSym


@dataclass
class DjangoField:
    """What a DRF ModelSerializer needs to know about a Django model field."""

    name: str
    kind: str  # the field class name
    optional: bool  # has a default, null or blank
    read_only: bool  # auto-created primary key or editable=False
    primary_key: bool = False
    relation: bool = False
    null: bool = False  # ``null=True``: the serializer field allows null


@dataclass
class PendingRelation:
    """A Django relation whose target table is known only once every model is read."""

    model: OrmModel
    column: int  # index into model.columns of the relation's column
    facts: ModuleFacts
    scope: Scope
    target: ast.expr
    to_field: str | None


@dataclass
class DjangoInfo:
    model: OrmModel
    app_label: str
    fields: list[DjangoField] = field(default_factory=list)
    columns: dict[str, Column] = field(default_factory=dict)  # field name -> its column


def orm_model(
    sym: ClassSym,
    framework: str,
    table: str | None,
    *,
    columns: list[Column] | None = None,
    relationships: list[Relationship] | None = None,
    indexes: list[tuple[str, ...]] | None = None,
    abstract: bool = False,
    unique_constraints: list[tuple[str, ...]] | None = None,
) -> OrmModel:
    """The model a class declares, named, placed and keyed (``module:Class``) the same way
    for every ORM; each extractor supplies only what its ORM says about the table."""
    info = sym.facts.classes[sym.qualname]
    return OrmModel(
        name=info.name,
        qualname=f"{sym.facts.module}:{sym.qualname}",
        framework=framework,
        table=table,
        file=sym.facts.path,
        span=info.span,
        columns=columns if columns is not None else [],
        relationships=relationships if relationships is not None else [],
        indexes=indexes if indexes is not None else [],
        abstract=abstract,
        unique_constraints=unique_constraints if unique_constraints is not None else [],
    )

"""Django ``models.Model`` subclasses: tables, inheritance (multi-table, proxy, abstract), fields."""

from __future__ import annotations

import ast

from ...core.model import Column, OrmModel
from ...core.syntax import is_none_literal, keyword_value
from ..symbol_types import ClassSym
from .annotations import class_body
from .django_fields import DjangoFields
from .records import DjangoField, DjangoInfo, orm_model


class DjangoReader(DjangoFields):
    """Django models."""

    def django_model(self, sym: ClassSym, anc: list[ClassSym | str]) -> OrmModel:
        existing = self.django.get(sym.dotted)
        if existing is not None:
            return existing.model
        facts = sym.facts
        info = facts.classes[sym.qualname]
        meta, meta_facts, meta_scope = self._django_meta(sym, anc)
        abstract = self._abstract_django(sym)
        proxy = self._bool(meta_facts, meta_scope, meta.get("proxy")) is True
        app_label = self._app_label(sym)
        parent = self._django_parent(anc)
        model = orm_model(sym, "django", None, abstract=abstract)
        dj = DjangoInfo(model, app_label)
        self.django[sym.dotted] = dj
        if proxy and parent is not None:
            parent_dj = self.django.get(parent.dotted) or self._django_info(parent)
            model.table = parent_dj.model.table
            model.columns = list(parent_dj.model.columns)
            dj.fields = list(parent_dj.fields)
            return model
        if not abstract:
            table = self._str(meta_facts, meta_scope, meta.get("db_table"))
            model.table = table or f"{app_label}_{info.name.lower()}"
        # Fields of abstract ancestors (base-most first), then the class's own.
        owners = [
            a
            for a in reversed(anc)
            if isinstance(a, ClassSym) and self._is_django(a) and self._abstract_django(a)
        ]
        fields_by_name: dict[str, tuple[ClassSym, str, ast.expr, ast.Call]] = {}
        for owner in [*owners, sym]:
            o_info = owner.facts.classes[owner.qualname]
            for name, target, _annotation, value in class_body(o_info):
                if (
                    isinstance(value, ast.Call)
                    and self._django_field_class(owner, value) is not None
                ):
                    fields_by_name.pop(name, None)
                    fields_by_name[name] = (owner, name, target, value)
                elif name in fields_by_name and value is not None and is_none_literal(value):
                    del fields_by_name[name]  # a subclass removes an inherited field
        if not abstract and parent is not None:
            # Multi-table inheritance: a one-to-one link to the parent is the primary key.
            parent_model = self.django.get(parent.dotted) or self._django_info(parent)
            link = parent.qualname.rsplit(".", 1)[-1].lower() + "_ptr"
            pk = next((c for c in parent_model.model.columns if c.primary_key), None)
            model.columns.append(
                Column(
                    name=f"{link}_id",
                    type="OneToOneField",
                    nullable=False,
                    primary_key=True,
                    foreign_key=f"{parent_model.model.table}.{pk.name if pk else 'id'}",
                    index=True,
                    unique=True,
                    line=info.span.start.line,
                    span=info.span,
                )
            )
            dj.fields.append(DjangoField(link, "OneToOneField", False, True, True, True))
        elif not any(
            self._bool(
                o.facts, o.facts.classes[o.qualname].scope, keyword_value(call, "primary_key")
            )
            is True
            for o, _, _, call in fields_by_name.values()
        ):
            auto = self._django_auto_field(sym)
            model.columns.append(
                Column(
                    name="id",
                    type=auto,
                    nullable=False,
                    primary_key=True,
                    unique=True,
                    line=info.span.start.line,
                    span=info.span,
                )
            )
            dj.fields.append(DjangoField("id", auto, False, True, True))
        for owner, name, target, call in fields_by_name.values():
            self._django_field(dj, owner, name, target, call)
        self._django_meta_indexes(meta, meta_facts, meta_scope, model, dj.columns)
        return model

    def _django_info(self, sym: ClassSym) -> DjangoInfo:
        self.django_model(sym, self.ancestry(sym))
        return self.django[sym.dotted]

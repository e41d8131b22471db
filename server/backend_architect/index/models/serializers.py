"""Django REST framework serializers: declared fields, then a ModelSerializer's fields from its model."""

from __future__ import annotations

import ast
from typing import Any

from ...core.model import SchemaField, SchemaModel
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..symbol_types import ClassSym, External
from .annotations import ancestor_names, class_body, source_text
from .django import DjangoReader
from .kinds import DRF_SERIALIZERS
from .schemas import SchemaReader

_READ_ONLY_KINDS = {"SerializerMethodField", "ReadOnlyField"}


class SerializerReader(SchemaReader, DjangoReader):
    """DRF serializers (a ModelSerializer reads its Django model)."""

    def serializer_schema(self, sym: ClassSym, anc: list[ClassSym | str]) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        for owner in self._owners(sym, anc, DRF_SERIALIZERS):
            o_info = owner.facts.classes[owner.qualname]
            scope = o_info.scope
            for name, _target, _annotation, value in class_body(o_info):
                if not isinstance(value, ast.Call):
                    continue
                kind = self._serializer_field_kind(owner.facts, scope, value)
                if kind is None:
                    continue
                read_only = (
                    self._bool(owner.facts, scope, keyword_value(value, "read_only")) is True
                )
                required_kw = self._bool(owner.facts, scope, keyword_value(value, "required"))
                default = keyword_value(value, "default")
                required = (
                    required_kw
                    if required_kw is not None
                    else not (read_only or default is not None)
                )
                if kind in _READ_ONLY_KINDS:
                    required = False
                    read_only = True
                if self._bool(owner.facts, scope, keyword_value(value, "many")) is True:
                    kind = f"list[{kind}]"
                fields.pop(name, None)
                fields[name] = SchemaField(
                    name,
                    kind,
                    source_text(default),
                    required,
                    read_only=read_only,
                    write_only=self._bool(owner.facts, scope, keyword_value(value, "write_only"))
                    is True,
                    nullable=self._bool(owner.facts, scope, keyword_value(value, "allow_null"))
                    is True,
                )
        schema = self._schema(sym, anc, list(fields.values()))
        self.serializers[id(schema)] = (sym, anc)
        return schema

    def _serializer_field_kind(
        self, facts: ModuleFacts, scope: Scope, call: ast.Call
    ) -> str | None:
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, call.func))
        if isinstance(sym, ClassSym):
            names = ancestor_names(self.ancestry(sym))
            if names & DRF_SERIALIZERS or any(n.startswith("rest_framework.") for n in names):
                return sym.qualname.rsplit(".", 1)[-1]
            return None
        if isinstance(sym, External) and sym.dotted.startswith("rest_framework."):
            last = sym.dotted.rsplit(".", 1)[-1]
            if last.endswith(("Field", "Serializer")):
                return last
        return None

    def _django_serializer_fields(self, schemas: list[SchemaModel]) -> None:
        """Add the model fields a ModelSerializer's ``Meta`` names to its declared fields."""
        for schema in schemas:
            entry = self.serializers.get(id(schema))
            if entry is None:
                continue
            sym, anc = entry
            meta_owner = next(
                (
                    o
                    for o in [sym, *[a for a in anc if isinstance(a, ClassSym)]]
                    if f"{o.qualname}.Meta" in o.facts.classes
                ),
                None,
            )
            if meta_owner is None:
                continue
            meta = self._meta(meta_owner)
            facts, scope = meta_owner.facts, meta_owner.qualname
            target = meta.get("model")
            model_sym = (
                self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
                if target is not None
                else None
            )
            dj = self.django.get(model_sym.dotted) if isinstance(model_sym, ClassSym) else None
            if dj is None and isinstance(model_sym, ClassSym) and self._is_django(model_sym):
                dj = self._django_info(model_sym)
            model_fields = {f.name: f for f in dj.fields} if dj is not None else {}
            wanted = (
                self.symbols.evaluate(facts, scope, meta["fields"]) if "fields" in meta else None
            )
            if wanted == "__all__" or (wanted is None and "exclude" in meta):
                excluded = (
                    self.symbols.evaluate(facts, scope, meta["exclude"])
                    if "exclude" in meta
                    else []
                )
                excluded = excluded if isinstance(excluded, list) else []
                # DRF's order: the primary key, declared fields, plain fields, relations
                pk = [f.name for f in model_fields.values() if f.primary_key][:1]
                rest = [f for f in model_fields.values() if f.name not in pk]
                wanted = [
                    n
                    for n in [
                        *pk,
                        *(f.name for f in schema.fields),
                        *(f.name for f in rest if not f.relation),
                        *(f.name for f in rest if f.relation),
                    ]
                    if n not in excluded
                ]
            if not isinstance(wanted, list):
                continue
            read_only_fields = (
                self.symbols.evaluate(facts, scope, meta["read_only_fields"])
                if "read_only_fields" in meta
                else []
            )
            read_only = set(read_only_fields) if isinstance(read_only_fields, list) else set()
            extra = self._extra_kwargs(facts, scope, meta.get("extra_kwargs"))
            declared = {f.name: f for f in schema.fields}
            ordered: list[SchemaField] = []
            for name in wanted:
                if not isinstance(name, str):
                    continue
                if name in declared:
                    ordered.append(declared.pop(name))
                    continue
                mf = model_fields.get(name)
                kind = mf.kind if mf is not None else "ReadOnlyField"
                required = (
                    mf is not None and not (mf.optional or mf.read_only) and name not in read_only
                )
                options = extra.get(name, {})
                if options.get("read_only") is True:
                    required = False
                if isinstance(options.get("required"), bool):
                    required = options["required"]
                ordered.append(
                    SchemaField(
                        name,
                        kind,
                        None,
                        required,
                        read_only=options.get("read_only") is True
                        or name in read_only
                        or (mf is None or mf.read_only),
                        write_only=options.get("write_only") is True,
                        nullable=(mf is not None and mf.null) or options.get("allow_null") is True,
                    )
                )
            schema.fields = ordered + list(declared.values())

    def _extra_kwargs(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        if not isinstance(expr, ast.Dict):
            return out
        for k, v in zip(expr.keys, expr.values, strict=False):
            if isinstance(k, ast.Constant) and isinstance(k.value, str) and isinstance(v, ast.Dict):
                out[k.value] = {
                    kk.value: self.symbols.evaluate(facts, scope, vv)
                    for kk, vv in zip(v.keys, v.values, strict=False)
                    if isinstance(kk, ast.Constant) and isinstance(kk.value, str)
                }
        return out

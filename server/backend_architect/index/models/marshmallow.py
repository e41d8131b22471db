"""Marshmallow schemas (flask-smorest's and apispec's bodies): each declared field with its kind,
``required``, ``load_only``/``dump_only`` and ``allow_none``, base schemas' fields first."""

from __future__ import annotations

import ast

from ...core.model import SchemaField, SchemaModel
from ...core.syntax import keyword_value
from ..symbol_types import ClassSym
from .annotations import class_body, last_dotted_part, source_text
from .kinds import MARSHMALLOW_SCHEMAS
from .schemas import SchemaReader


class MarshmallowReader(SchemaReader):
    def marshmallow_schema(self, sym: ClassSym, anc: list[ClassSym | str]) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        for owner in self._owners(sym, anc, MARSHMALLOW_SCHEMAS):
            o_info = owner.facts.classes[owner.qualname]
            scope = o_info.scope
            for name, _target, _annotation, value in class_body(o_info):
                if not isinstance(value, ast.Call) or not _is_field(value):
                    continue
                flags = {
                    k: self._bool(owner.facts, scope, keyword_value(value, k)) is True
                    for k in ("required", "dump_only", "load_only", "allow_none")
                }
                default = keyword_value(value, "load_default", "missing")
                fields.pop(name, None)  # a redeclared field moves to the end, as marshmallow
                fields[name] = SchemaField(
                    name,
                    ast.unparse(value),
                    source_text(default),
                    flags["required"],
                    read_only=flags["dump_only"],
                    write_only=flags["load_only"],
                    nullable=flags["allow_none"],
                )
        return self._schema(sym, anc, list(fields.values()), "marshmallow")


def _is_field(call: ast.Call) -> bool:
    """``fields.String(...)``, ``ma.fields.Nested(...)``, ``String(...)``: a field class call."""
    name = last_dotted_part(call.func)
    return bool(name) and name[0].isupper() and not name.endswith("Schema")

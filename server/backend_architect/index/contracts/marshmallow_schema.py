"""A marshmallow schema as JSON Schema, the way apispec's MarshmallowPlugin (and so
flask-smorest) writes it for OpenAPI 3.1: each field's type and format, ``data_key`` as the
property name, ``required``, ``dump_only`` as ``readOnly``, ``load_only`` as ``writeOnly``,
``allow_none`` as a ``"null"`` type, ``load_default`` as the default, ``Length``/``Range``/
``OneOf``/``Regexp``/``Equal`` validators, ``metadata=``, nested schemas as components (a list
of them with ``many=True``), ``List``/``Dict`` items; unknown fields refused unless ``Meta.unknown``
says otherwise."""

from __future__ import annotations

import ast
from typing import Any

from ...core.model import SchemaModel
from ...core.syntax import keyword_value
from ...index.facts import ModuleFacts, Scope
from ...index.symbol_types import ClassSym
from ..models.annotations import last_dotted_part
from .constraints import NO_VALUE, literal
from .serializer_schema import Calls, SchemaBuilder

JsonSchema = dict[str, Any]

# apispec's DEFAULT_FIELD_MAPPING: (type, format)
FIELD_TYPES: dict[str, tuple[str | None, str | None]] = {
    "Integer": ("integer", None),
    "Int": ("integer", None),
    "Number": ("number", None),
    "Float": ("number", None),
    "Decimal": ("number", None),
    "String": ("string", None),
    "Str": ("string", None),
    "Boolean": ("boolean", None),
    "Bool": ("boolean", None),
    "UUID": ("string", "uuid"),
    "DateTime": ("string", "date-time"),
    "AwareDateTime": ("string", "date-time"),
    "NaiveDateTime": ("string", "date-time"),
    "Date": ("string", "date"),
    "Time": ("string", None),
    "TimeDelta": ("number", None),
    "Email": ("string", "email"),
    "URL": ("string", "url"),
    "Url": ("string", "url"),
    "Dict": ("object", None),
    "Mapping": ("object", None),
    "Field": (None, None),
    "Raw": (None, None),
    "List": ("array", None),
    "Tuple": ("array", None),
    "IP": ("string", "ip"),
    "IPv4": ("string", "ipv4"),
    "IPv6": ("string", "ipv6"),
    "Nested": (None, None),
}
_DOC_KEYS = {"description", "title", "example", "examples", "deprecated", "format", "default"}


def component_name(model: SchemaModel) -> str:
    """apispec's and flask-smorest's name: the class name less a ``Schema`` suffix."""
    name = model.name
    return name[: -len("Schema")] if name.endswith("Schema") and name != "Schema" else name


def marshmallow_schema(
    builder: SchemaBuilder, model: SchemaModel, calls: Calls, sym: ClassSym
) -> JsonSchema:
    properties: dict[str, JsonSchema] = {}
    required: list[str] = []
    for field in model.fields:
        facts, scope, call = calls.get(field.name, (sym.facts, "", None))
        if call is None:
            continue
        name = _text(keyword_value(call, "data_key")) or field.name
        properties[name] = field_schema(builder, call, facts, scope)
        if field.required:
            required.append(name)
    out: JsonSchema = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    if _unknown(sym) in (None, "RAISE"):
        out["additionalProperties"] = False
    return out


def field_schema(
    builder: SchemaBuilder, call: ast.Call, facts: ModuleFacts, scope: Scope
) -> JsonSchema:
    """One field, as apispec's ``field2property`` builds it, in its order of steps."""
    kind = last_dotted_part(call.func)
    if kind not in FIELD_TYPES:
        return {"x-unresolved": kind, "description": f"unresolved field: {kind}"}
    type_, fmt = FIELD_TYPES[kind]
    out: JsonSchema = {}
    if type_:
        out["type"] = type_
    if fmt:
        out["format"] = fmt
    default = literal(keyword_value(call, "load_default", "missing"))
    if default is not NO_VALUE:
        out["default"] = default
    validators = _validators(call)
    choices = [v for v in validators if last_dotted_part(v.func) in ("OneOf", "Equal")]
    allow_none = _flag(call, "allow_none")
    for v in choices:
        values = literal(v.args[0]) if v.args else NO_VALUE
        if isinstance(values, list):
            out["enum"] = values if last_dotted_part(v.func) == "OneOf" else [values]
        elif values is not NO_VALUE:
            out["enum"] = [values]
    if allow_none and isinstance(out.get("enum"), list) and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    if _flag(call, "dump_only"):
        out["readOnly"] = True
    if _flag(call, "load_only"):
        out["writeOnly"] = True
    numeric = out.get("type") in ("number", "integer")
    for v in validators:
        vname = last_dotted_part(v.func)
        if vname == "Range":
            lo, hi = ("minimum", "maximum") if numeric else ("x-minimum", "x-maximum")
            _bounds(out, v, lo, hi)
        elif vname == "Length":
            many = kind in ("List", "Nested")
            lo, hi = ("minItems", "maxItems") if many else ("minLength", "maxLength")
            equal = literal(keyword_value(v, "equal"))
            if isinstance(equal, int):
                out[lo] = out[hi] = equal
            else:
                _bounds(out, v, lo, hi)
        elif vname == "Regexp":
            pattern = literal(v.args[0] if v.args else keyword_value(v, "regex"))
            if isinstance(pattern, str) and "pattern" not in out:
                out["pattern"] = pattern
    metadata = literal(keyword_value(call, "metadata"))
    if isinstance(metadata, dict):
        out.update({k: v for k, v in metadata.items() if k in _DOC_KEYS or k.startswith("x-")})
    if kind == "Nested":
        out.update(_nested(builder, call, facts, scope))
    elif kind == "List" and call.args and isinstance(call.args[0], ast.Call):
        out["items"] = field_schema(builder, call.args[0], facts, scope)
    elif kind in ("Dict", "Mapping"):
        values = keyword_value(call, "values")
        out["additionalProperties"] = (
            field_schema(builder, values, facts, scope) if isinstance(values, ast.Call) else {}
        )
    if allow_none:
        if "$ref" in out:
            out["anyOf"] = [{"$ref": out.pop("$ref")}, {"type": "null"}]
        elif "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*types, "null"]
    return out


def _nested(builder: SchemaBuilder, call: ast.Call, facts: ModuleFacts, scope: Scope) -> JsonSchema:
    target = call.args[0] if call.args else keyword_value(call, "nested")
    if isinstance(target, ast.Call):  # ``Nested(TagSchema())`` / ``Nested(TagSchema(many=True))``
        many = _flag(target, "many") or _flag(call, "many")
        target = target.func
    else:
        many = _flag(call, "many")
    if target is None:
        return {}
    schema = builder.annotation(target, facts, scope)
    return {"type": "array", "items": schema} if many else schema


def _validators(call: ast.Call) -> list[ast.Call]:
    value = keyword_value(call, "validate")
    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    return [v for v in items if isinstance(v, ast.Call)]


def _bounds(out: JsonSchema, call: ast.Call, lo: str, hi: str) -> None:
    low = literal(call.args[0] if call.args else keyword_value(call, "min"))
    high = literal(call.args[1] if len(call.args) > 1 else keyword_value(call, "max"))
    if isinstance(low, (int, float)) and not isinstance(low, bool):
        out[lo] = low
    if isinstance(high, (int, float)) and not isinstance(high, bool):
        out[hi] = high


def _flag(call: ast.Call, name: str) -> bool:
    return literal(keyword_value(call, name)) is True


def _text(expr: ast.expr | None) -> str | None:
    value = literal(expr)
    return value if isinstance(value, str) else None


def _unknown(sym: ClassSym) -> str | None:
    """``class Meta: unknown = EXCLUDE`` (the name of the constant), nearest class first."""
    for stmt in sym.facts.classes[sym.qualname].node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            for item in stmt.body:
                if isinstance(item, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "unknown" for t in item.targets
                ):
                    value = item.value
                    return last_dotted_part(value) or _text(value)
    return None

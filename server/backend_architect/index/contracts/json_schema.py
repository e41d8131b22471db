"""JSON Schema (2020-12, as OpenAPI 3.1 speaks it) from the code's own type annotations, statically.

Names are resolved through the index (imports, aliases, re-exports); a project class the schema
readers know becomes a component (``#/components/schemas/Name``), an ``Enum`` an ``enum``
component. A name that resolves to nothing known is written as unresolved (``x-unresolved``),
never guessed.
"""

from __future__ import annotations

import ast
from typing import Any

from ...core.model import SchemaModel
from ...core.syntax import dotted_name
from ...index.facts import ModuleFacts, Scope
from ...index.models.annotations import class_body, subscript_args, unstring
from ...index.project import ProjectIndex
from ...index.symbol_types import Assigned, ClassSym, External, Symbol
from .constrained import constrained_kind, constrained_schema, item_type
from .constraints import NO_VALUE, apply_constraints, literal
from .discriminator import apply_discriminator
from .marshmallow_schema import component_name, marshmallow_schema
from .pydantic_model import (
    SERIALIZATION,
    VALIDATION,
    computed_fields,
    field_alias,
    model_config,
    pins_pydantic_v1,
    v1_required,
    v1_shape,
)
from .serializer_schema import serializer_schema

JsonSchema = dict[str, Any]
OUTPUT = "-Output"  # a serialization-mode component, until it is named

_FORMATTED: dict[str, JsonSchema] = {
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "timedelta": {"type": "string", "format": "duration"},
    "UUID": {"type": "string", "format": "uuid"},
    "UUID4": {"type": "string", "format": "uuid4"},
    "EmailStr": {"type": "string", "format": "email"},
    "NameEmail": {"type": "string", "format": "name-email"},
    "HttpUrl": {"type": "string", "format": "uri", "minLength": 1, "maxLength": 2083},
    "AnyUrl": {"type": "string", "format": "uri", "minLength": 1},
    "AnyHttpUrl": {"type": "string", "format": "uri", "minLength": 1},
    "SecretStr": {"type": "string", "format": "password", "writeOnly": True},
    "IPv4Address": {"type": "string", "format": "ipv4"},
    "IPv6Address": {"type": "string", "format": "ipv6"},
    "Path": {"type": "string", "format": "path"},
    "UploadFile": {"type": "string", "contentMediaType": "application/octet-stream"},
    "Json": {},
}
_SIMPLE: dict[str, JsonSchema] = {
    "int": {"type": "integer"},
    "str": {"type": "string"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "bytes": {"type": "string", "format": "binary"},
    "None": {"type": "null"},
    "NoneType": {"type": "null"},
    "Any": {},
    "object": {},
    "dict": {"type": "object"},
    "Dict": {"type": "object"},
    "Mapping": {"type": "object"},
    "list": {"type": "array", "items": {}},
    "List": {"type": "array", "items": {}},
    "PositiveInt": {"type": "integer", "exclusiveMinimum": 0},
    "NonNegativeInt": {"type": "integer", "minimum": 0},
    "PositiveFloat": {"type": "number", "exclusiveMinimum": 0},
    "StrictStr": {"type": "string"},
    "StrictInt": {"type": "integer"},
    "StrictBool": {"type": "boolean"},
    "Decimal": {"anyOf": [{"type": "number"}, {"type": "string"}]},
}
_ARRAYS = {"list", "List", "Sequence", "Iterable", "Collection", "MutableSequence", "deque"}
_SETS = {"set", "Set", "frozenset", "FrozenSet", "AbstractSet", "MutableSet"}
_MAPS = {"dict", "Dict", "Mapping", "MutableMapping", "OrderedDict", "defaultdict"}
_ENUM_BASES = ("enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag")
_TYPED_DICT = ("typing.TypedDict", "typing_extensions.TypedDict")


def unresolved(name: str) -> JsonSchema:
    return {"x-unresolved": name, "description": f"unresolved type: {name}"}


def parse_annotation(text: str | None) -> ast.expr | None:
    if text is None:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError:
        return None


class SchemaBuilder:
    """Turns annotations into JSON Schema, collecting the components they name."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self.symbols = index.symbols
        self.by_qualname: dict[str, SchemaModel] = {s.qualname: s for s in index.schemas}
        self.components: dict[str, JsonSchema] = {}
        self._owner: dict[str, str] = {}  # component name -> qualname it was made from
        self.unresolved: set[str] = set()
        # pydantic reads a body (validation) and writes a response (serialization); a model
        # whose two schemas differ is two components (``Name`` and ``Name-Output`` until
        # :func:`modes.split_components` names them as FastAPI does)
        self.mode = VALIDATION
        self.pydantic_v1 = pins_pydantic_v1(index.root)

    # --- entry points ---------------------------------------------------------------------

    def annotation(self, expr: ast.expr | None, facts: ModuleFacts, scope: Scope) -> JsonSchema:
        return self._schema(unstring(expr), facts, scope, 0)

    def annotation_text(self, text: str | None, facts: ModuleFacts, scope: Scope) -> JsonSchema:
        return self.annotation(parse_annotation(text), facts, scope)

    def default_value(self, expr: ast.expr | None, facts: ModuleFacts, scope: Scope) -> Any:
        """A default as JSON: a literal, or an enum member's value (``Color.red``)."""
        value = literal(expr)
        if value is NO_VALUE and isinstance(expr, ast.Attribute):
            owner = self.resolve(expr.value, facts, scope)
            if isinstance(owner, ClassSym):
                info = owner.facts.classes[owner.qualname]
                for name, _t, _a, member in class_body(info):
                    if name == expr.attr:
                        return literal(member)
        return value

    def resolve(self, expr: ast.expr, facts: ModuleFacts, scope: Scope) -> Symbol:
        return self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))

    # --- the walk -------------------------------------------------------------------------

    def _schema(self, expr: ast.expr | None, facts: ModuleFacts, scope: Scope, depth: int) -> Any:
        if expr is None:
            return {}
        if depth > 12:
            return unresolved(ast.unparse(expr))
        if isinstance(expr, ast.Constant):
            if expr.value is None:
                return {"type": "null"}
            if isinstance(expr.value, str):
                return self._schema(unstring(expr), facts, scope, depth + 1)
            return unresolved(ast.unparse(expr))
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            return self._union(_union_parts(expr), facts, scope, depth)
        if isinstance(expr, ast.Subscript):
            return self._generic(expr, facts, scope, depth)
        if isinstance(expr, (ast.Name, ast.Attribute)):
            return self._named(expr, facts, scope, depth)
        if isinstance(expr, ast.Call):
            kind = constrained_kind(self._dotted(expr.func, facts, scope))
            if kind is not None:
                inner = item_type(expr)
                items = self._schema(inner, facts, scope, depth + 1) if inner is not None else None
                return constrained_schema(kind, expr, items)
        return unresolved(ast.unparse(expr))

    def _union(
        self, parts: list[ast.expr], facts: ModuleFacts, scope: Scope, depth: int
    ) -> JsonSchema:
        schemas = [self._schema(unstring(p), facts, scope, depth + 1) for p in parts]
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}

    def _generic(
        self, expr: ast.Subscript, facts: ModuleFacts, scope: Scope, depth: int
    ) -> JsonSchema:
        name = _last(self._dotted(expr.value, facts, scope))
        args = subscript_args(expr)
        if name == "Optional":
            return self._union([args[0], ast.Constant(None)], facts, scope, depth)
        if name == "Union":
            return self._union(args, facts, scope, depth)
        if name == "Annotated":
            base = self._schema(unstring(args[0]), facts, scope, depth + 1)
            for meta in args[1:]:
                if isinstance(meta, ast.Call):
                    base = apply_constraints(base, meta)
                    base = apply_discriminator(base, meta, self.components)
            return base
        if name == "Literal":
            values = [literal(a) for a in args]
            return _literal_schema(values)
        if name in _ARRAYS or name in _SETS:
            out: JsonSchema = {
                "type": "array",
                "items": self._schema(unstring(args[0]), facts, scope, depth + 1),
            }
            if name in _SETS:
                out["uniqueItems"] = True
            return out
        if name in ("tuple", "Tuple"):
            if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is ...:
                return {
                    "type": "array",
                    "items": self._schema(unstring(args[0]), facts, scope, depth + 1),
                }
            items = [self._schema(unstring(a), facts, scope, depth + 1) for a in args]
            return {
                "type": "array",
                "prefixItems": items,
                "minItems": len(items),
                "maxItems": len(items),
            }
        if name in _MAPS:
            value = args[-1] if len(args) == 2 else None
            values = self._schema(unstring(value), facts, scope, depth + 1)
            return {"type": "object", "additionalProperties": values if values else True}
        if name in ("Required", "NotRequired", "ReadOnly", "Final", "Mapped"):
            return self._schema(unstring(args[0]), facts, scope, depth + 1)
        if name in ("Type", "type", "Callable"):
            return unresolved(ast.unparse(expr))
        return unresolved(ast.unparse(expr))

    def _dotted(self, expr: ast.expr, facts: ModuleFacts, scope: Scope) -> str:
        sym = self.resolve(expr, facts, scope)
        if isinstance(sym, External):
            return sym.dotted
        return dotted_name(expr) or ""

    def _named(self, expr: ast.expr, facts: ModuleFacts, scope: Scope, depth: int) -> JsonSchema:
        sym = self.resolve(expr, facts, scope)
        written = ast.unparse(expr)
        if isinstance(sym, ClassSym):
            return self._class(sym, written)
        if isinstance(sym, Assigned):  # a type alias: ``UserId = Annotated[int, Field(gt=0)]``
            value = sym.value
            if isinstance(value, ast.Call) and _last(dotted_name(value.func) or "") == "NewType":
                return self._schema(
                    value.args[1] if len(value.args) > 1 else None, sym.facts, sym.scope, depth + 1
                )
            return self._schema(unstring(value), sym.facts, sym.scope, depth + 1)
        dotted = sym.dotted if isinstance(sym, External) else written
        last = _last(dotted)
        if last == "Decimal" and self.mode == SERIALIZATION:
            return {"type": "string"}  # pydantic writes a Decimal as a string
        if dotted in ("typing.Any", "typing_extensions.Any") or last in _SIMPLE:
            return dict(_SIMPLE.get(last, {}))
        if last in _FORMATTED:
            return dict(_FORMATTED[last])
        self.unresolved.add(written)
        return unresolved(written)

    # --- classes --------------------------------------------------------------------------

    def _class(self, sym: ClassSym, written: str) -> JsonSchema:
        qualname = f"{sym.facts.module}:{sym.qualname}"
        model = self.by_qualname.get(qualname)
        bases = set(self.symbols.class_bases(sym))
        if model is None and bases & set(_ENUM_BASES):
            return self._ref(sym, qualname, lambda: _enum_schema(sym))
        if model is None and bases & set(_TYPED_DICT):
            return self._ref(sym, qualname, lambda: self._typed_dict(sym))
        if model is None:
            self.unresolved.add(written)
            return unresolved(written)
        name = component_name(model) if model.flavour == "marshmallow" else None
        return self._ref(sym, qualname, lambda: self._model(model, sym), name)

    def _ref(self, sym: ClassSym, qualname: str, make: Any, name: str | None = None) -> JsonSchema:
        name = name or sym.qualname.rsplit(".", 1)[-1]
        return self.component(name, qualname, sym.facts.module, make)

    def component(self, name: str, owner: str, module: str, make: Any) -> JsonSchema:
        """A reference to the component ``name`` made by ``make()`` for ``owner`` (what it is
        made from); a name another owner took is prefixed with ``module``."""
        taken = self._owner.get(name)
        if taken is not None and taken != owner:
            name = f"{module.replace('.', '__')}__{name}"
        self._owner.setdefault(name, owner)
        key = name if self.mode == VALIDATION else name + OUTPUT
        if key not in self.components:
            self.components[key] = {}  # placeholder: a recursive model refers to itself
            self.components[key] = make()
        return {"$ref": f"#/components/schemas/{key}"}

    def _model(self, model: SchemaModel, sym: ClassSym) -> JsonSchema:
        calls = self._field_calls(sym)
        if model.flavour == "marshmallow":
            return marshmallow_schema(self, model, calls, sym)
        if model.bases and _is_serializer(model):
            return serializer_schema(self, model, calls, serializer_field)
        info = sym.facts.classes[sym.qualname]
        v1 = model.flavour == "pydantic-v1" or (model.flavour == "pydantic" and self.pydantic_v1)
        config = model_config(self.symbols, sym)
        properties: dict[str, JsonSchema] = {}
        required: list[str] = []
        for field in model.fields:
            owner_facts, owner_scope, call = calls.get(field.name, (sym.facts, info.scope, None))
            schema = self.annotation_text(field.annotation, owner_facts, owner_scope)
            if call is not None:
                schema = apply_constraints(schema, call)
                schema = apply_discriminator(schema, call, self.components)
            name = field_alias(call, self.mode, config, field.name)
            extra = config.fields.get(field.name, {})
            schema.update({k: v for k, v in extra.items() if k in ("description", "title")})
            if field.default is not None and not field.default.endswith("()"):
                value = self.default_value(
                    parse_annotation(field.default), owner_facts, owner_scope
                )
                if value is not NO_VALUE and value is not None:  # FastAPI omits a null default
                    schema = {**schema, "default": value}
            properties[name] = v1_shape(schema) if v1 else schema
            if (
                v1_required(field.annotation, field.explicit, field.required)
                if v1
                else field.required
            ):
                required.append(name)
        if self.mode == SERIALIZATION and model.flavour == "pydantic":
            for name, returns in computed_fields(sym):
                properties[name] = {
                    **self.annotation(returns, sym.facts, info.scope),
                    "readOnly": True,
                }
                required.append(name)
        out: JsonSchema = {"type": "object", "properties": properties, "title": model.name}
        if required:
            out["required"] = required
        out.update(config.extra)
        return out

    def _field_calls(self, sym: ClassSym) -> dict[str, tuple[ModuleFacts, Scope, ast.Call | None]]:
        """Each field's ``Field(...)`` call (value or ``Annotated`` metadata), bases first."""
        out: dict[str, tuple[ModuleFacts, Scope, ast.Call | None]] = {}
        for owner in self.symbols.class_chain(sym, bases_first=True):
            info = owner.facts.classes[owner.qualname]
            for name, _target, _annotation, value in class_body(info):
                call = value if isinstance(value, ast.Call) else None
                out[name] = (owner.facts, info.scope, call)
        return out

    def _typed_dict(self, sym: ClassSym) -> JsonSchema:
        info = sym.facts.classes[sym.qualname]
        total = keyword_value_of_class(info.node, "total")
        properties: dict[str, JsonSchema] = {}
        required: list[str] = []
        for owner in self.symbols.class_chain(sym, bases_first=True):
            o_info = owner.facts.classes[owner.qualname]
            for name, _target, annotation, _value in class_body(o_info):
                if annotation is None:
                    continue
                properties[name] = self.annotation(annotation, owner.facts, o_info.scope)
                wrapper = annotation.value if isinstance(annotation, ast.Subscript) else None
                marker = _last(dotted_name(wrapper) or "") if wrapper is not None else ""
                if marker == "Required" or (total is not False and marker != "NotRequired"):
                    required.append(name)
        out: JsonSchema = {"type": "object", "properties": properties, "title": info.name}
        if required:
            out["required"] = required
        return out


def keyword_value_of_class(node: ast.ClassDef, name: str) -> Any:
    for kw in node.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant):
            return kw.value.value
    return None


def _is_serializer(model: SchemaModel) -> bool:
    return any("rest_framework" in b or b.endswith("Serializer") for b in model.bases)


_DRF_FIELDS: dict[str, JsonSchema] = {
    "CharField": {"type": "string"},
    "SlugField": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    "EmailField": {"type": "string", "format": "email"},
    "URLField": {"type": "string", "format": "uri"},
    "UUIDField": {"type": "string", "format": "uuid"},
    "IntegerField": {"type": "integer"},
    "FloatField": {"type": "number", "format": "double"},
    "DecimalField": {"type": "string", "format": "decimal"},
    "BooleanField": {"type": "boolean"},
    "DateTimeField": {"type": "string", "format": "date-time"},
    "DateField": {"type": "string", "format": "date"},
    "TimeField": {"type": "string", "format": "time"},
    "JSONField": {},
    "DictField": {"type": "object", "additionalProperties": {}},
    "ListField": {"type": "array", "items": {}},
    "PrimaryKeyRelatedField": {"type": "integer"},
    "SerializerMethodField": {"type": "string"},
    "ReadOnlyField": {"type": "string"},
    # a ModelSerializer's fields, as the Django model declares them
    "AutoField": {"type": "integer", "readOnly": True},
    "BigAutoField": {"type": "integer", "readOnly": True},
    "SmallAutoField": {"type": "integer", "readOnly": True},
    "ForeignKey": {"type": "integer"},
    "OneToOneField": {"type": "integer"},
    "ManyToManyField": {"type": "array", "items": {"type": "integer"}},
    "TextField": {"type": "string"},
    "BigIntegerField": {"type": "integer", "format": "int64"},
    "SmallIntegerField": {"type": "integer"},
    "PositiveIntegerField": {"type": "integer", "minimum": 0},
    "PositiveSmallIntegerField": {"type": "integer", "minimum": 0},
    "PositiveBigIntegerField": {"type": "integer", "minimum": 0},
    "GenericIPAddressField": {"type": "string"},
    "FileField": {"type": "string", "format": "uri"},
    "ImageField": {"type": "string", "format": "uri"},
    "DurationField": {"type": "string"},
}


def serializer_field(kind: str | None) -> JsonSchema:
    """A DRF serializer field's kind (``CharField``, ``list[TagSerializer]``) as JSON Schema."""
    if kind is None:
        return unresolved("?")
    if kind.startswith("list[") and kind.endswith("]"):
        return {"type": "array", "items": serializer_field(kind[5:-1])}
    if kind in _DRF_FIELDS:
        return dict(_DRF_FIELDS[kind])
    return unresolved(kind)


def _enum_schema(sym: ClassSym) -> JsonSchema:
    info = sym.facts.classes[sym.qualname]
    values = [
        literal(value)
        for name, _t, _a, value in class_body(info)
        if not name.startswith("_") and value is not None
    ]
    values = [v for v in values if v is not NO_VALUE]
    out: JsonSchema = {"enum": values, "title": info.name}
    kind = _json_type(values)
    if kind:
        out["type"] = kind
    return out


def _literal_schema(values: list[Any]) -> JsonSchema:
    values = [v for v in values if v is not NO_VALUE]
    kind = _json_type(values)
    out: JsonSchema = {"const": values[0]} if len(values) == 1 else {"enum": values}
    if kind:
        out["type"] = kind
    return out


def _json_type(values: list[Any]) -> str | None:
    kinds = {
        "boolean"
        if isinstance(v, bool)
        else "integer"
        if isinstance(v, int)
        else "number"
        if isinstance(v, float)
        else "string"
        if isinstance(v, str)
        else "null"
        if v is None
        else "?"
        for v in values
    }
    return kinds.pop() if len(kinds) == 1 and "?" not in kinds else None


def _union_parts(expr: ast.expr) -> list[ast.expr]:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _union_parts(expr.left) + _union_parts(expr.right)
    return [expr]


def _last(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]

"""ORM models and request/response schemas, read from the source without importing it.

ORM models (:class:`OrmModel`):

- **SQLAlchemy** declarative classes: bases made by ``declarative_base()`` (``sqlalchemy.orm``
  or ``sqlalchemy.ext.declarative``), ``registry().generate_base()``, ``@as_declarative()``,
  ``class Base(DeclarativeBase)`` and Flask-SQLAlchemy's ``db.Model``. Columns from ``Column``,
  ``mapped_column`` and annotation-only ``Mapped[...]`` attributes; columns of mixins and
  ``__abstract__`` bases are inherited as SQLAlchemy copies them; a mapped subclass without a
  ``__tablename__`` of its own shares its parent's table (single-table inheritance).
- **SQLModel** classes with ``table=True`` (table name ``__tablename__`` or the lowercased class
  name); fields of non-table SQLModel bases become columns.
- **Django** ``models.Model`` subclasses: the implicit ``id``, ``<name>_id`` columns for
  ``ForeignKey``/``OneToOneField`` (indexed unless ``db_index=False``), ``ManyToManyField`` as a
  relationship only, ``Meta.db_table`` (default ``<app_label>_<model name lower>``),
  ``Meta.indexes``/``index_together``/``unique_together``/``constraints``, abstract bases,
  multi-table inheritance (``<parent>_ptr_id``) and proxies (the concrete parent's table).

Types are written as the source names them: ``String(50)`` gives type ``"String"`` with length
50, ``sa.types.Text`` gives ``"Text"``, a Django ``CharField(max_length=20)`` gives
``"CharField"`` with length 20. Where the source names only a Python type (``Mapped[int]``,
a SQLModel ``int`` field) the type is the SQLAlchemy type the framework would choose for it
(``"Integer"``; SQLModel's ``str`` is ``"AutoString"``), honouring a base's
``type_annotation_map``; a Python type the framework has no default for keeps its own name. A
column with no type but a foreign key takes the referenced column's type, as SQLAlchemy does.
Nullability is the framework's: ``Column`` is nullable unless it is a primary key,
``mapped_column`` follows ``Optional``/``| None`` in its ``Mapped`` annotation, SQLModel follows
the annotation (primary keys never), Django is ``null=``; an explicit ``nullable=`` always wins.

Schemas (:class:`SchemaModel`): pydantic ``BaseModel`` subclasses and SQLModel classes (table
ones too, as FastAPI can answer with them), dataclasses that are pydantic dataclasses or appear
in a function signature or ``response_model=`` of a file that holds routes or models, and DRF
serializers (declared fields, then ``Meta.fields``/``exclude`` of a ``ModelSerializer`` read
from the Django model, ``read_only_fields`` and ``extra_kwargs`` applied). A field is required
when it has no default (DRF: unless ``required=False``, ``read_only=True`` or a default, or, for
model fields, a model default, ``null`` or ``blank``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.model import Column, OrmModel, Relationship, SchemaField, SchemaModel, Span
from .facts import ClassFacts, ModuleFacts, Scope, span_of
from .frameworks.common import LinkContext, is_none, kwarg
from .symbols import ALL, Assigned, ClassSym, External, HashedKey, Symbols, dotted_name

# --- what the frameworks are called ----------------------------------------------------------

DECLARATIVE_FUNCS = frozenset(
    {
        "sqlalchemy.orm.declarative_base",
        "sqlalchemy.orm.decl_api.declarative_base",
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.ext.declarative.api.declarative_base",
    }
)
DECLARATIVE_CLASSES = frozenset(
    {
        "sqlalchemy.orm.DeclarativeBase",
        "sqlalchemy.orm.DeclarativeBaseNoMeta",
        "sqlalchemy.orm.decl_api.DeclarativeBase",
        "sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta",
    }
)
AS_DECLARATIVE = frozenset(
    {
        "sqlalchemy.orm.as_declarative",
        "sqlalchemy.orm.decl_api.as_declarative",
        "sqlalchemy.ext.declarative.as_declarative",
    }
)
REGISTRY_CLASSES = frozenset({"sqlalchemy.orm.registry", "sqlalchemy.orm.decl_api.registry"})
FLASK_SQLALCHEMY = frozenset(
    {"flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"}
)
SQLMODEL_CLASSES = frozenset({"sqlmodel.SQLModel", "sqlmodel.main.SQLModel"})
DJANGO_MODEL = frozenset({"django.db.models.Model", "django.db.models.base.Model"})
PYDANTIC_MODEL = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel"})
SETTINGS_CLASSES = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
    }
)
DRF_SERIALIZERS = frozenset(
    {
        "rest_framework.serializers.BaseSerializer",
        "rest_framework.serializers.Serializer",
        "rest_framework.serializers.ModelSerializer",
        "rest_framework.serializers.HyperlinkedModelSerializer",
    }
)
DATACLASS_DECORATORS = frozenset(
    {"dataclasses.dataclass", "pydantic.dataclasses.dataclass", "dataclass"}
)
ENUM_CLASSES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"})

# Markers in a class's ancestry for bases that are objects rather than classes.
DECLARATIVE_MARK = "<declarative base>"
FLASK_MODEL_MARK = "<flask_sqlalchemy db.Model>"

# Positional arguments of Column/mapped_column that are not the column's type.
SCHEMA_ITEMS = frozenset(
    {
        "ForeignKey",
        "Sequence",
        "Identity",
        "Computed",
        "CheckConstraint",
        "FetchedValue",
        "DefaultClause",
        "UniqueConstraint",
        "ForeignKeyConstraint",
    }
)
# Types whose first positional argument is a length.
LENGTH_TYPES = frozenset(
    {
        "String",
        "Unicode",
        "Text",
        "UnicodeText",
        "LargeBinary",
        "VARCHAR",
        "NVARCHAR",
        "CHAR",
        "NCHAR",
        "TEXT",
        "CLOB",
        "BLOB",
        "BINARY",
        "VARBINARY",
        "AutoString",
    }
)
# SQLAlchemy's default type for a Python type in ``Mapped[...]`` (sqltypes._type_map).
SA_PYTHON_TYPES = {
    "int": "Integer",
    "str": "String",
    "float": "Double",
    "bool": "Boolean",
    "bytes": "LargeBinary",
    "datetime.datetime": "DateTime",
    "datetime.date": "Date",
    "datetime.time": "Time",
    "datetime.timedelta": "Interval",
    "decimal.Decimal": "Numeric",
    "uuid.UUID": "Uuid",
}
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
MAPPED_WRAPPERS = frozenset({"Mapped", "WriteOnlyMapped", "DynamicMapped"})
COLLECTION_WRAPPERS = frozenset(
    {"list", "List", "set", "Set", "frozenset", "FrozenSet", "Sequence", "Collection", "dict"}
)
# Django fields that are relations (their ``to`` is the first argument).
DJANGO_FK = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})
DJANGO_M2M = frozenset({"ManyToManyField", "ParentalManyToManyField"})
DJANGO_NOT_COLUMNS = frozenset({"GenericForeignKey", "GenericRelation"})
# max_length of Django fields that have one without being told
DJANGO_LENGTHS = {
    "SlugField": 50,
    "EmailField": 254,
    "URLField": 200,
    "FileField": 100,
    "ImageField": 100,
    "FilePathField": 100,
    "GenericIPAddressField": 39,
    "UUIDField": 32,
}
# Tables of models Django itself ships, for foreign keys to them.
DJANGO_CONTRIB_TABLES = {
    "auth.User": "auth_user",
    "auth.Group": "auth_group",
    "auth.Permission": "auth_permission",
    "contenttypes.ContentType": "django_content_type",
    "sites.Site": "django_site",
}
DJANGO_CONTRIB_CLASSES = {
    "django.contrib.auth.models.User": "auth.User",
    "django.contrib.auth.models.Group": "auth.Group",
    "django.contrib.auth.models.Permission": "auth.Permission",
    "django.contrib.contenttypes.models.ContentType": "contenttypes.ContentType",
    "django.contrib.sites.models.Site": "sites.Site",
}


def extract_models(ctx: LinkContext) -> list[OrmModel]:
    return _result(ctx).models


def extract_schemas(ctx: LinkContext) -> list[SchemaModel]:
    return _result(ctx).schemas


# ProjectIndex.relink calls both functions with one context; extract once for both.
_last: list[tuple[LinkContext, _Result]] = []


def _result(ctx: LinkContext) -> _Result:
    """Models and schemas, memoised (:meth:`Symbols.memo`) under the list of candidate
    classes and with what the extraction read (each candidate's definition, its ancestors,
    the modules names resolve through): an edit that leaves the candidates and everything
    they read alone, such as one inside a route handler, costs the candidate list only. The
    previous key is forgotten when the candidates change, so old results do not pile up."""
    if _last and _last[0][0] is ctx:
        return _last[0][1]
    candidates, signature = _candidates(ctx)
    key = HashedKey(
        (
            "models",
            tuple((sym.facts.path, sym.qualname) for sym in candidates),
            frozenset(signature),
        )
    )
    previous = ctx.persistent.get("models.key")
    if previous is not None and previous != key:
        ctx.symbols.forget(previous)
    ctx.persistent["models.key"] = key
    kept = ctx.symbols.memo(key, lambda: _Extractor(ctx, signature).run(candidates))
    result = _Result(list(kept.models), list(kept.schemas))  # lists of its own per relink
    _last[:] = [(ctx, result)]
    return result


def _candidates(ctx: LinkContext) -> tuple[list[ClassSym], set[tuple[str, str]]]:
    """Every class of the candidate modules, then the classes named in handler signatures
    (they may live in files with no model text: a dataclass body)."""
    out = [ClassSym(facts, qual) for facts in ctx.modules for qual in facts.classes]
    signature: set[tuple[str, str]] = set()
    for facts in ctx.modules:
        for key in _signature_classes(ctx, facts):
            target = ctx.symbols.by_path.get(key[0])
            if target is not None and key[1] in target.classes:
                signature.add(key)
                out.append(ClassSym(target, key[1]))
    return out, signature


def _signature_classes(ctx: LinkContext, facts: ModuleFacts) -> tuple[tuple[str, str], ...]:
    """The project classes a module's handler signatures name, per module, memoised."""

    def compute() -> tuple[tuple[str, str], ...]:
        out = []
        for scope, name in _signature_names(facts):
            sym = ctx.symbols.follow(ctx.symbols.resolve_name(facts, scope, name))
            if isinstance(sym, ClassSym):
                out.append((sym.facts.path, sym.qualname))
        return tuple(out)

    return ctx.per_module("models.signature", facts, compute)


@dataclass
class _Result:
    models: list[OrmModel]
    schemas: list[SchemaModel]


@dataclass
class _DjangoField:
    """What a DRF ModelSerializer needs to know about a Django model field."""

    name: str
    kind: str  # the field class name
    optional: bool  # has a default, null or blank
    read_only: bool  # auto-created primary key or editable=False
    primary_key: bool = False
    relation: bool = False


@dataclass
class _Pending:
    """A Django relation whose target table is known only once every model is read."""

    model: OrmModel
    column: int  # index into model.columns of the relation's column
    facts: ModuleFacts
    scope: Scope
    target: ast.expr
    to_field: str | None


@dataclass
class _DjangoInfo:
    model: OrmModel
    app_label: str
    fields: list[_DjangoField] = field(default_factory=list)
    columns: dict[str, Column] = field(default_factory=dict)  # field name -> its column


def _unstring(expr: ast.expr | None) -> ast.expr | None:
    """``"Optional[Address]"`` (a forward reference) as the expression it spells."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        try:
            return ast.parse(expr.value, mode="eval").body
        except SyntaxError:
            return None
    return expr


def _orm_model(
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


def _last_name(expr: ast.expr) -> str:
    name = dotted_name(expr)
    return name.rsplit(".", 1)[-1] if name else ""


def _subscript_args(expr: ast.Subscript) -> list[ast.expr]:
    inner = expr.slice
    return list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]


def _strip_optional(expr: ast.expr | None) -> tuple[ast.expr | None, bool]:
    """(the type inside Optional/Union with None/``| None``/Annotated, whether None is allowed)."""
    expr = _unstring(expr)
    optional = False
    for _ in range(8):
        if expr is None:
            break
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            parts = _union_parts(expr)
            rest = [p for p in parts if not is_none(p)]
            optional = optional or len(rest) < len(parts)
            expr = rest[0] if len(rest) == 1 else expr
            if len(rest) != 1:
                break
            continue
        if isinstance(expr, ast.Subscript):
            wrapper = _last_name(expr.value)
            args = _subscript_args(expr)
            if wrapper == "Optional" and args:
                optional, expr = True, _unstring(args[0])
                continue
            if wrapper == "Union":
                rest = [a for a in args if not is_none(a)]
                optional = optional or len(rest) < len(args)
                if len(rest) == 1:
                    expr = _unstring(rest[0])
                    continue
            if wrapper == "Annotated" and args:
                expr = _unstring(args[0])
                continue
        break
    return expr, optional


def _union_parts(expr: ast.expr) -> list[ast.expr]:
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _union_parts(expr.left) + _union_parts(expr.right)
    return [expr]


def _mapped_inner(annotation: ast.expr | None) -> ast.expr | None:
    """``int`` for ``Mapped[int]`` (forward references unquoted); None if not ``Mapped``."""
    annotation = _unstring(annotation)
    if isinstance(annotation, ast.Subscript) and _last_name(annotation.value) in MAPPED_WRAPPERS:
        return _unstring(annotation.slice)
    return None


def _related_class(expr: ast.expr | None) -> str | None:
    """The class a relationship annotation names: ``list["Address"]`` -> ``Address``."""
    expr, _ = _strip_optional(expr)
    for _ in range(4):
        if isinstance(expr, ast.Subscript) and _last_name(expr.value) in COLLECTION_WRAPPERS:
            expr, _ = _strip_optional(_subscript_args(expr)[-1])
        else:
            break
    if expr is None:
        return None
    name = dotted_name(expr)
    return name.rsplit(".", 1)[-1] if name else None


def _source(expr: ast.expr | None) -> str | None:
    return None if expr is None else ast.unparse(expr)


def _snake(name: str) -> str:
    """Flask-SQLAlchemy's default table name (``camel_to_snake_case``)."""
    name = re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name)
    return name.lower().lstrip("_")


def _class_body(
    info: ClassFacts,
) -> Iterator[tuple[str, ast.expr, ast.expr | None, ast.expr | None]]:
    """(name, target node, annotation, value) of each class-level attribute, in order."""
    for stmt in info.node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            yield stmt.target.id, stmt.target, stmt.annotation, stmt.value
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                yield target.id, target, None, stmt.value


def _is_classvar(annotation: ast.expr | None) -> bool:
    annotation = _unstring(annotation)
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    return annotation is not None and _last_name(annotation) in {"ClassVar", "InitVar"}


class _Extractor:
    def __init__(self, ctx: LinkContext, signature_classes: set[tuple[str, str]]) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self._ancestry: dict[tuple[str, str], list[ClassSym | str]] = {}
        self.sa_models: dict[str, OrmModel] = {}  # dotted class name -> model
        self.django: dict[str, _DjangoInfo] = {}  # dotted class name -> model
        self.pending: list[_Pending] = []
        self.signature_classes = signature_classes
        self.serializers: dict[int, tuple[ClassSym, list[ClassSym | str]]] = {}

    # --- driver -------------------------------------------------------------------------

    def run(self, candidates: list[ClassSym]) -> _Result:
        models: list[OrmModel] = []
        schemas: list[SchemaModel] = []
        seen: set[tuple[str, str]] = set()
        for sym in candidates:
            key = (sym.facts.path, sym.qualname)
            if key in seen:
                continue
            seen.add(key)
            self.symbols.reads(sym.facts, sym.qualname)  # its class body is read directly
            anc = self.ancestry(sym)
            names = _names(anc)
            if names & SQLMODEL_CLASSES:
                if self._keyword_true(sym, "table"):
                    models.append(self.sqlmodel_model(sym, anc))
                schemas.append(self.pydantic_schema(sym, anc))
            elif names & (DECLARATIVE_CLASSES | {DECLARATIVE_MARK, FLASK_MODEL_MARK}):
                if not self._is_declarative_root(sym):
                    models.append(self.sqlalchemy_model(sym, anc))
            elif names & DJANGO_MODEL:
                models.append(self.django_model(sym, anc))
            elif names & SETTINGS_CLASSES:
                continue
            elif names & PYDANTIC_MODEL:
                schemas.append(self.pydantic_schema(sym, anc))
            elif names & DRF_SERIALIZERS:
                schemas.append(self.serializer_schema(sym, anc))
            elif (kind := self._dataclass_kind(sym)) is not None and (
                kind == "pydantic" or key in self.signature_classes
            ):
                schemas.append(self.dataclass_schema(sym, anc))
        self._resolve_django_relations()
        models = [self._type_from_foreign_key(m, models) for m in models]
        self._django_serializer_fields(schemas)
        return _Result(models, schemas)

    # --- ancestry -----------------------------------------------------------------------

    def ancestry(self, sym: ClassSym, depth: int = 0) -> list[ClassSym | str]:
        """The class's ancestors, nearest first, roughly in method resolution order: project
        classes as symbols, outside classes (and base objects) as dotted names."""
        key = (sym.facts.path, sym.qualname)
        cached = self._ancestry.get(key)
        if cached is not None:
            return cached
        self._ancestry[key] = []  # a cycle stops here
        out: list[ClassSym | str] = []
        if depth < 24:
            info = sym.facts.classes[sym.qualname]
            if self._decorated_with(sym.facts, info, AS_DECLARATIVE):
                out.append(DECLARATIVE_MARK)
            for base in info.bases:
                for item in self._base(sym.facts, info.scope, base):
                    out.append(item)
                    if isinstance(item, ClassSym):
                        out.extend(self.ancestry(item, depth + 1))
        # Keep the last occurrence of a repeated ancestor: a shared base comes after the
        # classes that derive from it, as in the method resolution order.
        seen: set[Any] = set()
        linear: list[ClassSym | str] = []
        for item in reversed(out):
            ident = (item.facts.path, item.qualname) if isinstance(item, ClassSym) else item
            if ident not in seen:
                seen.add(ident)
                linear.append(item)
        linear.reverse()
        self._ancestry[key] = linear
        return linear

    def _base(self, facts: ModuleFacts, scope: Scope, base: ast.expr) -> list[ClassSym | str]:
        if isinstance(base, ast.Subscript):  # Generic[T]
            base = base.value
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, base))
        if isinstance(sym, ClassSym):
            return [sym]
        if (
            isinstance(sym, Assigned)
            and isinstance(sym.value, ast.Call)
            and self._makes_declarative_base(sym.facts, sym.scope, sym.value)
        ):
            return [DECLARATIVE_MARK]
        if isinstance(base, ast.Attribute) and base.attr == "Model":
            owner = self.symbols.follow(self.symbols.resolve_expr(facts, scope, base.value))
            if self._is_flask_db(owner):
                return [FLASK_MODEL_MARK]
        if isinstance(sym, External):
            return [sym.dotted]
        return []

    def _makes_declarative_base(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> bool:
        callee = self.symbols.qualified(facts, scope, call.func)
        if callee in DECLARATIVE_FUNCS:
            return True
        # registry().generate_base() / mapper_registry.generate_base()
        if isinstance(call.func, ast.Attribute) and call.func.attr == "generate_base":
            owner = call.func.value
            if isinstance(owner, ast.Call):
                return self.symbols.qualified(facts, scope, owner.func) in REGISTRY_CLASSES
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, owner))
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
                q = self.symbols.qualified(sym.facts, sym.scope, sym.value.func)
                return q in REGISTRY_CLASSES
        return False

    def _is_flask_db(self, sym: object) -> bool:
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            return self.symbols.qualified(sym.facts, sym.scope, sym.value.func) in FLASK_SQLALCHEMY
        return False

    def _decorated_with(self, facts: ModuleFacts, info: ClassFacts, names: frozenset[str]) -> bool:
        for dec in info.node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            if self.symbols.qualified(facts, info.scope, target) in names:
                return True
        return False

    def _is_declarative_root(self, sym: ClassSym) -> bool:
        """``class Base(DeclarativeBase)`` or ``@as_declarative() class Base``: the base itself."""
        info = sym.facts.classes[sym.qualname]
        if self._decorated_with(sym.facts, info, AS_DECLARATIVE):
            return True
        return any(
            item in DECLARATIVE_CLASSES
            for base in info.bases
            for item in self._base(sym.facts, info.scope, base)
        )

    def _keyword_true(self, sym: ClassSym, name: str) -> bool:
        info = sym.facts.classes[sym.qualname]
        for kw in info.node.keywords:
            if kw.arg == name:
                return self._bool(sym.facts, info.scope, kw.value) is True
        return False

    def _dataclass_kind(self, sym: ClassSym) -> str | None:
        info = sym.facts.classes[sym.qualname]
        for dec in info.node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            q = self.symbols.qualified(sym.facts, info.scope, target)
            if q in DATACLASS_DECORATORS:
                return "pydantic" if q.startswith("pydantic") else "dataclass"
        return None

    # --- small evaluations --------------------------------------------------------------

    def _bool(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> bool | None:
        if expr is None:
            return None
        value = self.symbols.evaluate(facts, scope, expr)
        return value if isinstance(value, bool) else None

    def _int(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> int | None:
        if expr is None:
            return None
        value = self.symbols.evaluate(facts, scope, expr)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _str(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> str | None:
        return self.symbols.evaluate_str(facts, scope, expr)

    def _callee(self, facts: ModuleFacts, scope: Scope, func: ast.expr) -> str:
        """The dotted name a call's function denotes; ``db.Column`` on a Flask-SQLAlchemy
        ``db`` object reads as ``sqlalchemy.Column``."""
        if isinstance(func, ast.Attribute):
            owner = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func.value))
            if self._is_flask_db(owner):
                return f"sqlalchemy.{func.attr}"
        return self.symbols.qualified(facts, scope, func) or (dotted_name(func) or "")

    def _is_sa(self, callee: str, *names: str) -> bool:
        head, _, last = callee.rpartition(".")
        return last in names and (not head or head.split(".")[0] in {"sqlalchemy", "sqlmodel"})

    def _python_type(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> str | None:
        """The dotted name of a Python type annotation (``datetime.datetime``), or "Enum" for
        an enum class."""
        if expr is None:
            return None
        if isinstance(expr, ast.Subscript) and _last_name(expr.value) == "Literal":
            return "Enum"
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        if isinstance(sym, ClassSym):
            if _names(self.ancestry(sym)) & ENUM_CLASSES:
                return "Enum"
            return sym.qualname
        if isinstance(sym, External):
            return sym.dotted
        return dotted_name(expr)

    # --- SQLAlchemy ---------------------------------------------------------------------

    def _mapped(self, sym: ClassSym) -> bool:
        """A mapped SQLAlchemy class with a table (not a mixin, an abstract class or a base)."""
        anc = self.ancestry(sym)
        names = _names(anc)
        if not names & (DECLARATIVE_CLASSES | {DECLARATIVE_MARK, FLASK_MODEL_MARK}):
            return False
        info = sym.facts.classes[sym.qualname]
        return not self._is_declarative_root(sym) and not self._abstract_sa(info, sym.facts)

    def _abstract_sa(self, info: ClassFacts, facts: ModuleFacts) -> bool:
        _, value = info.fields.get("__abstract__", (None, None))
        return self._bool(facts, info.scope, value) is True

    def _tablename(self, sym: ClassSym, anc: list[ClassSym | str], flask: bool) -> str | None:
        for owner in [sym, *[a for a in anc if isinstance(a, ClassSym)]]:
            info = owner.facts.classes[owner.qualname]
            cascading = owner is sym or not self._mapped(owner)
            if "__tablename__" in info.fields and cascading:
                _, value = info.fields["__tablename__"]
                return self._str(owner.facts, owner.qualname, value)
            method = info.methods.get("__tablename__")
            if method is not None:
                return self._declared_tablename(method.node, sym.facts.classes[sym.qualname].name)
        if flask and not self._mapped_parent(anc):
            return _snake(sym.facts.classes[sym.qualname].name)
        return None

    def _declared_tablename(
        self, fn: ast.FunctionDef | ast.AsyncFunctionDef, cls_name: str
    ) -> str | None:
        """Evaluate a ``@declared_attr def __tablename__(cls)`` returning an expression of
        ``cls.__name__``: ``.lower()``, ``+``, f-strings."""
        ret = next((s.value for s in ast.walk(fn) if isinstance(s, ast.Return) and s.value), None)

        def ev(expr: ast.expr) -> str | None:
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                return expr.value
            if isinstance(expr, ast.Attribute) and expr.attr == "__name__":
                return cls_name
            if (
                isinstance(expr, ast.Call)
                and isinstance(expr.func, ast.Attribute)
                and not expr.args
            ):
                inner = ev(expr.func.value)
                if inner is not None and expr.func.attr in {"lower", "upper", "strip"}:
                    result: str = getattr(inner, expr.func.attr)()
                    return result
                return None
            if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
                left, right = ev(expr.left), ev(expr.right)
                return left + right if left is not None and right is not None else None
            if isinstance(expr, ast.JoinedStr):
                parts = []
                for part in expr.values:
                    value = ev(part.value) if isinstance(part, ast.FormattedValue) else ev(part)
                    if value is None:
                        return None
                    parts.append(value)
                return "".join(parts)
            return None

        return ev(ret) if ret is not None else None

    def _mapped_parent(self, anc: list[ClassSym | str]) -> ClassSym | None:
        return next((a for a in anc if isinstance(a, ClassSym) and self._mapped(a)), None)

    def _type_map(self, anc: list[ClassSym | str]) -> dict[str, tuple[str, int | None]]:
        """A declarative base's ``type_annotation_map``: python type -> (type, length)."""
        out: dict[str, tuple[str, int | None]] = {}
        for owner in anc:
            if not isinstance(owner, ClassSym):
                continue
            info = owner.facts.classes[owner.qualname]
            _, value = info.fields.get("type_annotation_map", (None, None))
            if isinstance(value, ast.Dict):
                for k, v in zip(value.keys, value.values, strict=False):
                    if k is None:
                        continue
                    py = self._python_type(owner.facts, info.scope, k)
                    if py is not None and py not in out:
                        out[py] = self._sa_type(owner.facts, info.scope, v)
        return out

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
        for owner in [sym, *[a for a in anc if isinstance(a, ClassSym) and not self._mapped(a)]]:
            owner_info = owner.facts.classes[owner.qualname]
            if "__table_args__" in owner_info.fields:
                _, value = owner_info.fields["__table_args__"]
                indexes, uniques = self._table_args(value, keys)
                break
        model = _orm_model(
            sym,
            "sqlalchemy",
            table,
            columns=column_list,
            relationships=list(relationships.values()),
            indexes=indexes,
            abstract=abstract,
            unique_constraints=uniques,
        )
        self.sa_models[sym.dotted] = model
        return model

    def _sa_attributes(
        self, owner: ClassSym, type_map: dict[str, tuple[str, int | None]]
    ) -> tuple[list[tuple[str, Column]], list[Relationship]]:
        facts = owner.facts
        info = facts.classes[owner.qualname]
        cols: list[tuple[str, Column]] = []
        rels: list[Relationship] = []
        for name, target, annotation, value in _class_body(info):
            if name.startswith("__") or _is_classvar(annotation):
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
            elif value is None and (mapped_type := _mapped_inner(annotation)) is not None:
                if _related_class(mapped_type) is not None and self._is_relationship_type(
                    facts, info.scope, mapped_type
                ):
                    continue  # Mapped["Address"] without relationship() is not a column
                col = self._sa_column(facts, info.scope, name, None, annotation, type_map, span)
                cols.append((name, col))
        return cols, rels

    def _is_relationship_type(
        self, facts: ModuleFacts, scope: Scope, inner: ast.expr | None
    ) -> bool:
        stripped, _ = _strip_optional(inner)
        if (
            isinstance(stripped, ast.Subscript)
            and _last_name(stripped.value) in COLLECTION_WRAPPERS
        ):
            return True
        if stripped is None:
            return False
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, stripped))
        return isinstance(sym, ClassSym) and self._mapped(sym)

    def _sa_type(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> tuple[str, int | None]:
        """(type name as written, length) of ``String(50)``, ``sa.Integer``, ``Enum(Kind)``."""
        func = expr.func if isinstance(expr, ast.Call) else expr
        name = _last_name(func) or ast.unparse(func)
        length = None
        if isinstance(expr, ast.Call):
            length = self._int(facts, scope, kwarg(expr, "length"))
            if length is None and name in LENGTH_TYPES and expr.args:
                length = self._int(facts, scope, expr.args[0])
            if name == "Enum" and length is None:
                length = self._enum_length(facts, scope, expr.args)
        return name, length

    def _enum_length(self, facts: ModuleFacts, scope: Scope, args: list[ast.expr]) -> int | None:
        """SQLAlchemy's ``Enum`` length: the longest value (``Enum("a", "bb")``) or member name
        of a Python enum class."""
        if args and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            return max(len(str(a.value)) for a in args)  # type: ignore[attr-defined]
        if len(args) != 1:
            return None
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, args[0]))
        if not isinstance(sym, ClassSym):
            return None
        info = sym.facts.classes[sym.qualname]
        members = [n for n, _, _, v in _class_body(info) if v is not None and not n.startswith("_")]
        return max(map(len, members)) if members else None

    def _python_sa_type(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, table: dict[str, str]
    ) -> tuple[str, int | None] | None:
        """(type, length) the framework picks for a Python type annotation, from ``table``."""
        py = self._python_type(facts, scope, expr)
        if py is None:
            return None
        name = table.get(py, py.rsplit(".", 1)[-1])
        length = self._enum_length(facts, scope, [expr]) if name == "Enum" else None
        return name, length

    def _sa_column(
        self,
        facts: ModuleFacts,
        scope: Scope,
        attr: str,
        call: ast.Call | None,
        annotation: ast.expr | None,
        type_map: dict[str, tuple[str, int | None]],
        span: Span,
    ) -> Column:
        name = attr
        type_name: str | None = None
        length: int | None = None
        foreign_key: str | None = None
        args = list(call.args) if call else []
        if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            name = args[0].value
            args = args[1:]
        for item in args:
            func = item.func if isinstance(item, ast.Call) else item
            kind = _last_name(func)
            if kind == "ForeignKey" and isinstance(item, ast.Call) and item.args:
                foreign_key = self._sa_fk_target(facts, scope, item.args[0])
            elif kind in SCHEMA_ITEMS:
                continue
            elif type_name is None:
                type_name, length = self._sa_type(facts, scope, item)

        def kw(key: str) -> ast.expr | None:
            return kwarg(call, key) if call is not None else None

        name = self._str(facts, scope, kw("name")) or name
        type_arg = kw("type_")
        if type_arg is not None:
            type_name, length = self._sa_type(facts, scope, type_arg)
        inner, optional = _strip_optional(_mapped_inner(annotation))
        if type_name is None and inner is not None:
            py = self._python_type(facts, scope, inner)
            mapped = type_map.get(py) if py is not None else None
            picked = mapped or self._python_sa_type(facts, scope, inner, SA_PYTHON_TYPES)
            if picked is not None:
                type_name, length = picked
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
            default=_source(default),
            line=span.start.line,
            length=length,
            span=span,
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
        return _source(expr)

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
        first = call.args[0] if call.args else kwarg(call, "argument")
        if isinstance(first, ast.Lambda):
            first = first.body
        if first is not None:
            text = self._str(facts, scope, first)
            target = text.rsplit(".", 1)[-1] if text is not None else _last_name(first) or None
        if target is None:
            target = _related_class(_mapped_inner(annotation))
        back = self._str(facts, scope, kwarg(call, "back_populates"))
        backref = kwarg(call, "backref")
        if back is None and backref is not None:
            if isinstance(backref, ast.Call) and backref.args:
                backref = backref.args[0]
            back = self._str(facts, scope, backref)
        secondary = kwarg(call, "secondary")
        return Relationship(
            name=name,
            target=target or "?",
            back_populates=back,
            lazy=self._str(facts, scope, kwarg(call, "lazy")),
            line=span.start.line,
            secondary=(self._str(facts, scope, secondary) or _last_name(secondary) or None)
            if secondary is not None
            else None,
        )

    def _table_args(
        self, value: ast.expr | None, keys: dict[str, str]
    ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        """Indexes and unique constraints from ``__table_args__`` (a tuple, maybe ending in a
        dict of options)."""
        indexes: list[tuple[str, ...]] = []
        uniques: list[tuple[str, ...]] = []
        items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else []
        for item in items:
            if not isinstance(item, ast.Call):
                continue
            kind = _last_name(item.func)
            args = item.args
            if kind == "Index":
                cols = tuple(c for a in args[1:] if (c := self._column_ref(a, keys)))
                if cols:
                    indexes.append(cols)
            elif kind == "UniqueConstraint":
                cols = tuple(c for a in args if (c := self._column_ref(a, keys)))
                if cols:
                    uniques.append(cols)
        return indexes, uniques

    @staticmethod
    def _column_ref(expr: ast.expr, keys: dict[str, str]) -> str | None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return expr.value
        if isinstance(expr, (ast.Name, ast.Attribute)):
            attr = expr.id if isinstance(expr, ast.Name) else expr.attr
            return keys.get(attr, attr)
        return None

    def _type_from_foreign_key(self, model: OrmModel, models: list[OrmModel]) -> OrmModel:
        """A column declared with only a ForeignKey has the referenced column's type."""
        if not any(c.type is None and c.foreign_key for c in model.columns):
            return model
        tables = {m.table: m for m in models if m.table and m.framework != "django"}
        columns = []
        for col in model.columns:
            if col.type is None and col.foreign_key and "." in col.foreign_key:
                table, _, target = col.foreign_key.rpartition(".")
                ref = tables.get(table)
                ref_col = ref.column(target) if ref is not None else None
                if ref_col is not None and ref_col.type is not None:
                    col = replace(col, type=ref_col.type, length=ref_col.length)
            columns.append(col)
        model.columns = columns
        return model

    # --- SQLModel -----------------------------------------------------------------------

    def _owners(
        self, sym: ClassSym, anc: list[ClassSym | str], family: frozenset[str]
    ) -> list[ClassSym]:
        """The class and its project ancestors of the same family (pydantic models, DRF
        serializers), base-most first: pydantic's and DRF's field order."""
        related = [
            a
            for a in reversed(anc)
            if isinstance(a, ClassSym) and _names(self.ancestry(a)) & family
        ]
        return [*related, sym]

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
            for name, target, annotation, value in _class_body(o_info):
                if name.startswith("_") or annotation is None or _is_classvar(annotation):
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
                        target=_related_class(annotation) or "?",
                        back_populates=self._str(
                            owner.facts, scope, kwarg(value, "back_populates")
                        ),
                        lazy=None,
                        line=span.start.line,
                    )
                    continue
                columns.pop(name, None)
                columns[name] = self._sqlmodel_column(
                    owner.facts, scope, name, annotation, value, span
                )
        return _orm_model(
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
        inner, optional = _strip_optional(annotation)
        field_call = (
            value
            if isinstance(value, ast.Call)
            and self._callee(facts, scope, value.func).rpartition(".")[2] == "Field"
            else None
        )
        if field_call is not None:
            sa_column = kwarg(field_call, "sa_column")
            if isinstance(sa_column, ast.Call):
                return self._sa_column(facts, scope, name, sa_column, None, {}, span)

        def kw(key: str) -> ast.expr | None:
            return kwarg(field_call, key) if field_call is not None else None

        picked = self._python_sa_type(facts, scope, inner, SQLMODEL_PYTHON_TYPES) if inner else None
        type_name, length = picked if picked is not None else (None, None)
        if type_name == "AutoString":
            length = self._int(facts, scope, kw("max_length"))
        sa_type = kw("sa_type")
        if sa_type is not None:
            type_name, length = self._sa_type(facts, scope, sa_type)
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
            default=_source(default),
            line=span.start.line,
            length=length,
            span=span,
        )

    # --- Django -------------------------------------------------------------------------

    def _meta(self, sym: ClassSym) -> dict[str, ast.expr]:
        """The options of the class's own ``Meta``, those of the classes it derives from
        (``class Meta(Base.Meta)``) under its own."""
        meta = sym.facts.classes.get(f"{sym.qualname}.Meta")
        if meta is None:
            return {}
        out: dict[str, ast.expr] = {}
        for item in reversed(self.ancestry(ClassSym(sym.facts, meta.qualname))):
            if isinstance(item, ClassSym):
                base = item.facts.classes[item.qualname]
                out.update({k: v for k, (_, v) in base.fields.items() if v is not None})
        out.pop("abstract", None)  # Django resets it on the Meta of an abstract model's child
        out.update({k: v for k, (_, v) in meta.fields.items() if v is not None})
        return out

    def _django_meta(
        self, sym: ClassSym, anc: list[ClassSym | str]
    ) -> tuple[dict[str, ast.expr], ModuleFacts, Scope]:
        """A model's ``Meta`` options and where to evaluate them: a model without a ``Meta``
        of its own inherits its abstract parent's (``abstract`` excepted)."""
        if f"{sym.qualname}.Meta" in sym.facts.classes:
            return self._meta(sym), sym.facts, sym.qualname
        for a in anc:
            if isinstance(a, ClassSym) and self._is_django(a) and self._abstract_django(a):
                meta = self._meta(a)
                meta.pop("abstract", None)
                return meta, a.facts, a.qualname
        return {}, sym.facts, sym.qualname

    def _abstract_django(self, sym: ClassSym) -> bool:
        meta = sym.facts.classes.get(f"{sym.qualname}.Meta")
        if meta is None or "abstract" not in meta.fields:
            return False
        return self._bool(sym.facts, meta.qualname, meta.fields["abstract"][1]) is True

    def _app_label(self, sym: ClassSym) -> str:
        meta, facts, scope = self._django_meta(sym, self.ancestry(sym))
        label = self._str(facts, scope, meta.get("app_label"))
        if label:
            return label
        parts = sym.facts.module.split(".")
        if "models" in parts:
            i = len(parts) - 1 - parts[::-1].index("models")
            if i > 0:
                return parts[i - 1]
        return parts[-2] if len(parts) > 1 else parts[0]

    def _django_auto_field(self, sym: ClassSym) -> str:
        """The implicit primary key's class: the app config's ``default_auto_field``, else
        Django's default ``AutoField``."""
        parts = sym.facts.module.split(".")
        app_module = (
            ".".join(parts[: parts.index("models")]) if "models" in parts else ".".join(parts[:-1])
        )
        apps = self.symbols.module(f"{app_module}.apps" if app_module else "apps", sym.facts.path)
        if apps is not None:
            self.symbols.depend(apps.path + ALL)  # its classes' bodies are read directly
            for cls in apps.classes.values():
                _, value = cls.fields.get("default_auto_field", (None, None))
                text = self._str(apps, cls.qualname, value)
                if text:
                    return text.rsplit(".", 1)[-1]
        return "AutoField"

    def _django_parent(self, anc: list[ClassSym | str]) -> ClassSym | None:
        """The nearest concrete (not abstract) Django model among the ancestors."""
        for a in anc:
            if isinstance(a, ClassSym) and self._is_django(a) and not self._abstract_django(a):
                return a
        return None

    def _is_django(self, sym: ClassSym) -> bool:
        return bool(_names(self.ancestry(sym)) & DJANGO_MODEL)

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
        model = _orm_model(sym, "django", None, abstract=abstract)
        dj = _DjangoInfo(model, app_label)
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
            for name, target, _annotation, value in _class_body(o_info):
                if (
                    isinstance(value, ast.Call)
                    and self._django_field_class(owner, value) is not None
                ):
                    fields_by_name.pop(name, None)
                    fields_by_name[name] = (owner, name, target, value)
                elif name in fields_by_name and value is not None and is_none(value):
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
            dj.fields.append(_DjangoField(link, "OneToOneField", False, True, True, True))
        elif not any(
            self._bool(o.facts, o.facts.classes[o.qualname].scope, kwarg(call, "primary_key"))
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
            dj.fields.append(_DjangoField("id", auto, False, True, True))
        for owner, name, target, call in fields_by_name.values():
            self._django_field(dj, owner, name, target, call)
        self._django_meta_indexes(meta, meta_facts, meta_scope, model, dj.columns)
        return model

    def _django_info(self, sym: ClassSym) -> _DjangoInfo:
        self.django_model(sym, self.ancestry(sym))
        return self.django[sym.dotted]

    def _django_field_class(self, owner: ClassSym, call: ast.Call) -> str | None:
        """The field class a class attribute's value constructs, if it is a model field."""
        info = owner.facts.classes[owner.qualname]
        sym = self.symbols.follow(self.symbols.resolve_expr(owner.facts, info.scope, call.func))
        if isinstance(sym, ClassSym):
            # A project field class: named by itself, behaving as its nearest Django ancestor.
            for a in {sym.dotted} | _names(self.ancestry(sym)):
                if a.endswith("Field") or a.rsplit(".", 1)[-1] in DJANGO_FK:
                    return sym.qualname.rsplit(".", 1)[-1]
            return None
        name = _last_name(call.func)
        if name in DJANGO_NOT_COLUMNS:
            return None
        if name.endswith("Field") or name in DJANGO_FK:
            return name
        return None

    def _django_relation_kind(self, owner: ClassSym, call: ast.Call) -> str | None:
        name = _last_name(call.func)
        sym = self.symbols.follow(
            self.symbols.resolve_expr(
                owner.facts, owner.facts.classes[owner.qualname].scope, call.func
            )
        )
        names = [name]
        if isinstance(sym, ClassSym):
            names += [a.rsplit(".", 1)[-1] for a in _names(self.ancestry(sym))]
        for n in names:
            if n in DJANGO_FK:
                return "one_to_one" if n == "OneToOneField" else "foreign_key"
            if n in DJANGO_M2M:
                return "many_to_many"
        return None

    def _django_field(
        self, dj: _DjangoInfo, owner: ClassSym, name: str, target: ast.expr, call: ast.Call
    ) -> None:
        facts = owner.facts
        scope = facts.classes[owner.qualname].scope
        model = dj.model
        kind = self._django_field_class(owner, call) or "Field"
        relation = self._django_relation_kind(owner, call)
        span = span_of(target, facts.wide_lines)

        def kw(key: str) -> ast.expr | None:
            return kwarg(call, key)

        def flag(key: str) -> bool | None:
            return self._bool(facts, scope, kw(key))

        null = flag("null") is True
        blank = flag("blank") is True
        has_default = kw("default") is not None
        editable = flag("editable") is not False
        primary_key = flag("primary_key") is True
        to = call.args[0] if call.args else kw("to")
        if relation is not None and to is not None:
            model.relationships.append(
                Relationship(
                    name=name,
                    target=self._django_target_name(facts, scope, to, model.name),
                    back_populates=self._str(facts, scope, kw("related_name")),
                    line=span.start.line,
                    kind=relation,
                    secondary=self._str(facts, scope, kw("db_table"))
                    if relation == "many_to_many"
                    else None,
                )
            )
        optional = has_default or null or blank
        if relation == "many_to_many":
            dj.fields.append(_DjangoField(name, kind, optional, False, relation=True))
            return
        auto = kind in {"AutoField", "BigAutoField", "SmallAutoField"}
        # auto_now fields are not editable (Django sets editable=False)
        if flag("auto_now") is True or flag("auto_now_add") is True:
            editable = False
        dj.fields.append(
            _DjangoField(
                name, kind, optional, auto or not editable, primary_key, relation is not None
            )
        )
        column_name = self._str(facts, scope, kw("db_column"))
        if relation is not None:
            column_name = column_name or f"{name}_id"
            index = flag("db_index") is not False
            unique = relation == "one_to_one" or flag("unique") is True or primary_key
            length = None
        else:
            column_name = column_name or name
            # SlugField is indexed unless told otherwise
            index = (
                flag("db_index") is not False if kind == "SlugField" else flag("db_index") is True
            )
            unique = flag("unique") is True or primary_key
            length = self._int(facts, scope, kw("max_length")) or DJANGO_LENGTHS.get(kind)
        column = Column(
            name=column_name,
            type=kind,
            nullable=null and not primary_key,
            primary_key=primary_key,
            foreign_key=None,
            index=index,
            unique=unique,
            default=_source(kw("default")),
            line=span.start.line,
            length=length,
            span=span,
        )
        model.columns.append(column)
        dj.columns[name] = column
        if relation is not None and to is not None:
            to_field = self._str(facts, scope, kw("to_field"))
            self.pending.append(_Pending(model, len(model.columns) - 1, facts, scope, to, to_field))

    def _django_target_name(self, facts: ModuleFacts, scope: Scope, to: ast.expr, own: str) -> str:
        text = self._str(facts, scope, to)
        if text is None and isinstance(to, ast.Attribute) and to.attr == "AUTH_USER_MODEL":
            text = "auth.User"
        if text is not None:
            return own if text == "self" else text.rsplit(".", 1)[-1]
        return _last_name(to) or "?"

    def _django_target(self, pending: _Pending) -> tuple[str, OrmModel | None]:
        """("app_label.Model" or a class's dotted name, the project model if it is one)."""
        facts, scope, to = pending.facts, pending.scope, pending.target
        text = self._str(facts, scope, to)
        if text is None and isinstance(to, ast.Attribute) and to.attr == "AUTH_USER_MODEL":
            text = "auth.User"
        if isinstance(to, ast.Call) and _last_name(to.func) == "get_user_model":
            text = "auth.User"
        own = next(d for d in self.django.values() if d.model is pending.model)
        if text is not None:
            if text == "self":
                return own.app_label + "." + own.model.name, own.model
            label, _, name = text.rpartition(".")
            label = label or own.app_label
            for d in self.django.values():
                if d.model.name == name and d.app_label == label:
                    return f"{label}.{name}", d.model
            return f"{label}.{name}", None
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, to))
        if isinstance(sym, ClassSym):
            found = self.django.get(sym.dotted)
            if found is not None:
                return f"{found.app_label}.{found.model.name}", found.model
        if isinstance(sym, External):
            return DJANGO_CONTRIB_CLASSES.get(sym.dotted, sym.dotted), None
        return "?", None

    def _resolve_django_relations(self) -> None:
        for pending in self.pending:
            ref, target = self._django_target(pending)
            if target is not None and target.table:
                col = next(
                    (c for c in target.columns if pending.to_field and c.name == pending.to_field),
                    None,
                ) or next((c for c in target.columns if c.primary_key), None)
                fk = f"{target.table}.{col.name if col else 'id'}"
            else:
                label, _, name = ref.rpartition(".")
                table = (
                    DJANGO_CONTRIB_TABLES.get(ref) or f"{label.rsplit('.', 1)[-1]}_{name.lower()}"
                )
                fk = f"{table}.{pending.to_field or 'id'}"
            col = pending.model.columns[pending.column]
            pending.model.columns[pending.column] = replace(col, foreign_key=fk)

    def _django_meta_indexes(
        self,
        meta: dict[str, ast.expr],
        facts: ModuleFacts,
        scope: Scope,
        model: OrmModel,
        columns_of: dict[str, Column],
    ) -> None:

        def names(expr: ast.expr | None) -> tuple[str, ...]:
            value = self.symbols.evaluate(facts, scope, expr) if expr is not None else None
            if not isinstance(value, list):
                return ()
            out = []
            for v in value:
                if not isinstance(v, str):
                    return ()
                v = v.lstrip("-")
                col = columns_of.get(v)
                out.append(col.name if col else v)
            return tuple(out)

        def groups(expr: ast.expr | None) -> list[tuple[str, ...]]:
            # unique_together = ("a", "b") or (("a", "b"), ("c", "d"))
            if not isinstance(expr, (ast.Tuple, ast.List)) or not expr.elts:
                return []
            if all(isinstance(e, (ast.Tuple, ast.List)) for e in expr.elts):
                return [g for e in expr.elts if (g := names(e))]
            return [g] if (g := names(expr)) else []

        for item in _elements(meta.get("indexes")):
            if isinstance(item, ast.Call) and _last_name(item.func) == "Index":
                cols = names(kwarg(item, "fields"))
                if cols:
                    model.indexes.append(cols)
        model.indexes.extend(groups(meta.get("index_together")))
        model.unique_constraints.extend(groups(meta.get("unique_together")))
        for item in _elements(meta.get("constraints")):
            if isinstance(item, ast.Call) and _last_name(item.func) == "UniqueConstraint":
                cols = names(kwarg(item, "fields"))
                if cols:
                    model.unique_constraints.append(cols)

    # --- schemas ------------------------------------------------------------------------

    def _schema(
        self, sym: ClassSym, anc: list[ClassSym | str], fields: list[SchemaField]
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
        )

    def pydantic_schema(self, sym: ClassSym, anc: list[ClassSym | str]) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        for owner in self._owners(sym, anc, PYDANTIC_MODEL | SQLMODEL_CLASSES):
            o_info = owner.facts.classes[owner.qualname]
            for name, _target, annotation, value in _class_body(o_info):
                if annotation is None or name.startswith("_") or _is_classvar(annotation):
                    continue
                if name == "model_config":
                    continue
                if isinstance(value, ast.Call) and _last_name(value.func) == "Relationship":
                    continue  # SQLModel relationships are not pydantic fields
                default, required = self._field_default(
                    owner.facts, o_info.scope, annotation, value, "Field"
                )
                # A redefined field keeps its place, as pydantic keeps it.
                fields[name] = SchemaField(name, ast.unparse(annotation), default, required)
        return self._schema(sym, anc, list(fields.values()))

    def dataclass_schema(self, sym: ClassSym, anc: list[ClassSym | str]) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        owners = [
            a for a in reversed(anc) if isinstance(a, ClassSym) and self._dataclass_kind(a)
        ] + [sym]
        for owner in owners:
            o_info = owner.facts.classes[owner.qualname]
            for name, _target, annotation, value in _class_body(o_info):
                if annotation is None or _is_classvar(annotation):
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
            if isinstance(value, ast.Call) and _last_name(value.func) in {factory, "Field"}
            else None
        )
        if value is not None and call is None:
            return _source(value), False
        if call is None:
            annotated = _unstring(annotation)
            if isinstance(annotated, ast.Subscript) and _last_name(annotated.value) == "Annotated":
                call = next(
                    (
                        a
                        for a in _subscript_args(annotated)[1:]
                        if isinstance(a, ast.Call) and _last_name(a.func) == "Field"
                    ),
                    None,
                )
            if call is None:
                return None, True
        default = kwarg(call, "default")
        if default is None and call.args:
            default = call.args[0]
        if default is not None and not (
            isinstance(default, ast.Constant) and default.value is Ellipsis
        ):
            return _source(default), False
        default_factory = kwarg(call, "default_factory")
        if default_factory is not None:
            return f"{ast.unparse(default_factory)}()", False
        return None, True

    def serializer_schema(self, sym: ClassSym, anc: list[ClassSym | str]) -> SchemaModel:
        fields: dict[str, SchemaField] = {}
        for owner in self._owners(sym, anc, DRF_SERIALIZERS):
            o_info = owner.facts.classes[owner.qualname]
            scope = o_info.scope
            for name, _target, _annotation, value in _class_body(o_info):
                if not isinstance(value, ast.Call):
                    continue
                kind = self._serializer_field_kind(owner.facts, scope, value)
                if kind is None:
                    continue
                read_only = self._bool(owner.facts, scope, kwarg(value, "read_only")) is True
                required_kw = self._bool(owner.facts, scope, kwarg(value, "required"))
                default = kwarg(value, "default")
                required = (
                    required_kw
                    if required_kw is not None
                    else not (read_only or default is not None)
                )
                if kind == "SerializerMethodField" or kind == "ReadOnlyField":
                    required = False
                if self._bool(owner.facts, scope, kwarg(value, "many")) is True:
                    kind = f"list[{kind}]"
                fields.pop(name, None)
                fields[name] = SchemaField(name, kind, _source(default), required)
        schema = self._schema(sym, anc, list(fields.values()))
        self.serializers[id(schema)] = (sym, anc)
        return schema

    def _serializer_field_kind(
        self, facts: ModuleFacts, scope: Scope, call: ast.Call
    ) -> str | None:
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, call.func))
        if isinstance(sym, ClassSym):
            names = _names(self.ancestry(sym))
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
                ordered.append(SchemaField(name, kind, None, required))
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


def _signature_names(facts: ModuleFacts) -> list[tuple[Scope, str]]:
    """(scope, name) of the imported or module-level class names in the annotations and
    ``response_model=`` of the module's decorated functions (route handlers, mostly)."""
    local = set(facts.imports) | {c.name for c in facts.classes.values() if not c.scope}
    out: dict[tuple[Scope, str], None] = {}
    for fn in facts.functions.values():
        node = fn.node
        if not node.decorator_list:
            continue
        args = node.args
        exprs = [
            a.annotation
            for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)
            if a.annotation is not None
        ]
        if node.returns is not None:
            exprs.append(node.returns)
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call):
                exprs.extend(kw.value for kw in dec.keywords if kw.arg == "response_model")
        for expr in exprs:
            for sub in ast.walk(expr):
                if isinstance(sub, ast.Name) and sub.id in local:
                    out[(fn.scope, sub.id)] = None
    return list(out)


def _names(anc: list[ClassSym | str]) -> set[str]:
    """Dotted names of a class's ancestors, project classes included: a workspace that holds
    a framework's own source (or a vendored copy) resolves its bases to project classes."""
    return {a if isinstance(a, str) else a.dotted for a in anc}


def _elements(expr: ast.expr | None) -> list[ast.expr]:
    return list(expr.elts) if isinstance(expr, (ast.List, ast.Tuple)) else []

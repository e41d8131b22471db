"""ORM models and schemas in the project index, checked against what the frameworks build.

Each fixture under ``tests/workspaces/models_*`` is indexed statically, then imported in a
subprocess where SQLAlchemy (``MetaData.tables``), SQLModel, Django (``Model._meta``), DRF
(``Serializer().fields``) and pydantic (``model_fields``) say what the truth is. No database.
"""

from __future__ import annotations

from typing import Any

import pytest
from _support import WORKSPACES, framework_dump, require_module
from backend_architect.core.model import Column, OrmModel, SchemaModel
from backend_architect.index.project import ProjectIndex

SA_DUMP = r"""
import importlib, json, sys
from sqlalchemy import MetaData, UniqueConstraint

sys.path.insert(0, sys.argv[1])
metas = []
for name in sys.argv[2:]:
    for obj in vars(importlib.import_module(name)).values():
        md = getattr(obj, "metadata", None)
        if isinstance(md, MetaData) and all(md is not m for m in metas):
            metas.append(md)


def impl(t):
    inner = getattr(t, "impl", None)
    return inner.__name__ if isinstance(inner, type) else type(inner if inner is not None else t).__name__


out = {}
for md in metas:
    for t in md.tables.values():
        out[t.name] = {
            "columns": {
                c.name: {
                    "types": sorted({type(c.type).__name__, impl(c.type)}),
                    "length": getattr(c.type, "length", None),
                    "nullable": c.nullable,
                    "primary_key": c.primary_key,
                    "foreign_keys": sorted(fk.target_fullname for fk in c.foreign_keys),
                    "index": bool(c.index),
                    "unique": bool(c.unique),
                }
                for c in t.columns
            },
            "indexes": sorted([c.name for c in i.columns] for i in t.indexes),
            "uniques": sorted(
                [c.name for c in u.columns] for u in t.constraints if isinstance(u, UniqueConstraint)
            ),
        }
json.dump(out, sys.stdout)
"""

DJANGO_DUMP = r"""
import importlib, inspect, json, sys

sys.path.insert(0, sys.argv[1])
apps_arg, serializer_modules = sys.argv[2].split(","), sys.argv[3:]
import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", *apps_arg],
    DATABASES={},
)
django.setup()
from django.apps import apps
from django.db.models import UniqueConstraint

models = {}
for label in apps_arg:
    for m in apps.get_app_config(label).get_models():
        o = m._meta
        fields = o.concrete_fields if o.proxy else o.local_concrete_fields

        def column(name, o=o):
            return o.get_field(name.lstrip("-")).column

        models[f"{m.__module__}:{m.__qualname__}"] = {
            "table": o.db_table,
            "columns": {
                f.column: {
                    "type": type(f).__name__,
                    "nullable": f.null,
                    "primary_key": f.primary_key,
                    "index": f.db_index,
                    "unique": f.unique,
                    "length": f.max_length,
                    "foreign_key": (
                        f"{f.target_field.model._meta.db_table}.{f.target_field.column}"
                        if f.many_to_one or f.one_to_one
                        else None
                    ),
                }
                for f in fields
            },
            "indexes": sorted([column(n) for n in i.fields] for i in o.indexes),
            "uniques": sorted(
                [[column(n) for n in group] for group in o.unique_together]
                + [[column(n) for n in c.fields] for c in o.constraints if isinstance(c, UniqueConstraint)]
            ),
            "relationships": sorted(
                [f.name, f.related_model.__name__]
                for f in o.local_fields + o.local_many_to_many
                if f.is_relation and not f.auto_created
            ),
        }

from rest_framework import serializers

found = {}
for name in serializer_modules:
    module = importlib.import_module(name)
    for cls in vars(module).values():
        if (
            inspect.isclass(cls)
            and issubclass(cls, serializers.BaseSerializer)
            and cls.__module__ == name
        ):
            found[f"{name}:{cls.__qualname__}"] = [
                [n, f.required] for n, f in cls().fields.items()
            ]
json.dump({"models": models, "serializers": found}, sys.stdout)
"""

PYDANTIC_DUMP = r"""
import dataclasses, importlib, inspect, json, sys

sys.path.insert(0, sys.argv[1])
from pydantic import BaseModel

out = {}
for name in sys.argv[2:]:
    module = importlib.import_module(name)
    for cls in vars(module).values():
        if not inspect.isclass(cls) or cls.__module__ != name:
            continue
        key = f"{name}:{cls.__qualname__}"
        if issubclass(cls, BaseModel):
            out[key] = [[n, f.is_required()] for n, f in cls.model_fields.items()]
        elif dataclasses.is_dataclass(cls):
            out[key] = [
                [f.name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
                for f in dataclasses.fields(cls)
            ]
json.dump(out, sys.stdout)
"""


def indexed(name: str) -> ProjectIndex:
    index = ProjectIndex(str(WORKSPACES / name))
    index.build()
    return index


def model(index: ProjectIndex, name: str) -> OrmModel:
    found = [m for m in index.models if m.name == name]
    assert len(found) == 1, [m.qualname for m in index.models]
    return found[0]


def schema(index: ProjectIndex, name: str) -> SchemaModel:
    found = [s for s in index.schemas if s.name == name]
    assert len(found) == 1, [s.qualname for s in index.schemas]
    return found[0]


def tables_of(models: list[OrmModel]) -> dict[str, dict[str, Any]]:
    """The tables the index found, in the dump's shape (columns of models sharing a table,
    single-table inheritance, merged)."""
    tables: dict[str, dict[str, Any]] = {}
    for m in models:
        if m.abstract or m.table is None:
            continue
        table = tables.setdefault(m.table, {"columns": {}, "indexes": set(), "uniques": set()})
        for col in m.columns:
            table["columns"].setdefault(col.name, col)
        table["indexes"] |= set(m.indexes) | {(c.name,) for c in m.columns if c.index}
        # unique=True with index=True is a unique index in SQLAlchemy, not a constraint
        table["uniques"] |= set(m.unique_constraints) | {
            (c.name,) for c in m.columns if c.unique and not c.index
        }
    return tables


def sa_column_facts(col: Column) -> dict[str, Any]:
    return {
        "length": col.length,
        "nullable": col.nullable,
        "primary_key": col.primary_key,
        "foreign_keys": [col.foreign_key] if col.foreign_key else [],
        "index": col.index,
        "unique": col.unique,
    }


def assert_same_tables(index: ProjectIndex, truth: dict[str, Any]) -> None:
    ours = tables_of(index.models)
    assert truth, "the fixture defines no tables"
    assert sorted(ours) == sorted(truth)
    for table, expected in truth.items():
        got = ours[table]
        assert sorted(got["columns"]) == sorted(expected["columns"]), table
        for name, facts in expected["columns"].items():
            col = got["columns"][name]
            want = {k: v for k, v in facts.items() if k != "types"}
            assert sa_column_facts(col) == want, f"{table}.{name}"
            assert col.type in facts["types"], f"{table}.{name}: {col.type} not in {facts['types']}"
        assert sorted(map(list, got["indexes"])) == expected["indexes"], table
        assert sorted(map(list, got["uniques"])) == expected["uniques"], table


# --- SQLAlchemy ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sa_index() -> ProjectIndex:
    return indexed("models_sqlalchemy")


def test_sqlalchemy_tables_match_metadata(sa_index: ProjectIndex) -> None:
    truth = framework_dump(
        SA_DUMP,
        str(WORKSPACES / "models_sqlalchemy"),
        "app.legacy",
        "app.legacy_ext",
        "app.modern",
    )
    assert_same_tables(sa_index, truth)


def test_sqlalchemy_declarative_roots_mixins_and_abstract_bases(sa_index: ProjectIndex) -> None:
    names = {m.name for m in sa_index.models}
    assert "Base" not in names and "TimestampMixin" not in names
    entity = model(sa_index, "Entity")
    assert entity.abstract and entity.table is None
    assert [c.name for c in entity.columns] == ["id"]
    # own columns first, then the mixin's, then the abstract base's
    account = model(sa_index, "Account")
    assert [c.name for c in account.columns][:5] == ["name", "nickname", "slug", "kind", "notes"]
    assert {"created_at", "updated_at", "id"} <= {c.name for c in account.columns}
    admin = model(sa_index, "Admin")
    assert admin.table == "accounts"
    assert admin.column("level") is not None and admin.column("name") is not None
    assert all(m.framework == "sqlalchemy" for m in sa_index.models)


def test_sqlalchemy_types_lengths_defaults_and_spans(sa_index: ProjectIndex) -> None:
    user = model(sa_index, "User")
    full_name = user.column("name")
    assert full_name is not None and (full_name.type, full_name.length) == ("String", 50)
    assert user.column("full_name") is None  # the attribute is renamed by Column("name", ...)
    active = user.column("is_active")
    assert active is not None and active.default == "True"
    assert active.span is not None and active.span.start.line == active.line
    text = (WORKSPACES / "models_sqlalchemy" / "app" / "legacy.py").read_text().splitlines()
    line = text[active.line]
    assert line[active.span.start.column : active.span.end.column] == "is_active"
    account = model(sa_index, "Account")
    # type_annotation_map = {str: String(120)} on the base
    nickname = account.column("nickname")
    assert nickname is not None and (nickname.type, nickname.length) == ("String", 120)
    post = model(sa_index, "Post")
    status = post.column("status")
    assert status is not None and status.type == "Enum" and status.default == "Status.draft"
    user_id = model(sa_index, "Address").column("user_id")
    assert user_id is not None and user_id.type == "Integer"  # taken from users.id


def test_sqlalchemy_relationships(sa_index: ProjectIndex) -> None:
    rels = {r.name: r for r in model(sa_index, "User").relationships}
    assert (rels["addresses"].target, rels["addresses"].back_populates) == ("Address", "user")
    assert rels["addresses"].lazy == "selectin"
    back = {r.name: r for r in model(sa_index, "Address").relationships}["user"]
    assert (back.target, back.back_populates) == ("User", "addresses")
    typed = {r.name: r for r in model(sa_index, "Account").relationships}["posts"]
    assert (typed.target, typed.back_populates, typed.lazy) == ("Post", "author", "raise")
    post = {r.name: r for r in model(sa_index, "Post").relationships}
    assert post["author"].target == "Account" and post["reviewer"].target == "Account"
    # relationship attributes are not columns
    assert model(sa_index, "Post").column("author") is None


def test_sqlalchemy_flask_and_declarative_decorator(tmp_path: Any) -> None:
    (tmp_path / "ext.py").write_text(
        "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"
    )
    (tmp_path / "models.py").write_text(
        "from sqlalchemy.orm import as_declarative\n"
        "from ext import db\n\n"
        "class UserProfile(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    handle = db.Column(db.String(30), nullable=False, index=True)\n\n"
        "@as_declarative()\n"
        "class Base:\n"
        "    pass\n\n"
        "class Thing(Base):\n"
        "    __tablename__ = 'things'\n"
        "    id = Column(Integer, primary_key=True)\n"
    )
    index = ProjectIndex(str(tmp_path))
    index.build()
    assert sorted((m.name, m.table) for m in index.models) == [
        ("Thing", "things"),
        ("UserProfile", "user_profile"),
    ]
    handle = model(index, "UserProfile").column("handle")
    assert handle is not None
    assert (handle.type, handle.length, handle.nullable, handle.index) == (
        "String",
        30,
        False,
        True,
    )


# --- SQLModel -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlmodel_index() -> ProjectIndex:
    return indexed("models_sqlmodel")


def test_sqlmodel_tables_match_metadata(sqlmodel_index: ProjectIndex) -> None:
    truth = framework_dump(SA_DUMP, str(WORKSPACES / "models_sqlmodel"), "heroes.models")
    assert_same_tables(sqlmodel_index, truth)


def test_sqlmodel_tables_relationships_and_schemas(sqlmodel_index: ProjectIndex) -> None:
    assert {m.name for m in sqlmodel_index.models} == {"HeroTeamLink", "Team", "Hero", "Mission"}
    assert all(m.framework == "sqlmodel" for m in sqlmodel_index.models)
    team = {r.name: r for r in model(sqlmodel_index, "Team").relationships}["heroes"]
    assert (team.target, team.back_populates) == ("Hero", "team")
    hero = {r.name: r for r in model(sqlmodel_index, "Hero").relationships}["team"]
    assert (hero.target, hero.back_populates) == ("Team", "heroes")
    public_id = model(sqlmodel_index, "Hero").column("public_id")
    assert public_id is not None and public_id.default == "uuid.uuid4"
    truth = framework_dump(PYDANTIC_DUMP, str(WORKSPACES / "models_sqlmodel"), "heroes.models")
    assert len(truth) >= 6
    for key, fields in truth.items():
        found = next(s for s in sqlmodel_index.schemas if s.qualname == key)
        assert [[f.name, f.required] for f in found.fields] == fields, key


# --- Django and DRF -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def django_index() -> ProjectIndex:
    require_module("django")
    return indexed("models_django")


@pytest.fixture(scope="module")
def django_truth() -> Any:
    require_module("rest_framework")
    return framework_dump(
        DJANGO_DUMP, str(WORKSPACES / "models_django"), "core,shop,blog", "shop.serializers"
    )


def test_django_models_match_meta(django_index: ProjectIndex, django_truth: Any) -> None:
    truth = django_truth["models"]
    ours = {m.qualname: m for m in django_index.models if not m.abstract}
    assert sorted(ours) == sorted(truth)
    for key, expected in truth.items():
        m = ours[key]
        assert m.framework == "django"
        assert m.table == expected["table"], key
        got = {
            c.name: {
                "type": c.type,
                "nullable": c.nullable,
                "primary_key": c.primary_key,
                "index": c.index,
                "unique": c.unique,
                "length": c.length,
                "foreign_key": c.foreign_key,
            }
            for c in m.columns
        }
        assert got == expected["columns"], key
        assert sorted(map(list, m.indexes)) == expected["indexes"], key
        assert sorted(map(list, m.unique_constraints)) == expected["uniques"], key
        rels = sorted([r.name, r.target] for r in m.relationships)
        assert rels == expected["relationships"], key


def test_django_abstract_and_relation_kinds(django_index: ProjectIndex) -> None:
    base = model(django_index, "TimeStampedModel")
    assert base.abstract and base.table is None
    kinds = {r.name: r.kind for m in django_index.models for r in m.relationships}
    assert kinds == {
        "parent": "foreign_key",
        "category": "foreign_key",
        "owner": "foreign_key",
        "tags": "many_to_many",
        "product": "foreign_key",
        "author": "one_to_one",
    }
    parent = next(r for r in model(django_index, "Category").relationships if r.name == "parent")
    assert (parent.target, parent.back_populates) == ("Category", "children")


def test_drf_serializer_fields_match_drf(django_index: ProjectIndex, django_truth: Any) -> None:
    truth = django_truth["serializers"]
    assert len(truth) == 4
    for key, fields in truth.items():
        found = next(s for s in django_index.schemas if s.qualname == key)
        assert [[f.name, f.required] for f in found.fields] == fields, key
    contact = schema(django_index, "ContactSerializer")
    products = next(f for f in contact.fields if f.name == "products")
    assert products.annotation == "list[ProductSerializer]"
    subject = next(f for f in contact.fields if f.name == "subject")
    assert subject.default == "'Hello'"


# --- pydantic and dataclasses -------------------------------------------------------------


@pytest.fixture(scope="module")
def schema_index() -> ProjectIndex:
    return indexed("models_schemas")


def test_pydantic_and_dataclass_fields_match_frameworks(schema_index: ProjectIndex) -> None:
    truth = framework_dump(
        PYDANTIC_DUMP, str(WORKSPACES / "models_schemas"), "api.schemas", "api.queries", "api.geo"
    )
    truth.pop("api.queries:Internal")  # a dataclass no signature uses is not a body
    assert sorted(truth) == sorted(s.qualname for s in schema_index.schemas)
    for key, fields in truth.items():
        found = next(s for s in schema_index.schemas if s.qualname == key)
        assert [[f.name, f.required] for f in found.fields] == fields, key
    assert schema_index.models == []


def test_schema_field_annotations_and_defaults(schema_index: ProjectIndex) -> None:
    item = {f.name: f for f in schema(schema_index, "ItemCreate").fields}
    assert item["tags"].default == "list()"
    assert item["price"].default == "9.99"
    assert item["quantity"].annotation == "Annotated[int, Field(ge=0)]"
    assert item["quantity"].default == "1"
    assert item["sku"].default is None and item["sku"].required
    assert item["description"].annotation == "Optional[str]"
    query = {f.name: f for f in schema(schema_index, "Query").fields}
    assert (query["limit"].default, query["fields"].default) == ("20", "list()")
    page = schema(schema_index, "Page")
    assert page.bases == ("pydantic.BaseModel",)
    assert schema(schema_index, "ItemCreate").bases == ("api.schemas.ItemBase",)
    assert schema_index.schema("list[Page]") is page


def test_models_follow_edits(schema_index: ProjectIndex, tmp_path: Any) -> None:
    path = tmp_path / "models.py"
    path.write_text(
        "from sqlalchemy import Column, Integer\n"
        "from sqlalchemy.orm import declarative_base\n\n"
        "Base = declarative_base()\n\n"
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n"
    )
    index = ProjectIndex(str(tmp_path))
    index.build()
    assert [c.name for c in model(index, "A").columns] == ["id"]
    index.update(
        str(path),
        path.read_text() + "    name = Column(Integer, nullable=False)\n",
    )
    name = model(index, "A").column("name")
    assert name is not None and name.nullable is False

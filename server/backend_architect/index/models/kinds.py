"""The dotted names by which each ORM and schema library is recognised in a class's ancestry."""

from __future__ import annotations

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
# ``from pydantic.v1 import BaseModel`` (pydantic 2 ships v1): v1's schema rules apply
PYDANTIC_V1_MODEL = frozenset({"pydantic.v1.BaseModel", "pydantic.v1.main.BaseModel"})
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
MARSHMALLOW_SCHEMAS = frozenset({"marshmallow.Schema", "marshmallow.schema.Schema"})
DATACLASS_DECORATORS = frozenset(
    {"dataclasses.dataclass", "pydantic.dataclasses.dataclass", "dataclass"}
)
ENUM_CLASSES = frozenset({"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"})

# Markers in a class's ancestry for bases that are objects rather than classes.
DECLARATIVE_MARK = "<declarative base>"
FLASK_MODEL_MARK = "<flask_sqlalchemy db.Model>"

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
model fields, a model default, ``null`` or ``blank``). Marshmallow schemas: declared fields, base
schemas' first, with ``required``, ``load_only``/``dump_only`` and ``allow_none``. Pydantic
models imported from ``pydantic.v1`` are marked ``pydantic-v1``: the contracts apply v1's rules.
"""

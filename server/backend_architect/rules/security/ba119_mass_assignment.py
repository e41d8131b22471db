"""BA119: request data setting the fields of a stored object wholesale (mass assignment)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name, last_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.summaries import RequestData

# Django manager and queryset methods that write the fields they are given
DJANGO_WRITES = frozenset({"create", "update", "update_or_create", "bulk_update"})
# SQLAlchemy statements that write the fields they are given: ``insert(X).values(**data)``
VALUES_METHODS = frozenset({"values"})
# methods that take a whole mapping without ``**``
MAPPING_WRITERS = DJANGO_WRITES | VALUES_METHODS | {"update"}
# the bases of an ORM model class (Django's and Flask-SQLAlchemy's ``Model``, SQLAlchemy's
# declarative bases, SQLModel); pydantic's ``BaseModel`` is a schema
MODEL_BASES = frozenset({"Model", "DeclarativeBase", "DeclarativeBaseNoMeta", "SQLModel"})
DECLARATIVE_FACTORIES = frozenset({"declarative_base", "generate_base"})
# annotations that say the parameter is any mapping, not a schema that lists the fields
UNTYPED = frozenset({"dict", "Dict", "Any", "Mapping", "MutableMapping", "object", "Request"})


@register
class MassAssignment(Rule):
    info = RuleInfo(
        code="BA119",
        name="mass-assignment",
        summary="Request data sets the fields of a stored object wholesale (mass assignment).",
        severity=Severity.ERROR,
        rationale=(
            "`User(**request.json)`, `Order.objects.create(**request.data)` or a `setattr` "
            "loop over the request body lets the client set any column, not only the ones the "
            "form shows: `is_admin`, `owner_id`, `balance`, `email_verified`. List the fields "
            "the client may set, or validate the body with a schema that lists them (a "
            "pydantic model, a DRF serializer) and build the object from that."
        ),
        bad=(
            "from flask import request\n\n"
            "class User(db.Model):\n    ...\n\n"
            "def register():\n    user = User(**request.get_json())"
        ),
        good=(
            "from flask import request\n\n"
            "class User(db.Model):\n    ...\n\n"
            "def register():\n    body = request.get_json()\n"
            "    user = User(name=body['name'], email=body['email'])"
        ),
        cwe=(915,),
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        target = _mass_written(node, ctx)
        if target is None:
            return
        data, what = target
        if _schema_validated(data, ctx):
            return
        source = RequestData(ctx).source(data, node)
        if source is not None:
            ctx.report(
                data,
                f"{source} sets the fields of {what} wholesale: a client can set any column "
                "(`is_admin`, `owner_id`); list the fields it may set, or validate with a schema",
            )


def _mass_written(call: ast.Call, ctx: FileContext) -> tuple[ast.expr, str] | None:
    """The mapping a call writes into a stored object: ``Model(**data)``, a Django write
    (``objects.create(**data)``), ``insert(X).values(data)``, ``setattr(obj, key, ...)``
    with ``key`` from a loop over a mapping's items, ``obj.__dict__.update(data)``."""
    func = call.func
    spread = next((k.value for k in call.keywords if k.arg is None), None)
    if spread is None and not (
        (type(func) is ast.Attribute and func.attr in MAPPING_WRITERS)
        or (type(func) is ast.Name and func.id == "setattr")
    ):
        return None  # most calls: no ``**`` and no writer of a whole mapping
    if isinstance(func, ast.Name) and func.id == "setattr" and len(call.args) == 3:
        mapping = _items_loop_source(call.args[1], ctx)
        return (mapping, f"`{ast.unparse(call.args[0])}`") if mapping is not None else None
    if not isinstance(func, ast.Attribute):
        if isinstance(func, ast.Name) and spread is not None and _is_model(func.id, ctx):
            return spread, f"`{func.id}`"
        return None
    if func.attr in DJANGO_WRITES and "objects" in ast.unparse(func.value):
        defaults = next((k.value for k in call.keywords if k.arg == "defaults"), None)
        found = spread or defaults
        return (found, f"`{ast.unparse(func.value).split('.')[0]}`") if found is not None else None
    if func.attr in VALUES_METHODS and isinstance(func.value, ast.Call):
        statement = func.value.func
        if isinstance(statement, (ast.Name, ast.Attribute)) and last_name(statement) in (
            "insert",
            "update",
        ):
            found = spread or (call.args[0] if call.args else None)
            return (found, "the table") if found is not None else None
    if (
        func.attr == "update"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "__dict__"
        and call.args
    ):
        return call.args[0], f"`{ast.unparse(func.value.value)}`"
    if spread is not None and _is_model(func.attr, ctx):
        return spread, f"`{func.attr}`"  # models.User(**data)
    return None


def _is_model(name: str, ctx: FileContext) -> bool:
    """An ORM model: a class of this file on a model base (followed through the file's own
    classes and ``Base = declarative_base()``), or else a model the index found by name."""
    cls = ctx.scopes.classes.get(name)
    if cls is not None:
        return _model_class(cls, ctx, 0)
    return ctx.index is not None and name in ctx.index.model_names


def _model_class(cls: ast.ClassDef, ctx: FileContext, depth: int) -> bool:
    for base in cls.bases:
        name = dotted_name(base) or ""
        short = name.rsplit(".", 1)[-1]
        if short in MODEL_BASES:
            return True
        own = ctx.scopes.classes.get(name)
        if own is not None and depth < 8 and _model_class(own, ctx, depth + 1):
            return True
        value = next(
            (b.value for b in ctx.scopes.module.bindings.get(name, ()) if b.value is not None),
            None,
        )
        if isinstance(value, ast.Call) and last_name(value.func) in DECLARATIVE_FACTORIES:
            return True
    return False


def _items_loop_source(key: ast.expr, ctx: FileContext) -> ast.expr | None:
    """``for key, value in data.items(): setattr(obj, key, value)``: ``data``, when ``key``
    is the loop's key over a mapping's items (or keys)."""
    if not isinstance(key, ast.Name):
        return None
    for node in reversed(ctx.stack):
        if isinstance(node, ast.If) and _tests_membership(node.test, key.id):
            return None  # ``if key in ALLOWED:``: an allow-list of fields
        if isinstance(node, (ast.For, ast.AsyncFor)):
            target, it = node.target, node.iter
            names = [target] if isinstance(target, ast.Name) else getattr(target, "elts", [])
            if not (names and isinstance(names[0], ast.Name) and names[0].id == key.id):
                continue
            if any(
                isinstance(st, ast.If) and _tests_membership(st.test, key.id) for st in node.body
            ):
                return None  # ``if key not in ALLOWED: continue``
            if (
                isinstance(it, ast.Call)
                and isinstance(it.func, ast.Attribute)
                and it.func.attr in ("items", "keys")
            ):
                return it.func.value
            return it
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            break
    return None


def _tests_membership(test: ast.expr, name: str) -> bool:
    return any(
        isinstance(n, ast.Compare)
        and isinstance(n.left, ast.Name)
        and n.left.id == name
        and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops)
        for n in walk(test)
    )


def _schema_validated(data: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """``payload.model_dump()`` of a handler parameter typed with a schema class (FastAPI
    validated it and it lists the fields), or a serializer's ``validated_data``, directly or
    through a local variable."""
    node = data
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        elif isinstance(node, ast.Attribute):
            if node.attr in ("validated_data", "cleaned_data"):
                return True
            node = node.value
        else:
            break
    if not isinstance(node, ast.Name):
        return False
    fn = ctx.enclosing_function()
    if fn is None:
        return False
    binding, _ = ctx.binding_before(node)
    if binding is not None and binding.value is not None and depth < 4:
        return _schema_validated(binding.value, ctx, depth + 1)
    for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]:
        if a.arg == node.id and a.annotation is not None:
            ann = dotted_name(a.annotation) or ""
            short = ann.rsplit(".", 1)[-1]
            return bool(short) and short not in UNTYPED and short[:1].isupper()
    return False

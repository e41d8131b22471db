"""What a handler writes: session, ORM, Django manager, Mongo and SQL calls that change stored data."""

from __future__ import annotations

import ast
import re

from ...core.syntax import keyword_value
from .ast_helpers import FunctionNode, body_nodes, call_name, chain, receiver
from .orm import DJANGO_MANAGERS, SESSION_RE


def is_session(expr: ast.expr | None) -> bool:
    """``db``, ``session``, ``self.session``, ``db.session`` (not ``request.session``)."""
    names = chain(expr) if expr is not None else []
    return bool(names) and SESSION_RE.search(names[-1]) is not None and "request" not in names


def sql_verb(expr: ast.expr) -> str | None:
    """The first word of a SQL string in ``expr`` (a literal, ``text(...)`` or an f-string)."""
    if isinstance(expr, ast.Call) and call_name(expr) == "text" and expr.args:
        expr = expr.args[0]
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        text = expr.value
    elif isinstance(expr, ast.JoinedStr) and expr.values:
        first = expr.values[0]
        text = str(first.value) if isinstance(first, ast.Constant) else ""
    else:
        return None
    m = re.match(r"\s*(\w+)", str(text))
    return m.group(1).upper() if m else None


SQL_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT", "TRUNCATE"})

# SQLAlchemy core statements: ``db.execute(insert(User).values(...))``
CORE_WRITES = {"insert": "create", "update": "write", "delete": "write"}

# pymongo / motor collection methods: unambiguous names
MONGO_WRITES = {
    "insert_one": "create", "insert_many": "create", "update_one": "write",
    "update_many": "write", "replace_one": "write", "delete_one": "write",
    "delete_many": "write", "find_one_and_update": "write", "find_one_and_delete": "write",
}  # fmt: skip

DJANGO_WRITES = {
    "create": "create", "bulk_create": "create", "get_or_create": "create",
    "update_or_create": "create", "update": "write", "delete": "write", "bulk_update": "write",
}  # fmt: skip


def write_kind(call: ast.Call, created: set[str]) -> str | None:
    """ "create" or "write" when ``call`` changes stored data, else None.

    Precision first: ``.add`` / ``.update`` / ``.delete`` are also set, dict and cache
    methods, so they count only on a session, a Django manager or queryset, or a
    Flask-SQLAlchemy ``Model.query``. ``created`` holds the names bound to objects built in
    the handler (``item = Item(...)``): adding one of those is a create.
    """
    name = call_name(call)
    names = chain(call.func)[:-1]
    recv = receiver(call)
    if name in MONGO_WRITES:
        return MONGO_WRITES[name]
    if is_session(recv):
        if name in {"add", "add_all"} and call.args:
            new = call.args[0]
            is_new = (isinstance(new, ast.Name) and new.id in created) or (
                isinstance(new, ast.Call) and _is_constructor(new)
            )
            return "create" if is_new else "write"
        if name in {"delete", "merge", "commit", "bulk_save_objects", "bulk_insert_mappings"}:
            return "create" if name == "bulk_insert_mappings" else "write"
        if name in {"execute", "exec", "executemany", "exec_driver_sql"} and call.args:
            stmt = call.args[0]
            verb = sql_verb(stmt)
            if verb in SQL_WRITES:
                return "create" if verb == "INSERT" else "write"
            core = chain(stmt)
            if core and core[0] in CORE_WRITES:
                return CORE_WRITES[core[0]]
        return None
    if name in DJANGO_WRITES and any(n in DJANGO_MANAGERS or n == "query" for n in names):
        return DJANGO_WRITES[name]
    if name == "create" and recv is not None and _is_class_name(recv):
        return "create"  # Tortoise / Peewee / Beanie: ``await Item.create(...)``
    if name in {"save", "delete"} and not call.args and recv is not None:
        # an ORM instance's save()/delete(); with positional arguments it is a file or
        # image being saved, a cache key or a URL being deleted
        if "request" in chain(recv):
            return None
        if name == "save" and any(
            "serializer" in n.lower() or n.lower().endswith("form") for n in chain(recv)
        ):
            return "create" if _built_without_instance(recv, created) else "write"
        return "write"
    return None


def _is_class_name(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id[:1].isupper() and not expr.id.isupper()


def _is_constructor(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and _is_class_name(call.func)


def _built_without_instance(recv: ast.expr, created: set[str]) -> bool:
    return isinstance(recv, ast.Name) and recv.id in created


def constructed_names(fn: FunctionNode) -> set[str]:
    """Names bound in the handler to a new object: ``item = Item(**data)``, and DRF/Django
    serializers and forms built from request data alone (``Serializer(data=...)``), whose
    ``save()`` creates."""
    out: set[str] = set()
    for node in body_nodes(fn):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and _is_constructor(node.value)
        ):
            call = node.value
            built_from_data = not call.args or (
                len(call.args) == 1
                and isinstance(call.args[0], ast.Attribute)
                and call.args[0].attr in {"data", "POST"}
            )
            if keyword_value(call, "instance") is None and built_from_data:
                out.add(node.targets[0].id)
    return out


def writes(fn: FunctionNode) -> list[tuple[ast.Call, str]]:
    created = constructed_names(fn)
    out = []
    for node in body_nodes(fn):
        if isinstance(node, ast.Call):
            kind = write_kind(node, created)
            if kind is not None:
                out.append((node, kind))
    return out

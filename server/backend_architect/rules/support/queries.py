"""What runs a query: session methods, Django manager and queryset calls, the calls of a chain."""

from __future__ import annotations

import ast

from ...core.syntax import dotted_name
from .orm import DJANGO_MANAGERS, SESSION_QUERY_METHODS, SESSION_RE

# Manager and queryset methods that run a query (bulk_* and executemany batch on purpose and
# are left out). Named explicitly: ``objects`` and ``*_set`` are also common names of plain
# lists and sets (``self.pending_set.add(x)``).
DJANGO_QUERY_METHODS = frozenset(
    {
        "get", "filter", "exclude", "all", "create", "get_or_create", "update_or_create",
        "count", "exists", "first", "last", "latest", "earliest", "aggregate", "annotate",
        "values", "values_list", "in_bulk", "raw", "update", "delete", "order_by", "distinct",
        "select_related", "prefetch_related", "only", "defer", "iterator", "contains",
    }
)  # fmt: skip


def query_call(call: ast.Call) -> str | None:
    """A short description of the query ``call`` runs (``session.query()``), or None."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    nargs = len(call.args) + len(call.keywords)
    minimum = SESSION_QUERY_METHODS.get(func.attr)
    if minimum is not None and nargs >= minimum:
        terminal = dotted_name(receiver) or ""
        terminal = terminal.rsplit(".", 1)[-1]
        first = call.args[0] if call.args else None
        if SESSION_RE.search(terminal) and (minimum < 2 or _names_model(first)):
            return f"{dotted_name(receiver) or terminal}.{func.attr}()"
    method = func.attr[1:] if func.attr.startswith("a") else func.attr  # aget, acount, ...
    if isinstance(receiver, ast.Attribute) and (
        func.attr in DJANGO_QUERY_METHODS or method in DJANGO_QUERY_METHODS
    ):
        manager = receiver.attr
        owner = (dotted_name(receiver.value) or "").rsplit(".", 1)[-1]
        if (
            # Model.objects (a class), not self.objects (maybe a dict)
            (manager == "objects" and owner[:1].isupper())
            or manager in DJANGO_MANAGERS - {"objects"}
            # author.book_set, not self._set; and set.update is not a query
            or (manager.endswith("_set") and manager[:1] != "_" and func.attr != "update")
        ):
            return f"{dotted_name(receiver) or manager}.{func.attr}()"
        # Flask-SQLAlchemy: User.query.filter_by(...), User.query.get(...)
        base = receiver.value
        if manager == "query" and isinstance(base, ast.Name) and base.id[:1].isupper():
            return f"{base.id}.query.{func.attr}()"
    return None


def _names_model(expr: ast.expr | None) -> bool:
    """``session.get(User, 1)`` names a model; Flask's ``session.get("cart", [])`` does not."""
    name = dotted_name(expr) if expr is not None else None
    return name is not None and name.rsplit(".", 1)[-1][:1].isupper()


def chain_calls(expr: ast.expr) -> list[ast.Call]:
    """The calls of a method chain, outermost first: ``a.b(x).c(y)`` -> [c(y), b(x)]."""
    calls: list[ast.Call] = []
    node: ast.expr = expr
    while True:
        if isinstance(node, ast.Call):
            calls.append(node)
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return calls

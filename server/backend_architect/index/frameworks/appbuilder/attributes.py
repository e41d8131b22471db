"""A view class's attributes (``route_base``, ``include_route_methods``, ...), looked up as Python does."""

from __future__ import annotations

import ast

from ....core.syntax import dotted_name
from ...facts import ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym
from ...symbols import Symbols
from ..common import LinkContext, path_text
from .fab_classes import FAB_CLASSES

# What a set of method names (``include_route_methods``) folds to: the names, or a string
# (FAB tests ``name in value``, which for a string is a substring test), or None (unknown)
Names = frozenset[str] | str | None


class ClassAttributes:
    """The link being read, and the class attributes that place and filter routes."""

    framework = "flask"  # FAB registers a Flask blueprint per class: these are Flask routes

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols

    def _lookup(
        self, chain: list[ClassSym], fab: list[str], name: str
    ) -> tuple[ClassSym, ast.expr] | str | None:
        """Where attribute ``name`` comes from: a project class's field (class and value), or
        FAB's value for it (a string; None when FAB leaves it None or does not set it)."""
        for klass in chain:
            field = klass.facts.classes[klass.qualname].fields.get(name)
            if field is not None and field[1] is not None:
                return klass, field[1]
        for fab_name in fab:
            attrs = FAB_CLASSES[fab_name].attrs
            if name in attrs:
                return attrs[name]
        return None

    def _attr_str(self, chain: list[ClassSym], fab: list[str], name: str) -> str | None:
        """An attribute's string value; None when it is None; ``{?source}`` when unknown."""
        found = self._lookup(chain, fab, name)
        if found is None or isinstance(found, str):
            return found
        klass, value = found
        if isinstance(value, ast.Constant) and value.value is None:
            return None
        return path_text(self.symbols, klass.facts, klass.qualname, value)

    def _route_base(self, chain: list[ClassSym], fab: list[str], name: str, is_api: bool) -> str:
        # BaseView.create_blueprint and BaseApi.create_blueprint (baseviews.py, api/__init__.py)
        route_base = self._attr_str(chain, fab, "route_base")
        if route_base is not None:
            return route_base
        if not is_api:
            return "/" + name.lower()
        version = self._attr_str(chain, fab, "version") or "v1"
        resource = self._attr_str(chain, fab, "resource_name") or name.lower()
        return f"/api/{version}/{resource.lower()}"

    def _names_attr(self, chain: list[ClassSym], fab: list[str], name: str) -> Names:
        """``include_route_methods``/``exclude_route_methods`` as a project class sets it, or
        else the FAB class that sets it (most leave them None and an empty set: nothing to
        filter)."""
        for klass in chain:
            field = klass.facts.classes[klass.qualname].fields.get(name)
            if field is not None and field[1] is not None:
                return self._names(klass.facts, klass.qualname, field[1])
        if name == "include_route_methods":
            return next((FAB_CLASSES[n].include for n in fab if FAB_CLASSES[n].include), None)
        return None

    def _names(self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0) -> Names:
        """A set of method names as written: literals, ``set()``, ``|``, ``-``, ``&``, and
        names and class attributes holding those (``RouteMethod.REST_MODEL_VIEW_CRUD_SET |
        {"export"}``)."""
        if depth > 12:
            return None
        if isinstance(expr, ast.Constant):
            return expr.value if isinstance(expr.value, str) else None
        if isinstance(expr, (ast.Set, ast.List, ast.Tuple)):
            out = set()
            for element in expr.elts:
                value = self._names(facts, scope, element, depth + 1)
                if not isinstance(value, str):
                    return None
                out.add(value)
            return frozenset(out)
        if isinstance(expr, ast.Call):
            if dotted_name(expr.func) in {"set", "frozenset"} and not expr.keywords:
                if not expr.args:
                    return frozenset()
                inner = self._names(facts, scope, expr.args[0], depth + 1)
                return inner if isinstance(inner, frozenset) and len(expr.args) == 1 else None
            return None
        if isinstance(expr, ast.BinOp):
            left = self._names(facts, scope, expr.left, depth + 1)
            right = self._names(facts, scope, expr.right, depth + 1)
            if not isinstance(left, frozenset) or not isinstance(right, frozenset):
                return None
            if isinstance(expr.op, ast.BitOr):
                return left | right
            if isinstance(expr.op, ast.Sub):
                return left - right
            if isinstance(expr.op, ast.BitAnd):
                return left & right
            return None
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                return self._names(sym.facts, sym.scope, sym.value, depth + 1)
        return None

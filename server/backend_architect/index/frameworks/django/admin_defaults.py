"""The URLs Django's admin builds, read from the installed Django's own source, never run.

``AdminSite.get_urls`` (``django/contrib/admin/sites.py``) and ``ModelAdmin.get_urls``
(``options.py``) list their views as ``path("literal/", wrap(self.view), name=...)``; those
calls are read from the installed version's function bodies (so a Django that adds, renames
or changes a route is followed), each with the attribute of ``self`` an ``if`` around it
tests (``if self.final_catch_all_view:``). What the admin computes from its registry (one
``include(model_admin.urls)`` per model, the ``app_list`` regex over the app labels) is
modelled by :mod:`.admin_site`. Read once per installed Django (the facts are kept per
distribution and version by :mod:`...libraries`).
"""

from __future__ import annotations

import ast
import threading
from dataclasses import dataclass

from ...facts import ModuleFacts
from ...symbol_types import ClassSym
from ...symbols import Symbols

SITE_CLASS = "django.contrib.admin.sites.AdminSite"
MODEL_ADMIN_CLASS = "django.contrib.admin.options.ModelAdmin"
_PATHS = {"path": False, "re_path": True}


@dataclass(frozen=True)
class DefaultUrl:
    route: str
    regex: bool
    view: ast.expr  # ``wrap(self.index)``, ``self.login``, ``wrap(RedirectView.as_view(...))``
    node: ast.Call  # the ``path(...)`` call in Django's source
    name: str | None  # the literal ``name=`` (a ``%s`` format over app label and model name)
    when: str | None  # the ``self.<attr>`` an enclosing ``if`` tests


@dataclass(frozen=True)
class DefaultUrls:
    cls: ClassSym  # Django's class, in the installed package's facts
    urls: tuple[DefaultUrl, ...]
    imports: dict[str, str]  # names the function imports itself (``contenttype_views``)


_LOCK = threading.Lock()
_MEMO: dict[tuple[str, str], tuple[ModuleFacts, DefaultUrls | None]] = {}


def default_urls(symbols: Symbols, dotted: str) -> DefaultUrls | None:
    """The ``get_urls`` of Django's class ``dotted`` (:data:`SITE_CLASS`,
    :data:`MODEL_ADMIN_CLASS`); None when Django is not installed where the project runs."""
    module, _, qualname = dotted.rpartition(".")
    facts = symbols.library(module)
    if facts is None or qualname not in facts.classes:
        return None
    key = (facts.path, qualname)
    with _LOCK:
        found = _MEMO.get(key)
    if found is not None and found[0] is facts:
        return found[1]
    fn = facts.functions.get(f"{qualname}.get_urls")
    made = _read(ClassSym(facts, qualname), fn.node) if fn is not None else None
    with _LOCK:
        _MEMO[key] = (facts, made)
    return made


def _read(cls: ClassSym, node: ast.FunctionDef | ast.AsyncFunctionDef) -> DefaultUrls:
    imports: dict[str, str] = {}
    urls: list[DefaultUrl] = []

    def visit(stmt: ast.AST, when: str | None) -> None:
        if isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
            for alias in stmt.names:
                imports[alias.asname or alias.name] = f"{stmt.module}.{alias.name}"
            return
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return  # ``def wrap(view)``: the helper, not a route
        if isinstance(stmt, ast.If):
            test = stmt.test
            attr = (
                test.attr
                if isinstance(test, ast.Attribute)
                and isinstance(test.value, ast.Name)
                and test.value.id == "self"
                else None
            )
            for child in stmt.body:
                visit(child, attr or when)
            for child in stmt.orelse:
                visit(child, when)
            return
        if isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Name):
            first = stmt.args[0] if stmt.args else None
            if (
                stmt.func.id in _PATHS
                and len(stmt.args) >= 2
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                name = next((k.value for k in stmt.keywords if k.arg == "name"), None)
                if (  # ``"%s_%s_changelist" % info``: the format, filled per model
                    isinstance(name, ast.BinOp)
                    and isinstance(name.op, ast.Mod)
                    and isinstance(name.right, ast.Name)
                ):
                    name = name.left
                literal = name.value if isinstance(name, ast.Constant) else None
                urls.append(
                    DefaultUrl(
                        first.value,
                        _PATHS[stmt.func.id],
                        stmt.args[1],
                        stmt,
                        literal if isinstance(literal, str) else None,
                        when,
                    )
                )
                return
        for node_ in ast.iter_child_nodes(stmt):
            visit(node_, when)

    for stmt in node.body:
        visit(stmt, None)
    return DefaultUrls(cls, tuple(urls), imports)

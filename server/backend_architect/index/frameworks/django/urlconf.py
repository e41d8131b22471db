"""URL confs: ``urlpatterns`` lists, ``path``/``re_path`` and ``include()`` chains, walked from each root."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ....core.model import Route
from ....core.syntax import keyword_value
from ...evaluator import ExtCall
from ...facts import ModuleFacts, Scope
from ...libraries import library_symbol
from ...symbol_types import Assigned, External, FunctionSym, ModuleSym, Symbol
from ..common import arg
from .admin_site import AdminRoutes
from .evaluation import PATH_FUNCS, REGEX_FUNCS, appended_items, evaluated_items, pattern_items
from .records import Item, Mount, Pattern, Site

INCLUDE_FUNCS = frozenset(
    {"django.urls.include", "django.urls.conf.include", "django.conf.urls.include"}
)
FORMAT_SUFFIX_FUNCS = frozenset({"rest_framework.urlpatterns.format_suffix_patterns"})


class UrlConfWalker(AdminRoutes):
    """The walk of the URL tree, entry by entry."""

    def _walk_module(
        self, facts: ModuleFacts, mount: Mount, chain: tuple[str, ...]
    ) -> Iterator[Route]:
        if facts.path in chain or mount.depth > 16:
            return
        self.visited.add(facts.path)
        items = self._urlpatterns(facts)
        mount = replace(mount, confs=(*mount.confs, f"{facts.module}:urlpatterns"))
        yield from self._walk_items(items, mount, (*chain, facts.path))

    def _urlpatterns(self, facts: ModuleFacts) -> list[Item]:
        if ("", "urlpatterns") not in facts.assigns:
            return []
        # memoised per module: a relink walks every urlconf of the project, and an edit
        # elsewhere changes none of their lists
        items = self.ctx.per_module(
            "django.urlpatterns",
            facts,
            lambda: tuple(self._items(facts, "", ast.Name("urlpatterns", ast.Load()), 0)),
        )
        return list(items)  # callers extend it

    def _items(self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int) -> list[Item]:
        if depth > 12:
            return []
        if isinstance(expr, (ast.List, ast.Tuple)):
            out: list[Item] = []
            for e in expr.elts:
                out.extend(
                    self._items(
                        facts, scope, e.value if isinstance(e, ast.Starred) else e, depth + 1
                    )
                )
            return out
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self._items(facts, scope, expr.left, depth + 1) + self._items(
                facts, scope, expr.right, depth + 1
            )
        if isinstance(expr, ast.Call):
            name = self.symbols.qualified(facts, scope, expr.func)
            if name in PATH_FUNCS or name in REGEX_FUNCS:
                return [Item(facts, scope, call=expr)]
            if name in FORMAT_SUFFIX_FUNCS and expr.args:
                inner = self._items(facts, scope, expr.args[0], depth + 1)
                return [replace(item, suffix=True) for item in inner]
            callee = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr.func))
            if isinstance(callee, FunctionSym):  # a project function building the list
                return evaluated_items(self.ctx, facts, scope, expr) or []
            return []
        if isinstance(expr, ast.Attribute) and expr.attr == "urls":
            keys = tuple(
                sym.key
                for sym in self.ctx.objects(facts, scope, expr.value)
                if isinstance(sym, Assigned)
            )
            if keys:  # a router if one of them is (decided per relink), else the fallback
                fallback = tuple(self._named_items(facts, scope, expr, depth))
                return [Item(facts, scope, router_keys=keys, fallback=fallback)]
        return self._named_items(facts, scope, expr, depth)

    def _named_items(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int
    ) -> list[Item]:
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self._follow_list(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                out = self._items(sym.facts, sym.scope, sym.value, depth + 1)
                line = sym.facts.assign_lines.get((sym.scope, sym.name), -1)
                key = (sym.scope, sym.name)
                # ``+=`` and ``x = wrap(x)`` in the order they run: a wrapper applies to what
                # the list held at that line, not to what is added after it
                mutations = sym.facts.mutations.get(key, [])
                # ``+=`` inside a loop that is followed whole is not counted twice
                inside = [(a, b) for a, b, _ in mutations]
                changes: list[tuple[int, str, Any]] = [
                    *(
                        (at, "add", value)
                        for at, value in sym.facts.augments.get(key, [])
                        if not any(a <= at <= b for a, b in inside)
                    ),
                    *((at, "wrap", call) for at, call in sym.facts.wraps.get(key, [])),
                    *((at, "run", stmt) for at, _, stmt in mutations),
                ]
                for at, kind, value in sorted(changes, key=lambda c: c[0]):
                    if at <= line:
                        continue
                    if kind == "wrap":
                        out = self._wrapped(sym.facts, sym.scope, sym.name, value, out)
                    elif kind == "add":
                        out.extend(self._items(sym.facts, sym.scope, value, depth + 1))
                    else:  # ``urlpatterns.append(path(...))``, in a loop over constants
                        out.extend(appended_items(self.ctx, sym.facts, sym.scope, sym.name, value))
                return out
            if isinstance(sym, ModuleSym):
                return self._urlpatterns(sym.facts)
        return []

    def _urlconf(self, name: str, near: str) -> ModuleFacts | None:
        """The module ``include("name")`` names: the project's, else an installed package's
        (``include("django.contrib.auth.urls")``), read statically."""
        return self.symbols.module(name, near) or self.symbols.library(name)

    def _follow_list(self, sym: Symbol) -> Symbol:
        """Aliases followed as :meth:`Symbols.follow` does, stopping at ``x = router.urls``
        (a router's urls are no name to follow: the walk decides them per relink)."""
        for _ in range(24):
            if not isinstance(sym, Assigned):
                break
            value = sym.value
            if isinstance(value, ast.Attribute) and value.attr == "urls":
                break
            if not isinstance(value, (ast.Name, ast.Attribute)):
                break
            sym = self.symbols.resolve_expr(sym.facts, sym.scope, value)
        return sym

    def _wrapped(
        self, facts: ModuleFacts, scope: Scope, name: str, call: ast.Call, items: list[Item]
    ) -> list[Item]:
        """``urlpatterns = wrap(urlpatterns, ...)``: ``format_suffix_patterns`` adds the
        suffixed copies; another function's other arguments are decorators for every view
        (Wagtail's ``decorate_urlpatterns(urlpatterns, require_admin_access)``)."""
        if self.symbols.qualified(facts, scope, call.func) in FORMAT_SUFFIX_FUNCS:
            return [replace(item, suffix=True) for item in items]
        decorators = tuple(
            (facts, a)
            for a in [*call.args, *(k.value for k in call.keywords)]
            if isinstance(a, (ast.Name, ast.Attribute, ast.Call))
            and not (isinstance(a, ast.Name) and a.id == name)
        )
        return [replace(item, wrappers=item.wrappers + decorators) for item in items]

    def _expand(self, items: Iterable[Item], suffix: bool = False) -> Iterator[Item]:
        """Items with each ``x.urls`` decided: this relink's router, or its fallback."""
        for item in items:
            if suffix and not item.suffix:
                item = replace(item, suffix=True)
            if not item.router_keys:
                yield item
                continue
            router = next((self.routers[k] for k in item.router_keys if k in self.routers), None)
            if router is not None:
                yield Item(item.facts, item.scope, router=router, suffix=item.suffix)
            else:
                yield from self._expand(item.fallback, item.suffix)

    def _walk_items(
        self, items: list[Item], mount: Mount, chain: tuple[str, ...]
    ) -> Iterator[Route]:
        for item in self._expand(items):
            here = replace(mount, suffix=True) if item.suffix else mount
            if item.wrappers:
                here = replace(here, wrappers=here.wrappers + item.wrappers)
            if item.router is not None:
                yield from self._router_routes(item.router, here)
            elif item.call is not None:
                yield from self._pattern(item, here, chain)
            elif item.pattern is not None:
                yield from self._evaluated_pattern(item.pattern, here, chain)

    def _evaluated_pattern(
        self, pattern: Pattern, mount: Mount, chain: tuple[str, ...]
    ) -> Iterator[Route]:
        """A ``path()`` the evaluator built: its include, or its view."""
        raw, regex, view = pattern.route, pattern.regex, pattern.view
        if isinstance(view, ExtCall) and view.name in INCLUDE_FUNCS:
            target = view.args[0] if view.args else None
            if isinstance(target, tuple) and target:
                target = target[0]
            sub = self._sub_mount(mount, raw, regex)
            if isinstance(target, str):
                conf = self._urlconf(target, pattern.facts.path)
                if conf is not None:
                    yield from self._walk_module(conf, sub, chain)
            elif isinstance(target, ModuleSym):
                yield from self._walk_module(target.facts, sub, chain)
            elif isinstance(target, list):
                items = pattern_items(target, pattern.facts, pattern.scope, pattern.call)
                yield from self._walk_included(items, mount, sub, chain)
            return
        site = Site(pattern.facts, pattern.scope, pattern.call)
        for entry in self._entries(mount, raw, regex, site):
            yield from self._value_routes(view, entry, 0)

    def _walk_included(
        self, items: list[Item], mount: Mount, sub: Mount, chain: tuple[str, ...]
    ) -> Iterator[Route]:
        """An included list, mounted at ``sub``: suffixed too where ``mount`` is."""
        if mount.suffix:
            items = [replace(i, suffix=True) for i in items]
        yield from self._walk_items(items, replace(sub, suffix=False), chain)

    def _pattern(self, item: Item, mount: Mount, chain: tuple[str, ...]) -> Iterator[Route]:
        facts, scope, call = item.facts, item.scope, item.call
        assert call is not None
        regex = self.symbols.qualified(facts, scope, call.func) in REGEX_FUNCS
        raw = self.symbols.evaluate_str(facts, scope, arg(call, 0, "route"))
        view = arg(call, 1, "view")
        if view is None:
            return
        site = Site(facts, scope, call)
        admin = self._admin_site(facts, scope, view)
        if admin is not None and raw is not None:  # ``path("admin/", admin.site.urls)``
            sub = self._sub_mount(mount, raw, regex)
            yield from self._admin_routes(admin, sub, facts, scope, call)
            return
        target = self._include_target(facts, scope, view)
        if raw is None and target is not None:
            # a prefix read from the configuration (``path(settings.URL_PREFIX,
            # include(patterns))``): the included routes are mounted at the root, as Flask's
            # unknown ``url_prefix`` is, rather than lost
            raw = ""
        if raw is None:
            return
        if target is not None:
            t_facts, t_scope, t_expr = target
            sub = self._sub_mount(mount, raw, regex)
            namespace = self._namespace(facts, scope, view)
            conf: ModuleFacts | None = None
            if isinstance(t_expr, ast.Constant) and isinstance(t_expr.value, str):
                conf = self._urlconf(t_expr.value, t_facts.path)
                if conf is None:
                    return
            else:
                sym = (
                    self.symbols.follow(self.symbols.resolve_expr(t_facts, t_scope, t_expr))
                    if isinstance(t_expr, (ast.Name, ast.Attribute))
                    else None
                )
                if isinstance(sym, External):  # ``from social_django import urls``
                    sym = library_symbol(self.symbols, sym.dotted) or sym
                conf = sym.facts if isinstance(sym, ModuleSym) else None
            if conf is not None:
                # an included module's ``app_name`` is its namespace unless include() names one
                namespace = namespace or self.symbols.evaluate_str(
                    conf, "", conf.assigns.get(("", "app_name"))
                )
            if namespace:
                sub = replace(sub, namespaces=(*sub.namespaces, namespace))
            if conf is not None:
                yield from self._walk_module(conf, sub, chain)
                return
            items = self._items(t_facts, t_scope, t_expr, 0)
            yield from self._walk_included(items, mount, sub, chain)
            return
        url_name = self.symbols.evaluate_str(facts, scope, arg(call, 3, "name"))
        for entry in self._entries(mount, raw, regex, site, url_name):
            yield from self._view_routes(facts, scope, view, entry, None)

    def _namespace(self, facts: ModuleFacts, scope: Scope, view: ast.expr) -> str | None:
        """``include(..., namespace="ns")``, or the app name of an included
        ``(patterns, app_name[, namespace])`` tuple."""
        if not isinstance(view, ast.Call):
            view_tuple = view if isinstance(view, ast.Tuple) else None
        else:
            named = self.symbols.evaluate_str(facts, scope, keyword_value(view, "namespace"))
            if named:
                return named
            view_tuple = view.args[0] if view.args and isinstance(view.args[0], ast.Tuple) else None
        if view_tuple is not None and len(view_tuple.elts) >= 2:
            last = view_tuple.elts[2] if len(view_tuple.elts) > 2 else view_tuple.elts[1]
            return self.symbols.evaluate_str(facts, scope, last)
        return None

    def _include_target(
        self, facts: ModuleFacts, scope: Scope, view: ast.expr
    ) -> tuple[ModuleFacts, Scope, ast.expr] | None:
        """What ``include(...)`` (or a ``(patterns, app_name[, namespace])`` tuple) includes."""
        if isinstance(view, ast.Call):
            name = self.symbols.qualified(facts, scope, view.func)
            if name not in INCLUDE_FUNCS or not view.args:
                return None
            target = view.args[0]
            if isinstance(target, ast.Tuple) and target.elts:
                target = target.elts[0]
            if isinstance(target, (ast.Name, ast.Attribute)) and not (
                isinstance(target, ast.Attribute) and target.attr == "urls"
            ):
                sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
                if isinstance(sym, Assigned) and isinstance(sym.value, ast.Tuple):
                    return (sym.facts, sym.scope, sym.value.elts[0])
            return (facts, scope, target)
        if isinstance(view, ast.Tuple) and view.elts:
            return (facts, scope, view.elts[0])
        if isinstance(view, ast.Attribute) and view.attr == "urls":
            return (facts, scope, view)  # ``path("api/", router.urls)``; admin.site.urls: nothing
        return None

"""What the walk of the URL tree carries: settings, mounts, urlconf entries, routers, handlers."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ....core.model import AuthRequirement, Span
from ...facts import FunctionFacts, ModuleFacts, Scope, span_of
from ...symbol_types import Assigned, Symbol


@dataclass
class ProjectSettings:
    facts: ModuleFacts | None = None
    permission: list[AuthRequirement] | None = None  # DEFAULT_PERMISSION_CLASSES, if set
    authentication: list[AuthRequirement] | None = None  # DEFAULT_AUTHENTICATION_CLASSES
    middleware: list[AuthRequirement] = field(default_factory=list)
    installed_apps: tuple[str, ...] | None = None  # INSTALLED_APPS, when it can be read
    # the settings module and the siblings it takes values from (first wins), for the
    # settings read by name (``AUTH_USER_MODEL``)
    pool: tuple[ModuleFacts, ...] = ()


@dataclass(frozen=True)
class Mount:
    prefix: str  # converted path so far, without the leading "/"
    params: tuple[tuple[str, str | None], ...]
    settings: ProjectSettings
    reachable: bool
    suffix: bool = False  # under format_suffix_patterns
    depth: int = 0
    # decorators applied to every view below (``decorate_urlpatterns(urls, require_admin)``)
    wrappers: tuple[tuple[ModuleFacts, ast.expr], ...] = ()
    confs: tuple[str, ...] = ()  # the URL confs walked down to here, as "module:urlpatterns"
    namespaces: tuple[str, ...] = ()  # ``include(..., namespace=)`` / ``app_name``, outer first
    url_name: str | None = None  # the entry's ``name=``, what ``reverse`` takes (namespaced)
    auth: tuple[AuthRequirement, ...] = ()  # what the framework requires below (the admin's)


@dataclass(frozen=True)
class Pattern:
    """A ``path()``/``re_path()`` a project function built, as the evaluator gives it: the
    route, and the view (a class's ``as_view()`` call, a function, an ``include()``)."""

    route: str
    regex: bool
    view: Any  # an evaluator value
    facts: ModuleFacts  # where the function was called (the urlconf entry)
    scope: Scope
    call: ast.Call


@dataclass(frozen=True)
class Item:
    """One entry of a urlpatterns list: a ``path()`` call, or a router's urls.

    Lists of items are memoised per module, across relinks, while the DRF routers are
    collected on every relink: ``x.urls`` is kept as the assignments ``x`` can denote
    (``router_keys``) and what the entry is when none of them is a router (``fallback``),
    decided when the list is walked (:meth:`DjangoLinker._expand`)."""

    facts: ModuleFacts
    scope: Scope
    call: ast.Call | None = None
    router: Router | None = None
    suffix: bool = False
    router_keys: tuple[tuple[str, str, str], ...] = ()
    fallback: tuple[Item, ...] = ()
    wrappers: tuple[tuple[ModuleFacts, ast.expr], ...] = ()  # applied to its views
    pattern: Pattern | None = None  # built by a project function


@dataclass
class Router:
    sym: Assigned
    cls: Symbol
    default: bool  # DefaultRouter (API root view, format suffixes)
    trailing_slash: str = "/"
    regex: bool = True
    root_view: bool = True
    format_suffixes: bool = True
    registry: list[tuple[ModuleFacts, Scope, ast.Call]] = field(default_factory=list)
    shapes: tuple[Any, ...] = ()  # its RouteShapes (router_shapes.py); () for DRF's own
    per_viewset: Any = None  # its ViewsetRoutes when it overrides get_routes & co


@dataclass
class Action:
    """A viewset's ``@action``: the method, where it routes, and the decorator call."""

    name: str
    detail: bool
    url_path: str
    verbs: list[str]
    call: tuple[ModuleFacts, ast.Call] | None


@dataclass
class Handler:
    """Where a method of a view is handled: a function, or a class that inherits it."""

    facts: ModuleFacts
    qualname: str  # "view" or "Class.method"
    span: Span
    body_span: Span | None
    fn: FunctionFacts | None
    is_async: bool = False


@dataclass(frozen=True)
class Site:
    """The ``path(...)`` call a view is routed by (where library views are shown)."""

    facts: ModuleFacts
    scope: Scope
    call: ast.Call

    @property
    def span(self) -> Span:
        return span_of(self.call, self.facts.wide_lines)


@dataclass(frozen=True)
class Entry:
    """What a urlconf entry says about the view it routes, carried together down the walk
    from the ``path()`` call through wrappers and ``as_view`` to each handler."""

    mount: Mount  # where the entry is mounted, its own path included
    local: str  # the path the entry itself adds
    site: Site
    wrappers: tuple[tuple[ModuleFacts, ast.expr], ...]  # ``login_required(view)``, outer first
    is_suffix: bool  # the format_suffix_patterns copy

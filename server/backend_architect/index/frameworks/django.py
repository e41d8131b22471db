"""Django and Django REST framework route discovery.

The URL tree is read the way Django's resolver builds it: from each settings module's
``ROOT_URLCONF`` (or a ``urls.py`` next to a ``settings.py``), through ``urlpatterns`` (also
``+=`` and ``[...] + [...]``), ``path``/``re_path`` and ``include()`` chains (module strings,
imported modules, lists, ``(patterns, app_name)`` tuples), to function views, class-based views
(``.as_view()``) and DRF routers (``router.register`` + ``router.urls``).

Paths: route converters ``<int:pk>`` and regex groups ``(?P<pk>...)`` become ``{pk}``; a regex is
reduced as ``django.utils.regex_helper.normalize`` does (anchors dropped, optional parts left
out), so the result is what ``reverse()`` would give.

Methods: a function view without ``require_http_methods`` & co answers every method and is
reported as ``("ANY",)``. A class-based view serves the handlers it defines or inherits (Django's
and DRF's generic views from the tables below). HEAD is left out where GET is served and the
OPTIONS handler the frameworks give every view is left out (as for Flask), a project's own
``head``/``options`` handler stays.

Auth: decorators (``login_required``, ``permission_required``, ``user_passes_test``,
``staff_member_required``, project decorators by name), mixins (``LoginRequiredMixin``, ...),
``method_decorator``, DRF ``permission_classes``/``authentication_classes`` (class, decorator,
``@action``) over the ``REST_FRAMEWORK`` defaults (level "settings"), and login-requiring
middleware in ``MIDDLEWARE`` (level "middleware"). ``AllowAny`` is a ``public`` entry.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ...core.model import AuthRequirement, Parameter, Route, Span
from ..facts import CallFacts, ClassFacts, FunctionFacts, ModuleFacts, Scope, span_of
from ..symbols import (
    Assigned,
    ClassSym,
    External,
    FunctionSym,
    ModuleSym,
    Symbol,
    Symbols,
    dotted_name,
)
from .common import (
    AUTH_NAME_RE,
    ENFORCING_MIDDLEWARE_RE,
    LinkContext,
    answers_unauthorized,
    arg,
    assigns_of_kind,
    dedupe,
    docstring,
    hook_nodes,
    kwarg,
    last_name,
)

ANY_METHOD = "ANY"
VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")

PATH_FUNCS = frozenset({"django.urls.path", "django.urls.conf.path"})
REGEX_FUNCS = frozenset({"django.urls.re_path", "django.urls.conf.re_path", "django.conf.urls.url"})
INCLUDE_FUNCS = frozenset(
    {"django.urls.include", "django.urls.conf.include", "django.conf.urls.include"}
)
ROUTER_CLASSES = frozenset(
    {
        "rest_framework.routers.DefaultRouter",
        "rest_framework.routers.SimpleRouter",
    }
)
# settings.py, and its variants beside it (settings_example.py, settings_docker.py)
_SETTINGS_FILE_RE = re.compile(r"settings(?:_\w+)?\.py$")
FORMAT_SUFFIX_FUNCS = frozenset({"rest_framework.urlpatterns.format_suffix_patterns"})

# Methods of Django's generic views and DRF's generic views, by class name (checked against the
# installed frameworks by the tests). OPTIONS and HEAD are left out as everywhere here.
DJANGO_VIEW_METHODS: dict[str, tuple[str, ...]] = {
    "View": (),
    "TemplateView": ("get",),
    "RedirectView": ("get", "post", "put", "patch", "delete"),
    "ListView": ("get",),
    "DetailView": ("get",),
    "ArchiveIndexView": ("get",),
    "YearArchiveView": ("get",),
    "MonthArchiveView": ("get",),
    "WeekArchiveView": ("get",),
    "DayArchiveView": ("get",),
    "TodayArchiveView": ("get",),
    "DateDetailView": ("get",),
    "FormView": ("get", "post", "put"),
    "CreateView": ("get", "post", "put"),
    "UpdateView": ("get", "post", "put"),
    "DeleteView": ("get", "post", "delete"),
    "LoginView": ("get", "post", "put"),
    "LogoutView": ("post",),
    "PasswordChangeView": ("get", "post", "put"),
    "PasswordChangeDoneView": ("get",),
    "PasswordResetView": ("get", "post", "put"),
    "PasswordResetDoneView": ("get",),
    "PasswordResetConfirmView": ("get", "post", "put"),
    "PasswordResetCompleteView": ("get",),
}
DRF_VIEW_METHODS: dict[str, tuple[str, ...]] = {
    "APIView": (),
    "GenericAPIView": (),
    "CreateAPIView": ("post",),
    "ListAPIView": ("get",),
    "RetrieveAPIView": ("get",),
    "DestroyAPIView": ("delete",),
    "UpdateAPIView": ("put", "patch"),
    "ListCreateAPIView": ("get", "post"),
    "RetrieveUpdateAPIView": ("get", "put", "patch"),
    "RetrieveDestroyAPIView": ("get", "delete"),
    "RetrieveUpdateDestroyAPIView": ("get", "put", "patch", "delete"),
}
# ViewSet actions the DRF base classes and mixins implement.
DRF_ACTIONS: dict[str, tuple[str, ...]] = {
    "ViewSetMixin": (),
    "ViewSet": (),
    "GenericViewSet": (),
    "ModelViewSet": ("list", "create", "retrieve", "update", "partial_update", "destroy"),
    "ReadOnlyModelViewSet": ("list", "retrieve"),
    "ListModelMixin": ("list",),
    "CreateModelMixin": ("create",),
    "RetrieveModelMixin": ("retrieve",),
    "UpdateModelMixin": ("update", "partial_update"),
    "DestroyModelMixin": ("destroy",),
}
LIST_ROUTE = (("get", "list"), ("post", "create"))
DETAIL_ROUTE = (
    ("get", "retrieve"),
    ("put", "update"),
    ("patch", "partial_update"),
    ("delete", "destroy"),
)

METHOD_DECORATORS: dict[str, tuple[str, ...] | None] = {
    "require_http_methods": None,  # methods from its argument
    "require_GET": ("GET",),
    "require_POST": ("POST",),
    "require_safe": ("GET",),  # GET and HEAD; HEAD is left out where GET is served
}
AUTH_DECORATORS = frozenset(
    {"login_required", "permission_required", "user_passes_test", "staff_member_required"}
)
AUTH_MIXINS = frozenset({"LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin"})
# Middleware that identifies the caller but requires nothing.
IDENTIFY_ONLY_MIDDLEWARE = frozenset(
    {"AuthenticationMiddleware", "RemoteUserMiddleware", "PersistentRemoteUserMiddleware"}
)
MIDDLEWARE_HOOKS = frozenset({"__call__", "__acall__", "process_request", "process_view"})
ANONYMOUS_CHECKS = frozenset({"is_authenticated", "is_anonymous"})
REJECTIONS = frozenset(
    {"HttpResponseForbidden", "redirect_to_login", "PermissionDenied", "NotAuthenticated"}
)
REDIRECTS = frozenset({"redirect", "HttpResponseRedirect", "RedirectResponse"})
# Decorators that say nothing about auth although their names look like it.
NOT_AUTH = frozenset({*METHOD_DECORATORS, "api_view", "action", "csrf_exempt", "method_decorator"})

CONVERTER_RE = re.compile(r"<(?:([^>:]+):)?(\w+)>")
ESCAPES = {"A": None, "b": None, "B": None, "Z": None, "d": "0", "D": "x", "s": " ", "S": "x"}
ESCAPES.update({"w": "x", "W": "!"})


# --- paths ---------------------------------------------------------------------------------


def route_path(route: str) -> str:
    """``<int:pk>/`` -> ``{pk}/``."""
    return CONVERTER_RE.sub(lambda m: "{" + m.group(2) + "}", route)


def regex_path(pattern: str) -> str:
    """A ``re_path`` regex as ``reverse()`` writes it (``normalize``'s first form): anchors
    dropped, named groups ``{name}``, unnamed ones ``{_0}``, optional parts left out, a class
    replaced by its first character; "" for alternations (Django cannot reverse them)."""
    out: list[str] = []
    groups: list[int] = []  # where each open non-capturing group starts in ``out``
    positional = 0
    i, n = 0, len(pattern)

    def skip_group(j: int) -> int:
        depth = 1
        while j < n and depth:
            c = pattern[j]
            if c == "\\":
                j += 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            j += 1
        return j

    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            mapped = ESCAPES.get(pattern[i + 1], pattern[i + 1])
            i += 2
            if mapped is not None:
                out.append(mapped)
            continue
        i += 1
        if ch == "^":
            continue
        if ch == "$":
            break
        if ch == "|":
            return ""
        if ch == ")":
            start = groups.pop() if groups else 0
            out[start:] = ["".join(out[start:])]
        elif ch == "[":
            first = pattern[i] if i < n else ""
            out.append(first)
            i += 2 if first == "\\" else 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif ch == "(":
            if pattern.startswith("?P<", i):
                end = pattern.find(">", i)
                out.append("{" + pattern[i + 3 : end] + "}")
                i = skip_group(end + 1)
            elif pattern.startswith("?P=", i):
                end = pattern.find(")", i)
                out.append("{" + pattern[i + 3 : end] + "}")
                i = end + 1
            elif pattern.startswith("?:", i):
                groups.append(len(out))
                i += 2
            elif pattern.startswith("?", i):  # look-arounds, flags
                i = skip_group(i)
            else:
                out.append(f"{{_{positional}}}")
                positional += 1
                i = skip_group(i)
        elif ch in "*?+{":
            if ch == "{":
                end = pattern.find("}", i)
                quant = pattern[i:end] if end > 0 else "1"
                i = end + 1 if end > 0 else n
                try:
                    count = int(quant.split(",")[0] or 0)
                except ValueError:
                    count = 1
            else:
                count = 1 if ch == "+" else 0
            if i < n and pattern[i] == "?":
                i += 1  # non-greedy
            if out:
                if count == 0:
                    out.pop()
                elif count > 1:
                    out.extend([out[-1]] * (count - 1))
        else:
            out.append(ch)
    return "".join(out)


def fragment(raw: str, regex: bool) -> str:
    return regex_path(raw) if regex else route_path(raw)


def suffixed(raw: str, regex: bool) -> str:
    """The raw pattern ``format_suffix_patterns`` adds next to ``raw``."""
    base = raw.rstrip("$").rstrip("/")
    return base + r"\.(?P<format>[a-z0-9]+)/?$" if regex else base + "<drf_format_suffix:format>"


def _params(raw: str, regex: bool) -> dict[str, str | None]:
    if regex:
        return {m.group(1): None for m in re.finditer(r"\(\?P<(\w+)>", raw)}
    return {m.group(2): (m.group(1) or "str") for m in CONVERTER_RE.finditer(raw)}


# --- what the walk carries -------------------------------------------------------------------


@dataclass
class _Settings:
    facts: ModuleFacts | None = None
    permission: list[AuthRequirement] | None = None  # DEFAULT_PERMISSION_CLASSES, if set
    authentication: list[AuthRequirement] | None = None  # DEFAULT_AUTHENTICATION_CLASSES
    middleware: list[AuthRequirement] = field(default_factory=list)


@dataclass(frozen=True)
class _Mount:
    prefix: str  # converted path so far, without the leading "/"
    params: tuple[tuple[str, str | None], ...]
    settings: _Settings
    reachable: bool
    suffix: bool = False  # under format_suffix_patterns
    depth: int = 0
    # decorators applied to every view below (``decorate_urlpatterns(urls, require_admin)``)
    wrappers: tuple[tuple[ModuleFacts, ast.expr], ...] = ()


@dataclass(frozen=True)
class _Item:
    """One entry of a urlpatterns list: a ``path()`` call, or a router's urls.

    Lists of items are memoised per module, across relinks, while the DRF routers are
    collected on every relink: ``x.urls`` is kept as the assignments ``x`` can denote
    (``router_keys``) and what the entry is when none of them is a router (``fallback``),
    decided when the list is walked (:meth:`DjangoLinker._expand`)."""

    facts: ModuleFacts
    scope: Scope
    call: ast.Call | None = None
    router: _Router | None = None
    suffix: bool = False
    router_keys: tuple[tuple[str, str, str], ...] = ()
    fallback: tuple[_Item, ...] = ()
    wrappers: tuple[tuple[ModuleFacts, ast.expr], ...] = ()  # applied to its views


@dataclass
class _Router:
    sym: Assigned
    cls: Symbol
    default: bool  # DefaultRouter (API root view, format suffixes)
    trailing_slash: str = "/"
    regex: bool = True
    root_view: bool = True
    format_suffixes: bool = True
    registry: list[tuple[ModuleFacts, Scope, ast.Call]] = field(default_factory=list)


@dataclass
class _Action:
    """A viewset's ``@action``: the method, where it routes, and the decorator call."""

    name: str
    detail: bool
    url_path: str
    verbs: list[str]
    call: tuple[ModuleFacts, ast.Call] | None


@dataclass
class _Handler:
    """Where a method of a view is handled: a function, or a class that inherits it."""

    facts: ModuleFacts
    qualname: str  # "view" or "Class.method"
    span: Span
    body_span: Span | None
    fn: FunctionFacts | None
    is_async: bool = False


class DjangoLinker:
    framework = "django"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.routers: dict[tuple[str, str, str], _Router] = {}
        self.visited: set[str] = set()  # urlconf module paths walked

    # --- entry ---------------------------------------------------------------------------

    def link(self) -> list[Route]:
        candidates = [f for f in self.ctx.modules if ("", "urlpatterns") in f.assigns]
        settings = self._settings_modules()
        if not candidates and not settings and not self._has_routers():
            return []
        self._collect_routers()
        routes: list[Route] = []
        for conf, cfg in self._roots(settings):
            routes.extend(self._walk_module(conf, _Mount("", (), cfg, True), ()))
        # urlconfs no root includes: routes with their own paths, marked unreachable
        rest = [f for f in candidates if f.path not in self.visited]
        reached, included = self.visited, set()
        for facts in rest:  # which of them include which
            self.visited = set()
            list(self._walk_module(facts, _Mount("", (), _Settings(), False), ()))
            included |= self.visited - {facts.path}
        self.visited = reached
        for facts in rest:
            if facts.path not in included:
                routes.extend(self._walk_module(facts, _Mount("", (), _Settings(), False), ()))
        return dedupe(routes)

    def _has_routers(self) -> bool:
        return any(c.method == "register" for f in self.ctx.modules for c in f.calls)

    # --- settings ------------------------------------------------------------------------

    def _settings_modules(self) -> list[ModuleFacts]:
        """Settings modules: ``settings.py`` files and ``settings/`` packages (parsed on first
        use: settings text rarely looks like routes), and linked modules setting
        ``ROOT_URLCONF`` or ``REST_FRAMEWORK``."""
        out = {
            f.path: f
            for f in self.ctx.modules
            if ("", "ROOT_URLCONF") in f.assigns or ("", "REST_FRAMEWORK") in f.assigns
        }
        # which registered paths are settings files changes only with the set of paths
        stamp = (id(self.symbols), self.symbols.registrations)
        cached = self.ctx.persistent.get("django.settings_paths")
        if cached is None or cached[0] != stamp:
            named = [
                path
                for path in self.symbols.by_path
                if _SETTINGS_FILE_RE.match(os.path.basename(path))
                or os.path.basename(os.path.dirname(path)) == "settings"
            ]
            cached = self.ctx.persistent["django.settings_paths"] = (stamp, named)
        for path in cached[1]:
            if path in out:
                continue
            facts = self.symbols.facts(path)
            if facts is not None:
                out[path] = facts
        return sorted(out.values(), key=lambda f: f.path)

    def _roots(self, settings: list[ModuleFacts]) -> list[tuple[ModuleFacts, _Settings]]:
        out: list[tuple[ModuleFacts, _Settings]] = []
        seen: set[str] = set()
        for facts in sorted(settings, key=lambda f: ("", "ROOT_URLCONF") not in f.assigns):
            name = self.symbols.evaluate_str(facts, "", facts.assigns.get(("", "ROOT_URLCONF")))
            if name is None:  # the Django project layout: settings.py next to urls.py
                parent = facts.module.rsplit(".", 1)[0] if "." in facts.module else ""
                if facts.module.rsplit(".", 1)[-1] != "settings":
                    continue
                name = f"{parent}.urls" if parent else "urls"
            conf = self.symbols.module(name, facts.path)
            if conf is None or conf.path in seen:
                continue
            seen.add(conf.path)
            out.append((conf, self._read_settings(facts, settings)))
        return out

    def _read_settings(self, facts: ModuleFacts, others: list[ModuleFacts]) -> _Settings:
        cfg = _Settings(facts)
        # split settings (base.py + dev.py): a value the module lacks comes from a sibling
        # (or, for a settings package, from its modules: ``from .base import *``)
        parent = facts.module.rsplit(".", 1)[0]
        pool = [facts] + [
            o
            for o in others
            if o is not facts
            and (
                o.module.rsplit(".", 1)[0] == parent
                or (facts.is_package and o.module.startswith(facts.module + "."))
            )
        ]
        rest = next((f for f in pool if ("", "REST_FRAMEWORK") in f.assigns), None)
        if rest is not None:
            value = rest.assigns[("", "REST_FRAMEWORK")]
            # ``REST_FRAMEWORK = get_drf_settings(...)``: the dict the project's function returns
            made = (
                self.symbols.follow(self.symbols.resolve_expr(rest, "", value.func))
                if isinstance(value, ast.Call)
                else None
            )
            rest_scope: Scope = ""
            if isinstance(made, FunctionSym):
                returned = made.facts.returns.get(made.qualname)
                if isinstance(returned, ast.Dict):
                    rest, rest_scope, value = made.facts, made.qualname, returned
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    if not isinstance(key, ast.Constant):
                        continue
                    if key.value == "DEFAULT_PERMISSION_CLASSES":
                        cfg.permission = self._class_list(
                            rest, rest_scope, item, "settings", "permission"
                        )
                    elif key.value == "DEFAULT_AUTHENTICATION_CLASSES":
                        cfg.authentication = self._class_list(
                            rest, rest_scope, item, "settings", "authentication"
                        )
        mw = next((f for f in pool if ("", "MIDDLEWARE") in f.assigns), None)
        if mw is not None:
            value = mw.assigns[("", "MIDDLEWARE")]
            for element in value.elts if isinstance(value, (ast.List, ast.Tuple)) else ():
                dotted = self.symbols.evaluate_str(mw, "", element)
                if dotted is None:
                    continue
                short = dotted.rsplit(".", 1)[-1]
                if not self._middleware_enforces(dotted, mw.path):
                    continue
                cfg.middleware.append(
                    AuthRequirement(short, "middleware", self.ctx.origin(mw, element.lineno - 1))
                )
        return cfg

    def _middleware_enforces(self, dotted: str, near: str) -> bool:
        """Whether a MIDDLEWARE entry turns anonymous requests away. Django's own convention
        is that authentication middleware only says who the user is (``request.user``); the
        project's own class is read: it must check ``is_authenticated``/``is_anonymous`` and
        answer 401/403, redirect to the login or raise ``PermissionDenied``. A package's class
        is judged by its name (``LoginRequiredMiddleware``)."""
        module, _, short = dotted.rpartition(".")
        if short in IDENTIFY_ONLY_MIDDLEWARE:
            return False
        facts = self.symbols.module(module, near) if module else None
        cls = facts.classes.get(short) if facts is not None else None
        if cls is None:
            return bool(ENFORCING_MIDDLEWARE_RE.search(short))
        return _rejects_anonymous(cls)

    def _class_list(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, level: str, kind: str
    ) -> list[AuthRequirement]:
        """``[IsAuthenticated, "rest_framework.permissions.IsAdminUser", A & B]`` as entries;
        an empty permission list is a public entry (DRF lets everyone in)."""
        origin = self.ctx.origin(facts, expr.lineno - 1)
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                return self._class_list(sym.facts, sym.scope, sym.value, level, kind)
        if not isinstance(expr, (ast.List, ast.Tuple)):
            return [AuthRequirement(ast.unparse(expr), level, origin, kind=kind)]
        if not expr.elts and kind == "permission":
            return [AuthRequirement("permission_classes=[]", level, origin, public=True)]
        out = []
        for element in expr.elts:
            if isinstance(element, ast.IfExp):
                # one class or the other, by configuration: open only if both are
                either = [
                    self._class_list(
                        facts,
                        scope,
                        ast.copy_location(ast.List([branch], ast.Load()), branch),
                        level,
                        kind,
                    )
                    for branch in (element.body, element.orelse)
                ]
                if all(len(e) == 1 for e in either):
                    out.append(
                        AuthRequirement(
                            f"{either[0][0].name} or {either[1][0].name}",
                            level,
                            self.ctx.origin(facts, element.lineno - 1),
                            public=either[0][0].public and either[1][0].public,
                            kind=kind,
                        )
                    )
                continue
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                name = element.value.rsplit(".", 1)[-1]
                names = [name]
            else:
                name = ast.unparse(element)
                names = [n.rsplit(".", 1)[-1] for n in re.findall(r"[\w.]+", name)]
                name = name if isinstance(element, ast.BinOp) else names[-1]
            public = kind == "permission" and (
                names == ["AllowAny"] or ("AllowAny" in names and "|" in name)
            )
            out.append(
                AuthRequirement(
                    name,
                    level,
                    self.ctx.origin(facts, element.lineno - 1),
                    public=public,
                    kind=kind,
                )
            )
        return out

    # --- url trees -----------------------------------------------------------------------

    def _walk_module(
        self, facts: ModuleFacts, mount: _Mount, chain: tuple[str, ...]
    ) -> Iterator[Route]:
        if facts.path in chain or mount.depth > 16:
            return
        self.visited.add(facts.path)
        items = self._urlpatterns(facts)
        yield from self._walk_items(items, mount, (*chain, facts.path))

    def _urlpatterns(self, facts: ModuleFacts) -> list[_Item]:
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

    def _items(self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int) -> list[_Item]:
        if depth > 12:
            return []
        if isinstance(expr, (ast.List, ast.Tuple)):
            out: list[_Item] = []
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
                return [_Item(facts, scope, call=expr)]
            if name in FORMAT_SUFFIX_FUNCS and expr.args:
                inner = self._items(facts, scope, expr.args[0], depth + 1)
                return [replace(item, suffix=True) for item in inner]
            return []
        if isinstance(expr, ast.Attribute) and expr.attr == "urls":
            keys = tuple(
                sym.key
                for sym in self.ctx.objects(facts, scope, expr.value)
                if isinstance(sym, Assigned)
            )
            if keys:  # a router if one of them is (decided per relink), else the fallback
                fallback = tuple(self._named_items(facts, scope, expr, depth))
                return [_Item(facts, scope, router_keys=keys, fallback=fallback)]
        return self._named_items(facts, scope, expr, depth)

    def _named_items(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int
    ) -> list[_Item]:
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                out = self._items(sym.facts, sym.scope, sym.value, depth + 1)
                line = sym.facts.assign_lines.get((sym.scope, sym.name), -1)
                key = (sym.scope, sym.name)
                # ``+=`` and ``x = wrap(x)`` in the order they run: a wrapper applies to what
                # the list held at that line, not to what is added after it
                changes: list[tuple[int, bool, ast.expr]] = [
                    *((at, False, value) for at, value in sym.facts.augments.get(key, [])),
                    *((at, True, call) for at, call in sym.facts.wraps.get(key, [])),
                ]
                for at, is_wrap, value in sorted(changes, key=lambda c: c[0]):
                    if at <= line:
                        continue
                    if is_wrap:
                        assert isinstance(value, ast.Call)
                        out = self._wrapped(sym.facts, sym.scope, sym.name, value, out)
                    else:
                        out.extend(self._items(sym.facts, sym.scope, value, depth + 1))
                return out
            if isinstance(sym, ModuleSym):
                return self._urlpatterns(sym.facts)
        return []

    def _wrapped(
        self, facts: ModuleFacts, scope: Scope, name: str, call: ast.Call, items: list[_Item]
    ) -> list[_Item]:
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

    def _expand(self, items: Iterable[_Item], suffix: bool = False) -> Iterator[_Item]:
        """Items with each ``x.urls`` decided: this relink's router, or its fallback."""
        for item in items:
            if suffix and not item.suffix:
                item = replace(item, suffix=True)
            if not item.router_keys:
                yield item
                continue
            router = next((self.routers[k] for k in item.router_keys if k in self.routers), None)
            if router is not None:
                yield _Item(item.facts, item.scope, router=router, suffix=item.suffix)
            else:
                yield from self._expand(item.fallback, item.suffix)

    def _walk_items(
        self, items: list[_Item], mount: _Mount, chain: tuple[str, ...]
    ) -> Iterator[Route]:
        for item in self._expand(items):
            here = replace(mount, suffix=True) if item.suffix else mount
            if item.wrappers:
                here = replace(here, wrappers=here.wrappers + item.wrappers)
            if item.router is not None:
                yield from self._router_routes(item.router, here)
            elif item.call is not None:
                yield from self._pattern(item, here, chain)

    def _pattern(self, item: _Item, mount: _Mount, chain: tuple[str, ...]) -> Iterator[Route]:
        facts, scope, call = item.facts, item.scope, item.call
        assert call is not None
        regex = self.symbols.qualified(facts, scope, call.func) in REGEX_FUNCS
        raw = self.symbols.evaluate_str(facts, scope, arg(call, 0, "route"))
        view = arg(call, 1, "view")
        if view is None:
            return
        site = _Site(facts, scope, call)
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
            if isinstance(t_expr, ast.Constant) and isinstance(t_expr.value, str):
                conf = self.symbols.module(t_expr.value, t_facts.path)
                if conf is not None:
                    yield from self._walk_module(conf, sub, chain)
                return
            sym = (
                self.symbols.follow(self.symbols.resolve_expr(t_facts, t_scope, t_expr))
                if isinstance(t_expr, (ast.Name, ast.Attribute))
                else None
            )
            if isinstance(sym, ModuleSym):
                yield from self._walk_module(sym.facts, sub, chain)
                return
            items = self._items(t_facts, t_scope, t_expr, 0)
            if mount.suffix:
                items = [replace(i, suffix=True) for i in items]
            yield from self._walk_items(items, replace(sub, suffix=False), chain)
            return
        variants = [(raw, False)]
        if mount.suffix:
            variants.append((suffixed(raw, regex), True))
        for raw_path, is_suffix in variants:
            sub = self._sub_mount(mount, raw_path, regex)
            entry = _Entry(sub, fragment(raw_path, regex), site, mount.wrappers, is_suffix)
            yield from self._view_routes(facts, scope, view, entry, None)

    def _sub_mount(self, mount: _Mount, raw: str, regex: bool) -> _Mount:
        return replace(
            mount,
            prefix=mount.prefix + fragment(raw, regex),
            params=mount.params + tuple(_params(raw, regex).items()),
            depth=mount.depth + 1,
        )

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

    # --- views ---------------------------------------------------------------------------

    def _view_routes(
        self,
        facts: ModuleFacts,
        scope: Scope,
        view: ast.expr,
        entry: _Entry,
        depth: int | None,
    ) -> Iterator[Route]:
        depth = depth or 0
        if depth > 8:
            return
        if isinstance(view, ast.Call):
            func = view.func
            if isinstance(func, ast.Attribute) and func.attr == "as_view":
                cls = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func.value))
                actions = view.args[0] if view.args else kwarg(view, "actions")
                yield from self._class_routes(facts, scope, cls, actions, entry)
                return
            if view.args:  # ``login_required(view)``, ``permission_required("x")(view)``
                wrapped = replace(entry, wrappers=(*entry.wrappers, (facts, func)))
                yield from self._view_routes(facts, scope, view.args[0], wrapped, depth + 1)
            return
        if not isinstance(view, (ast.Name, ast.Attribute)):
            return
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, view))
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            yield from self._view_routes(sym.facts, sym.scope, sym.value, entry, depth + 1)
        elif isinstance(sym, FunctionSym):
            yield from self._function_routes(sym, entry)
        elif isinstance(sym, External) and not sym.dotted.endswith(".urls"):
            # a view function from a library (``django.views.static.serve``): every method
            module, _, name = sym.dotted.rpartition(".")
            site = entry.site
            handler = _Handler(site.facts, name, site.span, site.span, None)
            methods, auth = self._wrapper_facts(entry.wrappers, (ANY_METHOD,))
            yield self._route(
                "django",
                methods,
                handler,
                f"{module}:{name}",
                entry.mount,
                entry.local,
                auth,
                None,
                entry.is_suffix,
            )

    def _wrapper_facts(
        self, wrappers: tuple[tuple[ModuleFacts, ast.expr], ...], methods: tuple[str, ...]
    ) -> tuple[tuple[str, ...], list[AuthRequirement]]:
        auth: list[AuthRequirement] = []
        for facts, expr in wrappers:
            restricted, req = self._decorator_facts(facts, "", expr)
            if restricted is not None:
                methods = restricted
            auth.extend(req)
        return methods, auth

    def _decorator_facts(
        self, facts: ModuleFacts, scope: Scope, dec: ast.expr
    ) -> tuple[tuple[str, ...] | None, list[AuthRequirement]]:
        """(methods it restricts to, auth entries) of one decorator or view wrapper."""
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = self.symbols.qualified(facts, scope, target) or dotted_name(target) or ""
        short = name.rsplit(".", 1)[-1]
        origin = self.ctx.origin(facts, dec.lineno - 1)
        if short in METHOD_DECORATORS:
            fixed = METHOD_DECORATORS[short]
            if fixed is not None:
                return fixed, []
            listed = arg(dec, 0, "request_method_list") if isinstance(dec, ast.Call) else None
            return (self._method_list(facts, scope, listed) or None), []
        if short == "login_not_required":
            return None, [AuthRequirement(short, "handler", origin, public=True)]
        if short == "method_decorator" and isinstance(dec, ast.Call) and dec.args:
            inner = dec.args[0]
            decorators = inner.elts if isinstance(inner, (ast.List, ast.Tuple)) else [inner]
            auth: list[AuthRequirement] = []
            for d in decorators:
                auth.extend(self._decorator_facts(facts, scope, d)[1])
            return None, [replace(a, origin=origin) for a in auth]
        if short in ("permission_classes", "authentication_classes") and isinstance(dec, ast.Call):
            kind = "permission" if short == "permission_classes" else "authentication"
            listed = dec.args[0] if dec.args else None
            return None, (self._class_list(facts, scope, listed, "handler", kind) if listed else [])
        if short in NOT_AUTH:
            return None, []
        if short in AUTH_DECORATORS or AUTH_NAME_RE.search(short):
            return None, [AuthRequirement(short, "handler", origin)]
        # the project's own decorator, whatever its name (``management_access``), that turns
        # the caller away: ``if not request.user.has_perm(...): raise PermissionDenied``
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
        if isinstance(sym, FunctionSym) and _turns_caller_away(sym.facts.functions[sym.qualname]):
            return None, [AuthRequirement(short, "handler", origin)]
        return None, []

    def _method_list(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> tuple[str, ...]:
        if expr is None:
            return ()
        value = self.symbols.evaluate(facts, scope, expr)
        if not isinstance(value, list):
            return ()
        return _clean(str(m) for m in value if isinstance(m, str))

    def _function_routes(self, sym: FunctionSym, entry: _Entry) -> Iterator[Route]:
        facts = sym.facts
        fn = facts.functions[sym.qualname]
        methods: tuple[str, ...] = (ANY_METHOD,)
        framework = "django"
        auth: list[AuthRequirement] = []
        drf_perm: list[AuthRequirement] | None = None
        drf_authn: list[AuthRequirement] | None = None
        for dec in fn.decorators:
            target = dec.func if isinstance(dec, ast.Call) else dec
            name = self.symbols.qualified(facts, fn.scope, target) or ""
            if name.rsplit(".", 1)[-1] == "api_view":
                framework = "drf"
                listed = arg(dec, 0, "http_method_names") if isinstance(dec, ast.Call) else None
                methods = self._method_list(facts, fn.scope, listed) if listed else ("GET",)
                continue
            restricted, req = self._decorator_facts(facts, fn.scope, dec)
            if restricted is not None:
                methods = restricted
            for r in req:
                if r.kind == "authentication":
                    drf_authn = [*(drf_authn or []), r]
                elif name.rsplit(".", 1)[-1] == "permission_classes":
                    drf_perm = [*(drf_perm or []), r]
                else:
                    auth.append(r)
        wrapped_methods, wrapped_auth = self._wrapper_facts(entry.wrappers, methods)
        if framework == "drf":
            auth = self._drf_auth(entry.mount.settings, drf_perm, drf_authn) + auth
        handler = _Handler(
            facts,
            fn.qualname,
            fn.span,
            fn.full_span,
            fn,
            isinstance(fn.node, ast.AsyncFunctionDef),
        )
        yield self._route(
            framework,
            wrapped_methods,
            handler,
            f"{facts.module}:{fn.qualname}",
            entry.mount,
            entry.local,
            wrapped_auth + auth,
            _decorator_span(facts, fn, "api_view"),
            entry.is_suffix,
        )

    def _drf_auth(
        self,
        cfg: _Settings,
        permission: list[AuthRequirement] | None,
        authentication: list[AuthRequirement] | None,
    ) -> list[AuthRequirement]:
        """A view's own classes replace the settings defaults, each list on its own."""
        authn = authentication if authentication is not None else (cfg.authentication or [])
        perm = permission if permission is not None else (cfg.permission or [])
        return list(authn) + list(perm)

    # --- class-based views ---------------------------------------------------------------

    def _class_routes(
        self,
        facts: ModuleFacts,
        scope: Scope,
        cls: Symbol,
        actions: ast.expr | None,
        entry: _Entry,
    ) -> Iterator[Route]:
        if isinstance(cls, External):
            yield from self._external_class_routes(cls, entry)
            return
        if not isinstance(cls, ClassSym):
            return
        view = _View(self, cls)
        mount, local, is_suffix = entry.mount, entry.local, entry.is_suffix
        _, wrapped_auth = self._wrapper_facts(entry.wrappers, ())
        if actions is not None:  # ``MyViewSet.as_view({"get": "list"})``
            pairs: list[tuple[str, str]] = []
            if isinstance(actions, ast.Dict):
                for k, v in zip(actions.keys, actions.values, strict=True):
                    key = self.symbols.evaluate_str(facts, scope, k) if k is not None else None
                    value = self.symbols.evaluate_str(facts, scope, v)
                    if key and value:
                        pairs.append((key.lower(), value))
            for action, group in _group(pairs):
                yield from self._action_route(
                    view, action, group, mount, local, wrapped_auth, is_suffix
                )
            return
        for verb in view.verbs():
            handler = view.handler(verb)
            if handler is None:
                continue
            auth = wrapped_auth + view.auth(mount.settings, verb, None)
            yield self._route(
                view.framework,
                (verb.upper(),),
                handler,
                f"{handler.facts.module}:{handler.qualname}",
                mount,
                local,
                auth,
                None,
                is_suffix,
            )

    def _external_class_routes(self, cls: External, entry: _Entry) -> Iterator[Route]:
        """``TemplateView.as_view(template_name=...)`` straight in a urlconf."""
        module, _, name = cls.dotted.rpartition(".")
        table = DRF_VIEW_METHODS if module.startswith("rest_framework") else DJANGO_VIEW_METHODS
        verbs = table.get(name)
        if not verbs:
            return
        _, auth = self._wrapper_facts(entry.wrappers, ())
        if module.startswith("rest_framework"):
            auth = self._drf_auth(entry.mount.settings, None, None) + auth
        site = entry.site
        for verb in verbs:
            handler = _Handler(site.facts, f"{name}.{verb}", site.span, site.span, None)
            yield self._route(
                "drf" if module.startswith("rest_framework") else "django",
                (verb.upper(),),
                handler,
                f"{module}:{name}.{verb}",
                entry.mount,
                entry.local,
                auth,
                None,
                entry.is_suffix,
            )

    def _action_route(
        self,
        view: _View,
        action: str,
        verbs: list[str],
        mount: _Mount,
        local: str,
        extra_auth: list[AuthRequirement],
        is_suffix: bool,
        override: tuple[ModuleFacts, ast.Call] | None = None,
    ) -> Iterator[Route]:
        handler = view.handler(action)
        if handler is None:
            return
        methods = _clean(verbs)
        if not methods:
            return
        yield self._route(
            view.framework,
            methods,
            handler,
            f"{handler.facts.module}:{handler.qualname}",
            mount,
            local,
            extra_auth + view.auth(mount.settings, action, override),
            _decorator_span(handler.facts, handler.fn, "action") if handler.fn else None,
            is_suffix,
        )

    # --- DRF routers ---------------------------------------------------------------------

    def _collect_routers(self) -> None:
        for facts in self.ctx.modules:
            for scope, name, value in assigns_of_kind(self.ctx, facts, ROUTER_CLASSES):
                ctor = self.symbols.follow(self.symbols.resolve_expr(facts, scope, value.func))
                bases: list[str] = []
                if isinstance(ctor, External):
                    bases = [ctor.dotted]
                elif isinstance(ctor, ClassSym):
                    bases = self.symbols.class_bases(ctor)
                kinds = [b for b in bases if b in ROUTER_CLASSES]
                if not kinds:
                    continue
                sym = Assigned(facts, scope, name)
                router = _Router(sym, ctor, kinds[0].endswith("DefaultRouter"))
                slash = kwarg(value, "trailing_slash")
                if slash is not None:
                    v = self.symbols.evaluate(facts, scope, slash)
                    router.trailing_slash = "" if v is False or v == "" else "/"
                use_regex = kwarg(value, "use_regex_path")
                if use_regex is not None:
                    router.regex = self.symbols.evaluate(facts, scope, use_regex) is not False
                if isinstance(ctor, ClassSym):  # a project router class switching them off
                    for klass in reversed(self.symbols.class_chain(ctor)):
                        fields = klass.facts.classes[klass.qualname].fields
                        for attr in ("include_root_view", "include_format_suffixes"):
                            entry = fields.get(attr)
                            if entry is None or entry[1] is None:
                                continue
                            on = self.symbols.evaluate(klass.facts, klass.qualname, entry[1])
                            if attr == "include_root_view":
                                router.root_view = on is not False
                            else:
                                router.format_suffixes = on is not False
                self.routers[sym.key] = router
        if not self.routers:
            return
        for facts in self.ctx.modules:
            for call, keys in self._registers_in(facts):
                target = next((self.routers[k] for k in keys if k in self.routers), None)
                if target is not None:
                    target.registry.append((facts, call.scope, call.node))

    def _registers_in(
        self, facts: ModuleFacts
    ) -> tuple[tuple[CallFacts, tuple[tuple[str, str, str], ...]], ...]:
        """Per module, memoised: each ``x.register(...)`` and the assignments ``x`` can be."""

        def compute() -> tuple[tuple[CallFacts, tuple[tuple[str, str, str], ...]], ...]:
            return tuple(
                (
                    call,
                    tuple(
                        sym.key
                        for sym in self.ctx.objects(facts, call.scope, call.receiver)
                        if isinstance(sym, Assigned)
                    ),
                )
                for call in facts.calls
                if call.method == "register"
            )

        return self.ctx.per_module("django.registers", facts, compute)

    def _router(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> _Router | None:
        for sym in self.ctx.objects(facts, scope, expr):
            if isinstance(sym, Assigned) and sym.key in self.routers:
                return self.routers[sym.key]
        return None

    def _router_routes(self, router: _Router, mount: _Mount) -> Iterator[Route]:
        suffix = mount.suffix or (router.default and router.format_suffixes)
        inner = replace(mount, suffix=False)
        for facts, scope, call in router.registry:
            prefix = self.symbols.evaluate_str(facts, scope, arg(call, 0, "prefix"))
            target = arg(call, 1, "viewset")
            if prefix is None or target is None:
                continue
            cls = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
            if not isinstance(cls, ClassSym):
                continue
            view = _View(self, cls)
            lookup = view.lookup(router.regex)
            extras = view.extra_actions()
            shapes: list[tuple[str, list[tuple[str, str]], tuple[ModuleFacts, ast.Call] | None]]
            shapes = [("^{prefix}{ts}$", list(LIST_ROUTE), None)]
            shapes += [
                (f"^{{prefix}}/{x.url_path}{{ts}}$", [(v, x.name) for v in x.verbs], x.call)
                for x in extras
                if not x.detail
            ]
            shapes.append(("^{prefix}/{lookup}{ts}$", list(DETAIL_ROUTE), None))
            shapes += [
                (
                    f"^{{prefix}}/{{lookup}}/{x.url_path}{{ts}}$",
                    [(v, x.name) for v in x.verbs],
                    x.call,
                )
                for x in extras
                if x.detail
            ]
            for shape, mapping, override in shapes:
                bound = [(v, a) for v, a in mapping if view.has_action(a)]
                if not bound:
                    continue
                raw = shape.replace("{ts}", router.trailing_slash).replace("{lookup}", lookup)
                raw = raw.replace("{prefix}", prefix)
                if not router.regex:
                    raw = raw[1:-1]
                if not prefix:
                    raw = raw[1:] if not router.regex and raw.startswith("/") else raw
                    raw = "^" + raw[2:] if raw.startswith("^/") else raw
                variants = [(raw, False)] + (
                    [(suffixed(raw, router.regex), True)] if suffix else []
                )
                for raw_path, is_suffix in variants:
                    sub = self._sub_mount(inner, raw_path, router.regex)
                    local = fragment(raw_path, router.regex)
                    for action, verbs in _group([(v, a) for v, a in bound]):
                        yield from self._action_route(
                            view, action, verbs, sub, local, [], is_suffix, override
                        )
        if router.default and router.root_view:
            yield from self._api_root(router, inner, suffix)

    def _api_root(self, router: _Router, mount: _Mount, suffix: bool) -> Iterator[Route]:
        facts = router.sym.facts
        line = facts.assign_lines.get((router.sym.scope, router.sym.name), 0)
        text_span = Span.of(line, 0, line, len(router.sym.name))
        handler = _Handler(facts, router.sym.name, text_span, text_span, None)
        auth = self._drf_auth(mount.settings, None, None)
        for raw, is_suffix in [("", False)] + ([(suffixed("", False), True)] if suffix else []):
            sub = self._sub_mount(mount, raw, False)
            yield self._route(
                "drf",
                ("GET",),
                handler,
                "rest_framework.routers:APIRootView.get",
                sub,
                route_path(raw),
                auth,
                None,
                is_suffix,
            )

    # --- routes --------------------------------------------------------------------------

    def _route(
        self,
        framework: str,
        methods: tuple[str, ...],
        handler: _Handler,
        name: str,
        mount: _Mount,
        local: str,
        auth: list[AuthRequirement],
        decorator_span: Span | None,
        is_suffix: bool,
    ) -> Route:
        middleware = list(mount.settings.middleware)
        if any(a.public and a.name == "login_not_required" for a in auth):
            middleware = []  # LoginRequiredMiddleware lets these views through
        params = [Parameter(n, conv, None, "path") for n, conv in dict(mount.params).items()]
        fn = handler.fn
        return Route(
            framework=framework,
            methods=methods,
            path="/" + mount.prefix,
            handler=name,
            file=handler.facts.path,
            span=handler.span,
            decorator_span=decorator_span,
            local_path=local,
            parameters=params,
            auth=middleware + auth,
            docstring=docstring(fn) if fn is not None else None,
            is_async=handler.is_async,
            reachable=mount.reachable,
            body_span=handler.body_span,
            tags=("format-suffix",) if is_suffix else (),
        )


@dataclass(frozen=True)
class _Site:
    """The ``path(...)`` call a view is routed by (where library views are shown)."""

    facts: ModuleFacts
    scope: Scope
    call: ast.Call

    @property
    def span(self) -> Span:
        return span_of(self.call, self.facts.wide_lines)


@dataclass(frozen=True)
class _Entry:
    """What a urlconf entry says about the view it routes, carried together down the walk
    from the ``path()`` call through wrappers and ``as_view`` to each handler."""

    mount: _Mount  # where the entry is mounted, its own path included
    local: str  # the path the entry itself adds
    site: _Site
    wrappers: tuple[tuple[ModuleFacts, ast.expr], ...]  # ``login_required(view)``, outer first
    is_suffix: bool  # the format_suffix_patterns copy


class _View:
    """A project view class: its project ancestors, library bases, handlers and auth."""

    def __init__(self, linker: DjangoLinker, cls: ClassSym) -> None:
        self.linker = linker
        self.symbols = linker.symbols
        self.cls = cls
        self.chain = self.symbols.class_chain(cls)
        self.external = [
            b for b in self.symbols.class_bases(cls) if b.startswith(("django.", "rest_framework."))
        ]
        drf = any(b.startswith("rest_framework.") for b in self.external)
        self.framework = "drf" if drf else "django"

    def _info(self, klass: ClassSym) -> ClassFacts:
        return klass.facts.classes[klass.qualname]

    def _own(self, name: str) -> tuple[ClassSym, FunctionFacts] | None:
        for klass in self.chain:
            fn = self._info(klass).methods.get(name)
            if fn is not None:
                return klass, fn
        return None

    def _field(self, name: str) -> tuple[ClassSym, ast.expr] | None:
        for klass in self.chain:
            entry = self._info(klass).fields.get(name)
            if entry is not None and entry[1] is not None:
                return klass, entry[1]
        return None

    def _library(self, name: str, table: dict[str, tuple[str, ...]]) -> bool:
        return any(name in table.get(b.rsplit(".", 1)[-1], ()) for b in self.external)

    def verbs(self) -> list[str]:
        allowed: list[str] = list(VERBS)
        declared = self._field("http_method_names")
        if declared is not None:
            klass, expr = declared
            value = self.symbols.evaluate(klass.facts, klass.qualname, expr)
            if isinstance(value, list):
                allowed = [str(v).lower() for v in value if isinstance(v, str)]
        table = DRF_VIEW_METHODS if self.framework == "drf" else DJANGO_VIEW_METHODS
        out = [
            v
            for v in allowed
            if self._own(v) is not None
            or (v not in ("head", "options") and self._library(v, table))
        ]
        return [v for v in out if not (v == "head" and "get" in out)]

    def has_action(self, action: str) -> bool:
        return self._own(action) is not None or self._library(action, DRF_ACTIONS)

    def handler(self, name: str) -> _Handler | None:
        own = self._own(name)
        if own is not None:
            klass, fn = own
            return _Handler(
                klass.facts,
                fn.qualname,
                fn.span,
                fn.full_span,
                fn,
                isinstance(fn.node, ast.AsyncFunctionDef),
            )
        if (
            self._library(name, DJANGO_VIEW_METHODS)
            or self._library(name, DRF_VIEW_METHODS)
            or self._library(name, DRF_ACTIONS)
        ):
            info = self._info(self.cls)
            return _Handler(
                self.cls.facts,
                f"{self.cls.qualname}.{name}",
                info.span,
                span_of(info.node, self.cls.facts.wide_lines),
                None,
            )
        return None

    def lookup(self, regex: bool) -> str:
        def text(name: str) -> str | None:
            found = self._field(name)
            if found is None:
                return None
            klass, expr = found
            return self.symbols.evaluate_str(klass.facts, klass.qualname, expr)

        kwarg_name = text("lookup_url_kwarg") or text("lookup_field") or "pk"
        if regex:
            return f"(?P<{kwarg_name}>{text('lookup_value_regex') or '[^/.]+'})"
        value = text("lookup_value_converter") or text("lookup_value_regex") or "str"
        return f"<{value}:{kwarg_name}>"

    def extra_actions(self) -> list[_Action]:
        """Each ``@action`` (in definition order), then each ``@<action>.mapping.<verb>``
        handler, which serves its verb on the action's URL."""
        out: list[_Action] = []
        seen: set[str] = set()
        for klass in self.chain:
            for fn in self._info(klass).methods.values():
                if fn.name in seen:
                    continue
                for dec in fn.decorators:
                    if not isinstance(dec, ast.Call):
                        continue
                    name = self.symbols.qualified(klass.facts, fn.scope, dec.func) or ""
                    if name.rsplit(".", 1)[-1] != "action":
                        continue
                    seen.add(fn.name)
                    detail = kwarg(dec, "detail")
                    is_detail = (
                        detail is not None
                        and self.symbols.evaluate(klass.facts, fn.scope, detail) is True
                    )
                    url_path = self.symbols.evaluate_str(
                        klass.facts, fn.scope, kwarg(dec, "url_path")
                    )
                    verbs = ["get"]
                    listed = kwarg(dec, "methods")
                    if listed is not None:
                        value = self.symbols.evaluate(klass.facts, fn.scope, listed)
                        if isinstance(value, list):
                            verbs = [str(v).lower() for v in value if isinstance(v, str)]
                    out.append(
                        _Action(fn.name, is_detail, url_path or fn.name, verbs, (klass.facts, dec))
                    )
        mapped: list[_Action] = []
        for action in out:
            for klass in self.chain:
                for fn in self._info(klass).methods.values():
                    for d in fn.decorators:
                        if (
                            isinstance(d, ast.Attribute)
                            and isinstance(d.value, ast.Attribute)
                            and d.value.attr == "mapping"
                            and isinstance(d.value.value, ast.Name)
                            and d.value.value.id == action.name
                        ):
                            mapped.append(replace(action, name=fn.name, verbs=[d.attr]))
        return out + mapped

    def auth(
        self,
        cfg: _Settings,
        verb_or_action: str,
        override: tuple[ModuleFacts, ast.Call] | None,
    ) -> list[AuthRequirement]:
        linker = self.linker
        out: list[AuthRequirement] = []
        # mixins and class decorators, Django and DRF views alike
        for klass in self.chain:
            info = self._info(klass)
            for base in info.bases:
                sym = self.symbols.follow(self.symbols.resolve_expr(klass.facts, info.scope, base))
                dotted = sym.dotted if isinstance(sym, (External, ClassSym)) else ""
                short = dotted.rsplit(".", 1)[-1]
                named = short.endswith("Mixin") and AUTH_NAME_RE.search(short[: -len("Mixin")])
                if (short in AUTH_MIXINS or named) and all(a.name != short for a in out):
                    out.append(
                        AuthRequirement(
                            short, "handler", linker.ctx.origin(klass.facts, base.lineno - 1)
                        )
                    )
            for dec in info.node.decorator_list:
                if not (isinstance(dec, ast.Call) and kwarg(dec, "name") is not None):
                    continue
                target = linker.symbols.evaluate_str(klass.facts, info.scope, kwarg(dec, "name"))
                if target in ("dispatch", verb_or_action):
                    out.extend(linker._decorator_facts(klass.facts, info.scope, dec)[1])
        for name in ("dispatch", verb_or_action):
            own = self._own(name)
            if own is not None:
                klass, fn = own
                for dec in fn.decorators:
                    out.extend(
                        a
                        for a in linker._decorator_facts(klass.facts, fn.scope, dec)[1]
                        if a.kind == "permission" and not _is_drf_classes(dec)
                    )
        if self.framework != "drf":
            return out
        perm: list[AuthRequirement] | None = None
        authn: list[AuthRequirement] | None = None
        for attr in ("permission_classes", "authentication_classes"):
            kind = "permission" if attr == "permission_classes" else "authentication"
            value: tuple[ModuleFacts, Scope, ast.expr] | None = None
            if override is not None and kwarg(override[1], attr) is not None:
                o_facts, o_call = override
                value = (o_facts, "", kwarg(o_call, attr))  # type: ignore[assignment]
            else:
                found = self._field(attr)
                if found is not None:
                    value = (found[0].facts, found[0].qualname, found[1])
            if value is not None:
                entries = linker._class_list(value[0], value[1], value[2], "handler", kind)
                if kind == "permission":
                    perm = entries
                else:
                    authn = entries
        return linker._drf_auth(cfg, perm, authn) + out


def _is_drf_classes(dec: ast.expr) -> bool:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return (dotted_name(target) or "").rsplit(".", 1)[-1] in (
        "permission_classes",
        "authentication_classes",
    )


def _clean(methods: object) -> tuple[str, ...]:
    """Upper case, in order, HEAD left out where GET is served."""
    out = tuple(dict.fromkeys(str(m).upper() for m in methods))  # type: ignore[attr-defined]
    return tuple(m for m in out if not (m == "HEAD" and "GET" in out))


def _group(pairs: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """[(verb, action)] -> [(action, [verbs])], in first-seen order."""
    out: dict[str, list[str]] = {}
    for verb, action in pairs:
        out.setdefault(action, []).append(verb)
    return list(out.items())


def _decorator_span(facts: ModuleFacts, fn: FunctionFacts | None, name: str) -> Span | None:
    for dec in fn.decorators if fn is not None else ():
        target = dec.func if isinstance(dec, ast.Call) else dec
        if (dotted_name(target) or "").rsplit(".", 1)[-1] == name:
            return span_of(dec, facts.wide_lines)
    return None


def _rejects_anonymous(cls: ClassFacts) -> bool:
    """A middleware class whose request hooks check whether the user is anonymous and turn
    the request away (a 401/403 answer, a redirect to the login, ``PermissionDenied``)."""
    checks = rejects = False
    for node in hook_nodes(cls.node, MIDDLEWARE_HOOKS):
        if isinstance(node, ast.Attribute) and node.attr in ANONYMOUS_CHECKS:
            checks = True
        elif isinstance(node, ast.Call):
            called = last_name(node.func)
            rejects = rejects or (
                called in REJECTIONS
                or (called in REDIRECTS and "login" in ast.unparse(node).lower())
                or answers_unauthorized(node)
            )
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            rejects = rejects or last_name(exc) in REJECTIONS
    if _configured_paths_only(cls):
        return False
    # a class named for it that checks the user is taken at its word for how it answers
    return checks and (rejects or bool(ENFORCING_MIDDLEWARE_RE.search(cls.name)))


def _turns_caller_away(fn: FunctionFacts) -> bool:
    """A decorator whose wrapper raises ``PermissionDenied`` (or answers
    ``HttpResponseForbidden``, redirects to the login)."""
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if last_name(exc) in REJECTIONS:
                return True
        elif isinstance(node, ast.Call) and last_name(node.func) in REJECTIONS:
            return True
    return False


def _configured_paths_only(cls: ClassFacts) -> bool:
    """A middleware that turns requests away only for the paths its configuration lists:
    ``for url in self.required: if url.match(request.path): return login_required(view)(...)``
    protects what ``LOGIN_REQUIRED_URLS`` says, which the code does not tell. A test against a
    written path (``request.path.startswith("/api/")``) still counts, and so does an exemption
    (``if url.match(request.path): return None``)."""
    for node in hook_nodes(cls.node, MIDDLEWARE_HOOKS):
        if not isinstance(node, ast.If):
            continue
        reads_path = any(
            isinstance(n, ast.Attribute) and n.attr in {"path", "path_info"}
            for n in ast.walk(node.test)
        )
        written = any(
            isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node.test)
        )
        if reads_path and not written and any(_turns_away(s) for s in node.body):
            return True
    return False


def _turns_away(stmt: ast.stmt) -> bool:
    """A raise, or a return of something other than None or the next handler's response."""
    if isinstance(stmt, ast.Raise):
        return True
    if not isinstance(stmt, ast.Return) or stmt.value is None:
        return False
    value = stmt.value
    if isinstance(value, ast.Constant) and value.value is None:
        return False
    return not (isinstance(value, ast.Call) and last_name(value.func) == "get_response")

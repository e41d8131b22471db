"""Django and DRF route discovery checked against Django's own URL resolver.

A subprocess configures each project (``DJANGO_SETTINGS_MODULE``, ``django.setup()``), walks
``get_resolver().url_patterns`` and prints every (method, path) the project serves:

- paths: ``path()`` routes with converters written ``{name}``; ``re_path()`` regexes as
  ``django.utils.regex_helper.normalize`` reduces them (what ``reverse()`` uses), groups
  ``{name}``; fragments joined as the resolver joins them.
- methods: every method the view answers, as its dispatch picks the handler: those of a
  class-based view's (also ``@api_view``'s) ``http_method_names`` it has an attribute for
  (a DRF viewset's ``callback.actions`` bound to theirs), HEAD where ``View.setup`` or
  ``ViewSetMixin.as_view`` serve GET's handler for it, OPTIONS by ``View.options`` (DRF's
  unless ``metadata_class`` is None); a function view's ``require_http_methods`` list (found
  in the decorator's closure), else ``ANY``. The index has them as ``methods`` and
  ``automatic`` (what the framework adds), compared through ``served``.
- which routes: every route the resolver serves, the URLconfs and views of installed packages
  included (``include("rest_framework.urls")``, ``django.contrib.auth.urls``, a schema view),
  and the admin sites' (``admin.site.urls``, a custom ``AdminSite``: the models registered
  with them by the installed apps' admin modules, Django's and packages' included).

The index never runs the code and must find exactly that set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from _support import (
    EXAMPLES,
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    served,
    write_tree,
)
from backend_architect.core.model import Route
from backend_architect.index.frameworks.django.generic_views import (
    DJANGO_VIEW_METHODS,
    DRF_ACTIONS,
    DRF_VIEW_METHODS,
)
from backend_architect.index.frameworks.django.paths import regex_path
from backend_architect.index.project import ProjectIndex

_frameworks = modules_fixture("django", "rest_framework")

PROBE = r"""
import json, os, re, sys

root, settings_module = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, root)
os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
import django

django.setup()
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

CONVERTER = re.compile(r"<(?:[^>:]+:)?(\w+)>")


def fragment(pattern):
    if isinstance(pattern, RoutePattern):
        return CONVERTER.sub(r"{\1}", str(pattern))
    if isinstance(pattern, RegexPattern):
        text = normalize(pattern.regex.pattern)[0][0]
        return re.sub(r"%\((\w+)\)s", r"{\1}", text).replace("%%", "%")
    raise SystemExit(f"unexpected pattern {pattern!r}")


def in_project(module_name):
    module = sys.modules.get(module_name or "")
    path = getattr(module, "__file__", None)
    return path is not None and os.path.abspath(path).startswith(root + os.sep)


def view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def owner(cls, name):
    return next((k for k in cls.__mro__ if name in vars(k)), None)


def owns_dispatch(cls):
    return owner(cls, "dispatch").__module__ not in (
        "django.views.generic.base",
        "rest_framework.views",
    )


class SignedIn:
    is_authenticated = is_active = True
    is_anonymous = False


def answered(callback):
    # the methods a view answers with something else than 405, asked with requests (a view
    # that only overrides dispatch, as GraphQL's do, names no handler methods)
    from django.test import RequestFactory

    factory, out = RequestFactory(), set()
    for method in ("get", "post", "put", "patch", "delete", "head", "options"):
        request = factory.generic(
            method.upper(), "/", "{}", "application/json", HTTP_ACCEPT="application/json"
        )
        request.user = SignedIn()
        if callback(request).status_code != 405:
            out.add(method)
    return out


def methods(callback):
    cls = view_class(callback)
    actions = getattr(callback, "actions", None)
    if cls is not None:
        # dispatch (View's, APIView's) serves a method in http_method_names by the view's
        # attribute of that name: a viewset's actions bound to their methods (with head
        # beside get, ViewSetMixin.as_view), else the class's own; View.setup sets
        # head = get where there is a get and no head (ViewSetMixin's view skips setup)
        bound = set(actions or ())
        if "get" in bound or (not actions and hasattr(cls, "get")):
            bound.add("head")
        found = {m for m in cls.http_method_names if m in bound or hasattr(cls, m)}
        # APIView.options answers 405 when the view has no metadata class
        options = owner(cls, "options")
        if options is not None and options.__module__ == "rest_framework.views":
            if cls.metadata_class is None:
                found.discard("options")
        if not found - {"options"} and owns_dispatch(cls):
            found = answered(callback)
    else:
        found = None
        fn = callback
        while fn is not None and found is None:
            code = getattr(fn, "__code__", None)
            if code is not None and "request_method_list" in code.co_freevars:
                cell = fn.__closure__[code.co_freevars.index("request_method_list")]
                found = {m.lower() for m in cell.cell_contents}
            fn = getattr(fn, "__wrapped__", None)
        if found is None:
            return {"ANY"}
    return {m.upper() for m in found}


out = set()


def walk(patterns, prefix):
    for p in patterns:
        if isinstance(p, URLResolver):
            walk(p.url_patterns, prefix + fragment(p.pattern))
        elif isinstance(p, URLPattern):
            for m in methods(p.callback):
                out.add((m, "/" + prefix + fragment(p.pattern)))


walk(get_resolver().url_patterns, "")
print(json.dumps(sorted(out)))
"""


@dataclass(frozen=True)
class Case:
    id: str
    root: Path
    settings: str
    min_routes: int = 3


CASES = [
    Case("example-django_drf", EXAMPLES / "django_drf", "library.settings", min_routes=30),
    Case("django-site", WORKSPACES / "routes_django_site", "mysite.settings", min_routes=25),
    Case("drf-routers", WORKSPACES / "routes_django_drf_routers", "api.settings", min_routes=30),
    Case("drf-views", WORKSPACES / "routes_django_drf_views", "service.settings", min_routes=12),
    # ``urlpatterns = router.urls`` and ``[...] + router.urls``; router classes that change
    # the routes: NetBox's bulk mapping in ``__init__``, their own ``routes`` list
    Case("router-shapes", WORKSPACES / "routes_django_router_shapes", "api.settings", 30),
    # URLconfs and views of installed packages, read from site-packages without importing;
    # admin sites: a custom AdminSite, ModelAdmin get_urls overrides, User/Group replaced
    Case("packages", WORKSPACES / "routes_django_packages", "portal.settings", min_routes=20),
    # the GraphQL endpoint: graphene-django's and Strawberry's views (a subclass that only
    # overrides dispatch), GET and POST as the views answer them
    Case("graphql", WORKSPACES / "routes_django_graphql", "gqlsite.settings", min_routes=6),
    # the admin's registry as the admin modules run: one importing another app's admin and
    # unregistering its models before autodiscover reaches that app, an admin package, a
    # swapped auth.User (AUTH_USER_MODEL)
    Case("admin-order", WORKSPACES / "routes_django_admin_order", "adminorder.settings", 20),
    # all of them in one project shaped like NetBox
    Case("large", WORKSPACES / "routes_django_large", "core.settings", min_routes=150),
    # NetBox's shape: URL lists built by get_model_urls() from a registry that decorators
    # fill, views re-exported by ``from .x import *`` (``__all__``) two packages away
    Case("registry", WORKSPACES / "routes_django_registry", "netbox.settings", min_routes=13),
]


def django_routes(case: Case) -> set[tuple[str, str]]:
    return {(m, p) for m, p in framework_dump(PROBE, str(case.root), case.settings, cwd=case.root)}


def _package(root: Path, name: str = "proj") -> Path:
    """An empty package ``name`` under ``root`` (the project a test writes its modules into)."""
    write_tree(root, {f"{name}/__init__.py": ""})
    return root / name


def pairs(routes: list[Route]) -> set[tuple[str, str]]:
    return {(m, r.path) for r in routes for m in r.methods}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_routes_match_django(case: Case) -> None:
    # the GraphQL operations a schema serves are routes too, but not the resolver's
    http = [r for r in cold_index(case.root).published_routes() if r.framework != "graphql"]
    assert_same_set(django_routes(case), served(http), case.min_routes)


def test_graphql_operations_name_the_django_endpoint_serving_them() -> None:
    index = cold_index(WORKSPACES / "routes_django_graphql")
    endpoints = {r.path: r.endpoint for r in index.routes if r.framework == "graphql"}
    assert endpoints == {
        # served through GRAPHENE["SCHEMA"] and by schema=
        "hello": "/graphql/, /graphql/explicit/",
        "addBook": "/graphql/, /graphql/explicit/",
        "shelfCount": "/shelves/graphql/",
    }
    private = _route(index, "POST", "/shelves/graphql/")
    assert private.handler == "books.views:PrivateGraphQLView.dispatch"
    assert [a.name for a in private.auth] == ["login_required"]


def test_probe_reports_a_wrong_index(tmp_path: Path) -> None:
    """The comparison can fail: a urlconf built in a loop over the settings' values (which
    the index does not evaluate) is served but not seen."""
    proj = _package(tmp_path)
    (proj / "settings.py").write_text(
        'SECRET_KEY = "x"\nROOT_URLCONF = "proj.urls"\nINSTALLED_APPS = []\nPAGES = ["a", "b"]\n'
    )
    (proj / "urls.py").write_text(
        "from django.conf import settings\n"
        "from django.http import HttpResponse\n"
        "from django.urls import path\n"
        "def page(request):\n"
        "    return HttpResponse('x')\n"
        "urlpatterns = [path('static/', page)]\n"
        "for name in settings.PAGES:\n"
        "    urlpatterns.append(path(name + '/', page))\n"
    )
    case = Case("dynamic", tmp_path, "proj.settings")
    assert django_routes(case) == {("ANY", "/static/"), ("ANY", "/a/"), ("ANY", "/b/")}
    assert pairs(cold_index(tmp_path).published_routes()) == {("ANY", "/static/")}


@pytest.mark.parametrize(
    "pattern",
    [
        r"^articles/(?P<year>[0-9]{4})/$",
        r"^page/\d+/(?P<slug>[-\w]+)/?$",
        r"^refunds/(?:(?P<pk>\d+)/)?$",
        r"^(?P<a>x)(?:-(?P<b>\w+))?\.json\Z",
        r"^files/(.+)/([a-z]{2,3})/$",
        r"^books/(?P<isbn>[0-9]{13})\.(?P<format>[a-z0-9]+)/?$",
        r"^a+b*c{3}d{2,}/$",
        r"^[abc]-(?=x)x$",
        r"^one|two$",
    ],
)
def test_regex_path_is_what_django_reverses(pattern: str) -> None:
    import re

    from django.utils.regex_helper import normalize

    expected = re.sub(r"%\((\w+)\)s", r"{\1}", normalize(pattern)[0][0]).replace("%%", "%")
    assert regex_path(pattern) == expected


def test_library_view_tables_match_the_installed_frameworks() -> None:
    """The implied methods of generic views and the actions of DRF's bases, as installed."""
    script = r"""
import json, django
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"])
django.setup()
import django.contrib.auth.views as auth_views
import django.views.generic as generic
import django.views.generic.dates as dates
import django.views.generic.detail as detail
import django.views.generic.edit as edit
import django.views.generic.list as listing
from django.views.generic.base import View
from rest_framework import generics, mixins, views, viewsets

VERBS = ["get", "post", "put", "patch", "delete"]
def verbs(cls, base):
    return [
        m
        for m in VERBS
        if m in cls.http_method_names
        and hasattr(cls, m)
        and getattr(cls, m) is not getattr(base, m, None)
    ]
out = {"django": {}, "drf": {}, "actions": {}}
for module in (generic, edit, listing, detail, dates, auth_views):
    for name in dir(module):
        cls = getattr(module, name)
        if isinstance(cls, type) and issubclass(cls, View):
            out["django"][name] = verbs(cls, View)
for name in dir(generics):
    cls = getattr(generics, name)
    if isinstance(cls, type) and issubclass(cls, views.APIView):
        out["drf"][name] = verbs(cls, views.APIView)
ACTIONS = ["list", "create", "retrieve", "update", "partial_update", "destroy"]
for module in (viewsets, mixins):
    for name in dir(module):
        cls = getattr(module, name)
        if isinstance(cls, type) and (name.endswith("Mixin") or name.endswith("ViewSet")):
            out["actions"][name] = [a for a in ACTIONS if hasattr(cls, a)]
print(json.dumps(out))
"""
    installed = framework_dump(script)
    for table, key in ((DJANGO_VIEW_METHODS, "django"), (DRF_VIEW_METHODS, "drf")):
        for name, methods in table.items():
            if name in installed[key]:
                assert list(methods) == installed[key][name], name
    assert set(installed["django"]) - {"GenericViewError"} <= set(DJANGO_VIEW_METHODS)
    assert set(installed["drf"]) <= set(DRF_VIEW_METHODS)
    for name, actions in installed["actions"].items():
        if name in DRF_ACTIONS:
            assert list(DRF_ACTIONS[name]) == actions, name


def test_methods_the_framework_answers_by_itself(tmp_path: Path) -> None:
    """``methods`` are the project's handlers, ``automatic`` what Django and DRF add: HEAD
    beside GET (``View.setup``, a viewset's as_view) and OPTIONS (``View.options``, DRF's
    with a metadata class), within ``http_method_names``; ``@api_view`` allows its list and
    options only; ``require_http_methods`` and a plain function view add nothing."""
    proj = _package(tmp_path)
    (proj / "settings.py").write_text('ROOT_URLCONF = "proj.urls"\n')
    (proj / "views.py").write_text(
        "from django.views import View\n"
        "from django.views.decorators.http import require_http_methods, require_safe\n"
        "from rest_framework.decorators import api_view\n"
        "from rest_framework.viewsets import ViewSet\n\n"
        "class Page(View):\n"
        "    def get(self, request): ...\n"
        "    def post(self, request): ...\n\n"
        "class Narrow(View):\n"
        '    http_method_names = ["get"]\n'
        "    def get(self, request): ...\n\n"
        "class Books(ViewSet):\n"
        "    def list(self, request): ...\n"
        "    def create(self, request): ...\n\n"
        "class Silent(ViewSet):\n"
        "    metadata_class = None\n"
        "    def list(self, request): ...\n\n"
        '@api_view(["GET", "POST"])\n'
        "def items(request): ...\n\n"
        '@require_http_methods(["GET", "POST"])\n'
        "def form(request): ...\n\n"
        "@require_safe\n"
        "def feed(request): ...\n\n"
        "def any_method(request): ...\n"
    )
    (proj / "urls.py").write_text(
        "from django.urls import path\n"
        "from rest_framework.routers import SimpleRouter\n"
        "from proj import views\n\n"
        "router = SimpleRouter()\n"
        'router.register("books", views.Books, basename="books")\n'
        'router.register("silent", views.Silent, basename="silent")\n'
        "urlpatterns = [\n"
        '    path("page/", views.Page.as_view()),\n'
        '    path("narrow/", views.Narrow.as_view()),\n'
        '    path("items/", views.items),\n'
        '    path("form/", views.form),\n'
        '    path("feed/", views.feed),\n'
        '    path("any/", views.any_method),\n'
        "] + router.urls\n"
    )
    routes = cold_index(tmp_path).published_routes()
    assert {(r.path, r.methods, r.automatic) for r in routes} == {
        ("/page/", ("GET",), ("HEAD", "OPTIONS")),
        ("/page/", ("POST",), ("OPTIONS",)),
        ("/narrow/", ("GET",), ()),
        ("/books/", ("GET",), ("HEAD", "OPTIONS")),
        ("/books/", ("POST",), ("OPTIONS",)),
        ("/silent/", ("GET",), ("HEAD",)),
        ("/items/", ("GET", "POST"), ("OPTIONS",)),
        ("/form/", ("GET", "POST"), ()),
        ("/feed/", ("GET", "HEAD"), ()),
        ("/any/", ("ANY",), ()),
    }
    # what Django serves there, as the truth test asks it
    case = Case("automatic", tmp_path, "proj.settings")
    assert django_routes(case) == served(routes)


def _route(index: ProjectIndex, method: str, path: str) -> Route:
    found = [r for r in index.routes if r.path == path and method in r.methods]
    assert len(found) == 1, (method, path, found)
    return found[0]


def _auth(route: Route) -> list[tuple[str, str, str, bool, str]]:
    return [(a.name, a.level, a.origin, a.public, a.kind) for a in route.auth]


def test_django_auth_facts() -> None:
    index = cold_index(WORKSPACES / "routes_django_site")
    middleware = (
        "LoginRequiredMiddleware",
        "middleware",
        "mysite/settings.py:17",
        False,
        "permission",
    )
    comment = _route(index, "POST", "/blog/{pk}/comment/")
    assert comment.methods == ("GET", "POST")
    assert comment.handler == "blog.views:comment"
    assert _auth(comment) == [
        middleware,
        ("login_required", "handler", "blog/views.py:19", False, "permission"),
    ]
    detail = _route(index, "GET", "/blog/{pk}/")
    assert detail.handler == "blog.views:PostDetail.get"
    assert _auth(detail)[1] == (
        "LoginRequiredMixin",
        "handler",
        "blog/views.py:44",
        False,
        "permission",
    )
    update = _route(index, "POST", "/blog/{pk}/edit/")
    assert _auth(update)[1][:3] == ("login_required", "handler", "blog/views.py:53")
    checkout = _route(index, "PUT", "/shop/checkout/")
    assert checkout.handler == "shop.views:CartView.put"
    assert _auth(checkout)[1][:3] == ("user_passes_test", "handler", "shop/views.py:35")
    stock = _route(index, "ANY", "/shop/products/stock/")
    assert stock.methods == ("ANY",)
    assert _auth(stock)[1][:2] == ("staff_member_required", "handler")
    robots = _route(index, "ANY", "/robots.txt")
    assert _auth(robots) == [middleware]
    about = _route(index, "POST", "/about/")
    assert about.file.endswith(os.path.join("mysite", "views.py"))
    assert about.span.start.line == 20  # ``def post`` (0-based)


def test_drf_auth_facts() -> None:
    index = cold_index(WORKSPACES / "routes_django_drf_routers")
    token = ("TokenAuthentication", "settings", "api/settings.py:18", False, "authentication")
    books = _route(index, "GET", "/api/v1/books/")
    assert books.framework == "drf"
    assert books.handler == "library.viewsets:BookViewSet.list"
    assert _auth(books) == [
        token,
        ("IsAuthenticated", "settings", "api/settings.py:21", False, "permission"),
    ]
    reserve = _route(index, "DELETE", "/api/v1/books/{isbn}/reserve/")
    assert reserve.methods == ("POST", "DELETE")
    assert _auth(reserve)[1] == (
        "IsAdminUser",
        "handler",
        "library/viewsets.py:21",
        False,
        "permission",
    )
    shelves = _route(index, "GET", "/api/v1/shelves/{shelf_id}/")
    assert _auth(shelves)[1] == (
        "AllowAny",
        "handler",
        "library/viewsets.py:37",
        True,
        "permission",
    )
    stats = _route(index, "GET", "/api/stats/summary")
    assert _auth(stats) == [
        ("permission_classes=[]", "handler", "library/viewsets.py:52", True, "permission")
    ]
    root = _route(index, "GET", "/api/v1/")
    assert root.handler == "rest_framework.routers:APIRootView.get"
    assert root.file.endswith(os.path.join("library", "urls.py"))

    views = cold_index(WORKSPACES / "routes_django_drf_views")
    admin_mw = (
        "LoginRequiredMiddleware",
        "middleware",
        "service/settings/base.py:13",
        False,
        "permission",
    )
    version = _route(views, "GET", "/shop/version/")
    assert _auth(version) == [
        admin_mw,
        ("IsAdminUser", "settings", "service/settings/base.py:17", False, "permission"),
    ]
    cart = _route(views, "POST", "/shop/cart/")
    assert _auth(cart) == [
        admin_mw,
        ("SessionAuthentication", "handler", "orders/views.py:59", False, "authentication"),
        ("IsAuthenticated", "handler", "orders/views.py:60", False, "permission"),
    ]
    ping = _route(views, "ANY", "/shop/ping/")
    assert _auth(ping) == [
        ("login_not_required", "handler", "orders/views.py:71", True, "permission")
    ]
    refunds = _route(views, "DELETE", "/shop/refunds/")
    assert [a[0] for a in _auth(refunds)] == [
        "LoginRequiredMiddleware",
        "TokenAuthentication",
        "permissions.IsAuthenticated & permissions.DjangoModelPermissions",
    ]

    example = cold_index(EXAMPLES / "django_drf")
    loan = _route(example, "POST", "/api/loans/create/")
    assert _auth(loan) == [
        ("IsAuthenticated", "handler", "catalog/views.py:51", False, "permission")
    ]
    authors = _route(example, "GET", "/api/authors/")
    assert _auth(authors) == [
        ("IsAuthenticatedOrReadOnly", "settings", "library/settings.py:72", False, "permission")
    ]


def test_urlconf_no_root_includes_is_unreachable(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "views.py").write_text("def page(request):\n    return None\n")
    (tmp_path / "app" / "urls.py").write_text(
        "from django.urls import include, path\nfrom app import views\n"
        "urlpatterns = [path('p/', views.page), path('sub/', include('app.more'))]\n"
    )
    (tmp_path / "app" / "more.py").write_text(
        "from django.urls import path\nfrom app import views\nurlpatterns = [path('q/', views.page)]\n"
    )
    index = cold_index(tmp_path)
    assert {(r.path, r.reachable) for r in index.routes} == {("/p/", False), ("/sub/q/", False)}


def test_edit_relinks_a_urlconf() -> None:
    root = WORKSPACES / "routes_django_site"
    index = cold_index(root)
    urls = root / "shop" / "urls.py"
    text = urls.read_text()
    index.update(str(urls), text.replace('path("cart/"', 'path("basket/"'), overlay=True)
    paths = {r.path for r in index.routes}
    assert "/shop/basket/" in paths and "/shop/cart/" not in paths


MIDDLEWARE_CLASSES = '''
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden, JsonResponse


class TokenUserMiddleware:
    """Says who the user is; lets everyone through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.headers.get("Authorization")
        if token and not request.user.is_authenticated:
            request.user = lookup(token)
        return self.get_response(request)


class ApiGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and not request.user.is_authenticated:
            return JsonResponse({"detail": "sign in"}, status=401)
        return self.get_response(request)


class RequireLoginMiddleware:
    """Requires a login only on the URLs settings.LOGIN_REQUIRED_URLS lists (none by default)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.required = [re.compile(url) for url in settings.LOGIN_REQUIRED_URLS]

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        for url in self.required:
            if url.match(request.path):
                return login_required(view_func)(request, *view_args, **view_kwargs)
        return None


class ExemptingLoginMiddleware:
    """Requires a login everywhere but on the exempted URLs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = [re.compile(url) for url in settings.LOGIN_EXEMPT_URLS]

    def __call__(self, request):
        if any(url.match(request.path) for url in self.exempt):
            return self.get_response(request)
        if not request.user.is_authenticated:
            return HttpResponseForbidden()
        return self.get_response(request)
'''


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # the project's own classes are read: only the one that turns anonymous users away
        (["proj.middleware.TokenUserMiddleware"], []),
        (["proj.middleware.ApiGateMiddleware"], ["ApiGateMiddleware"]),
        # the URLs it protects are the configuration's, not the code's: not counted
        (["proj.middleware.RequireLoginMiddleware"], []),
        (["proj.middleware.ExemptingLoginMiddleware"], ["ExemptingLoginMiddleware"]),
        # a package's class is judged by its name: authentication middleware identifies
        (["jwt_pkg.middleware.JWTAuthenticationMiddleware"], []),
        (["django.contrib.auth.middleware.AuthenticationMiddleware"], []),
        (["django.contrib.auth.middleware.LoginRequiredMiddleware"], ["LoginRequiredMiddleware"]),
    ],
)
def test_middleware_counts_as_auth_only_when_it_rejects(
    tmp_path: Path, entries: list[str], expected: list[str]
) -> None:
    proj = _package(tmp_path)
    (proj / "middleware.py").write_text(MIDDLEWARE_CLASSES)
    (proj / "settings.py").write_text(f'ROOT_URLCONF = "proj.urls"\nMIDDLEWARE = {entries!r}\n')
    (proj / "views.py").write_text("def orders(request):\n    ...\n")
    (proj / "urls.py").write_text(
        "from django.urls import path\nfrom proj import views\n\n"
        'urlpatterns = [path("api/orders/", views.orders)]\n'
    )
    (route,) = cold_index(tmp_path).routes
    assert [a.name for a in route.auth if a.level == "middleware"] == expected


def test_settings_variant_names_the_root_and_a_configured_prefix_mounts_at_the_root(
    tmp_path: Path,
) -> None:
    """settings_example.py names the root urlconf as settings.py would; the root mounts its
    patterns under a prefix read from the settings, whose routes stay reachable (at the root)
    instead of being lost."""
    proj = _package(tmp_path)
    (proj / "settings_example.py").write_text('ROOT_URLCONF = "proj.urls"\nURL_PREFIX = ""\n')
    (proj / "views.py").write_text("def home(request):\n    ...\n")
    (proj / "urls.py").write_text(
        "from django.conf import settings\nfrom django.urls import include, path\n"
        "from proj import views\n\n"
        'real_patterns = [path("home/", views.home)]\n'
        "if not settings.URL_PREFIX:\n"
        "    urlpatterns = real_patterns\n"
        "else:\n"
        "    urlpatterns = [path(settings.URL_PREFIX, include(real_patterns))]\n"
    )
    assert [(r.path, r.reachable) for r in cold_index(tmp_path).routes] == [("/home/", True)]


def test_settings_from_a_function_and_a_decorator_that_raises_permission_denied(
    tmp_path: Path,
) -> None:
    """``REST_FRAMEWORK = get_drf_settings(...)`` reads the dict the function returns (a class
    chosen by configuration is either of them); a project decorator named for nothing in
    particular counts when it raises PermissionDenied, not when it only logs."""
    proj = _package(tmp_path)
    (proj / "drf.py").write_text(
        "def get_drf_settings(*, require_login):\n"
        "    return {\n"
        '        "DEFAULT_PERMISSION_CLASSES": [\n'
        '            "rest_framework.permissions.IsAuthenticated"\n'
        "            if require_login\n"
        '            else "rest_framework.permissions.IsAuthenticatedOrReadOnly"\n'
        "        ],\n"
        "    }\n"
    )
    (proj / "settings.py").write_text(
        "from proj.drf import get_drf_settings\n"
        'ROOT_URLCONF = "proj.urls"\n'
        "REST_FRAMEWORK = get_drf_settings(require_login=False)\n"
    )
    (proj / "decorators.py").write_text(
        "from django.core.exceptions import PermissionDenied\n\n"
        "def management_access(view):\n"
        "    def wrapper(request, *args, **kwargs):\n"
        '        if not request.user.has_perm("management.use"):\n'
        "            raise PermissionDenied\n"
        "        return view(request, *args, **kwargs)\n"
        "    return wrapper\n\n"
        "def timed(view):\n"
        "    def wrapper(request, *args, **kwargs):\n"
        "        return view(request, *args, **kwargs)\n"
        "    return wrapper\n"
    )
    (proj / "views.py").write_text(
        "from django.utils.decorators import method_decorator\n"
        "from django.views import View\n"
        "from rest_framework.viewsets import ModelViewSet\n"
        "from proj.decorators import management_access, timed\n\n"
        "class Items(ModelViewSet):\n    queryset = None\n\n"
        '@method_decorator(management_access, name="dispatch")\n'
        "class Manage(View):\n    def post(self, request):\n        ...\n\n"
        "class Plain(View):\n    def post(self, request):\n        ...\n\n"
        "@timed\ndef stats(request):\n    ...\n"
    )
    (proj / "urls.py").write_text(
        "from django.urls import path\nfrom rest_framework.routers import SimpleRouter\n"
        "from proj import views\nfrom proj.decorators import management_access\n\n"
        "router = SimpleRouter()\n"
        'router.register("items", views.Items)\n'
        "urlpatterns = [\n"
        '    path("manage/", views.Manage.as_view()),\n'
        '    path("manage2/", management_access(views.Plain.as_view())),\n'
        '    path("stats/", views.stats),\n'
        '    path("plain/", views.Plain.as_view()),\n'
        "] + router.urls\n"
    )
    by_path = {(r.path, r.methods[0]): r for r in cold_index(tmp_path).routes}
    items = by_path[("/items/", "POST")]
    assert [(a.name, a.level, a.public) for a in items.auth if a.kind == "permission"] == [
        ("IsAuthenticated or IsAuthenticatedOrReadOnly", "settings", False)
    ]
    assert [a.name for a in by_path[("/manage/", "POST")].auth] == ["management_access"]
    assert [a.name for a in by_path[("/manage2/", "POST")].auth] == ["management_access"]
    assert by_path[("/stats/", "ANY")].auth == []
    assert by_path[("/plain/", "POST")].auth == []


def test_urlpatterns_wrapped_in_place_keep_their_views_and_gain_the_decorator(
    tmp_path: Path,
) -> None:
    """``urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)`` (Wagtail's
    admin): the earlier list is still what is served, every view behind the decorator."""
    proj = _package(tmp_path)
    (proj / "settings.py").write_text('ROOT_URLCONF = "proj.urls"\n')
    (proj / "views.py").write_text(
        "from django.core.exceptions import PermissionDenied\n\n\n"
        "def require_admin_access(view):\n"
        "    def wrapper(request, *args, **kwargs):\n"
        "        if not request.user.is_staff:\n"
        "            raise PermissionDenied\n"
        "        return view(request, *args, **kwargs)\n"
        "    return wrapper\n\n\n"
        "def decorate_urlpatterns(urlpatterns, decorator):\n"
        "    for pattern in urlpatterns:\n"
        "        pattern.callback = decorator(pattern.callback)\n"
        "    return urlpatterns\n\n\n"
        "def pages(request):\n    ...\n"
    )
    (proj / "urls.py").write_text(
        "from django.urls import path\n"
        "from proj.views import decorate_urlpatterns, pages, require_admin_access\n\n"
        'urlpatterns = [path("admin/pages/", pages)]\n'
        "urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)\n"
        'urlpatterns += [path("admin/login/", pages)]\n'
    )
    auth = {r.path: [a.name for a in r.auth] for r in cold_index(tmp_path).routes}
    # what is added after the wrapper is not behind it (the admin's login page)
    assert auth == {"/admin/pages/": ["require_admin_access"], "/admin/login/": []}


def test_edit_of_a_registering_decorator_relinks_the_registry_urls() -> None:
    """The URL lists get_model_urls() builds follow the decorators as they are edited."""
    root = WORKSPACES / "routes_django_registry"
    index = cold_index(root)
    views = root / "dcim" / "views.py"
    text = views.read_text()
    assert ("POST", "/dcim/sites/{pk}/delete/") in pairs(index.routes)
    index.update(str(views), text.replace('@register_model_view(Site, "delete")', ""), True)
    assert ("POST", "/dcim/sites/{pk}/delete/") not in pairs(index.routes)
    index.update(str(views), text.replace('"delete")', '"remove")'), True)
    assert ("POST", "/dcim/sites/{pk}/remove/") in pairs(index.routes)


def test_admin_routes_require_the_admins_staff_login() -> None:
    """Views the admin wraps in ``admin_view`` carry its auth fact (so BA201 does not see
    them as open); its login page and a custom site's unwrapped view do not."""
    index = cold_index(WORKSPACES / "routes_django_packages")
    staff = ("AdminSite.admin_view", "handler", "portal/urls.py:23", False, "permission")
    changelist = _route(index, "ANY", "/admin/notes/note/")
    assert _auth(changelist) == [staff]
    assert changelist.handler == "django.contrib.admin.options:ModelAdmin.changelist_view"
    assert "package" in changelist.tags
    imported = _route(index, "ANY", "/admin/notes/note/import/")
    assert imported.handler == "notes.admin:NoteAdmin.import_notes"
    assert _auth(imported) == [staff]
    assert [a.public for a in _route(index, "ANY", "/admin/login/").auth] == [True]
    assert _route(index, "ANY", "/staff-admin/health/").auth == []
    assert _route(index, "ANY", "/staff-admin/stats/").name == "staff:stats"

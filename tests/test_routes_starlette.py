"""Starlette routes (and FastAPI apps with Starlette mounts) checked against the framework.

The truth comes from importing the app in a subprocess and walking ``app.routes``
recursively: ``Route.path``/``methods`` (with the HEAD Starlette adds to every GET),
``Mount.path`` joined to its children (a mounted ``StaticFiles`` serves GET and HEAD at the
mount's ``path_format``), ``Host`` children as they are, ``WebSocketRoute`` as method WEBSOCKET, and an endpoint class's methods from the handlers it has (Starlette routes
those by name, HEAD with ``get``). FastAPI's ``openapi()`` leaves mounted apps out, so a
FastAPI app is walked the same way: its own routes from ``openapi()``, the rest from the walk,
the documentation routes FastAPI adds itself (``/openapi.json``, ``/docs``, ``/redoc``)
included. The index never runs the code and must find exactly that set.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from _support import WORKSPACES, assert_same_set, framework_dump, served
from backend_architect.core.model import Route
from backend_architect.index.project import ProjectIndex

PROBE = r"""
import importlib, inspect, json, re, sys

from starlette.routing import Host, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

root, specs = sys.argv[1], sys.argv[2:]
sys.path.insert(0, root)
CONVERTER = re.compile(r"\{(\w+):\w+\}")
HTTP = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")
found = set()


def add(method, path):
    found.add((method, CONVERTER.sub(r"{\1}", path)))


def walk_app(app, prefix):
    if hasattr(app, "openapi"):
        # FastAPI: its own routes from openapi() (included routers are live objects there,
        # not plain routes), the Starlette-level ones from the walk
        for path, operations in app.openapi().get("paths", {}).items():
            for method in operations:
                add(method.upper(), prefix + path)
    walk(getattr(app, "routes", []), prefix)


def walk(routes, prefix):
    for route in routes:
        if type(route).__module__.startswith("fastapi."):
            continue  # APIRoute, included routers: in openapi() above
        if isinstance(route, Mount) and isinstance(route.app, StaticFiles):
            add("GET", prefix + route.path_format)  # StaticFiles answers GET and HEAD
            add("HEAD", prefix + route.path_format)
        elif isinstance(route, Mount):
            walk_app(getattr(route, "_base_app", route.app), prefix + route.path)
        elif isinstance(route, Host):
            walk_app(route.app, prefix)
        elif isinstance(route, WebSocketRoute):
            add("WEBSOCKET", prefix + route.path)
        elif isinstance(route, Route):
            methods = route.methods  # with the HEAD Starlette adds beside GET
            if methods is None:  # an endpoint class: the handlers it defines ...
                methods = {m for m in HTTP if hasattr(route.endpoint, m.lower())}
                if "GET" in methods:
                    methods.add("HEAD")  # ... and HTTPEndpoint answers HEAD with get
            for method in methods:
                add(method, prefix + route.path)


for spec in specs:
    module_name, _, attr = spec.partition(":")
    walk_app(getattr(importlib.import_module(module_name), attr), "")
print(json.dumps(sorted(found)))
"""


def framework_routes(root: Path, *apps: str) -> set[tuple[str, str]]:
    return {(m, p) for m, p in framework_dump(PROBE, str(root), *apps, cwd=root)}


def build(root: Path) -> ProjectIndex:
    index = ProjectIndex(str(root))
    index.build()
    return index


def http_routes(index: ProjectIndex) -> set[tuple[str, str]]:
    return served(r for r in index.published_routes() if r.framework != "graphql")


def find(index: ProjectIndex, method: str, path: str) -> Route:
    matches = [r for r in index.routes if r.path == path and method in r.methods]
    assert len(matches) == 1, f"{method} {path}: {[r.label for r in matches]}"
    return matches[0]


CASES = [
    ("starlette-app", WORKSPACES / "routes_starlette_app", ("site_app.main:app",), 20),
    ("starlette-fastapi", WORKSPACES / "routes_starlette_fastapi", ("shop.main:app",), 11),
    ("starlette-over-fastapi", WORKSPACES / "routes_starlette_fastapi", ("shop.outer:outer",), 8),
    # factories mounted by their result: an early cached return (Prefect's create_api_app), a
    # module-level cache dict, functools.lru_cache, one of two apps by a flag
    (
        "fastapi-cached-factories",
        WORKSPACES / "routes_fastapi_cached_factories",
        ("factories.main:app",),
        20,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_routes_match_starlette(case: tuple[str, Path, tuple[str, ...], int]) -> None:
    _id, root, apps, minimum = case
    found = http_routes(build(root))
    if _id == "starlette-over-fastapi":
        # that workspace serves two apps; this case looks at the outer one only
        found = {(m, p) for m, p in found if p.startswith("/outer")}
    elif _id == "starlette-fastapi":
        found = {(m, p) for m, p in found if not p.startswith("/outer")}
    assert_same_set(framework_routes(root, *apps), found, minimum)


def test_starlette_details() -> None:
    index = build(WORKSPACES / "routes_starlette_app")
    user = find(index, "GET", "/api/v1/users/{user_id}")
    assert user.framework == "starlette"
    assert user.handler == "site_app.views:UserEndpoint.get"
    assert [(p.name, p.annotation, p.kind) for p in user.parameters] == [("user_id", "int", "path")]
    # the middleware authenticates but does not require: recorded, not enforcing
    [middleware] = user.auth
    assert middleware.name == "AuthenticationMiddleware(TokenBackend)"
    assert (middleware.level, middleware.kind) == ("middleware", "authentication")
    assert middleware.origin == "site_app/main.py:42"

    put = find(index, "PUT", "/api/v1/users/{user_id}")
    assert [(a.name, a.level, a.scopes, a.kind) for a in put.auth][1:] == [
        ("requires", "handler", ("authenticated",), "permission")
    ]
    assert put.auth[1].origin == "site_app/views.py:28"

    item = find(index, "POST", "/api/v1/items")
    assert item.methods == ("POST", "PUT")
    assert item.auth[-1].scopes == ("authenticated", "admin")

    stats = find(index, "DELETE", "/admin/stats")
    assert [a.name for a in stats.auth] == [
        "AuthenticationMiddleware(TokenBackend)",
        "RequireAdminMiddleware",
    ]

    home = find(index, "GET", "/")
    assert [a.name for a in home.auth] == ["AuthenticationMiddleware(TokenBackend)"]
    # the Route(...) that declares it is in another file than the handler: no decorator span
    assert home.decorator_span is None

    added = find(index, "POST", "/added/{key}")
    assert added.decorator_span is not None and added.decorator_span.start.line == 53

    assert find(index, "WEBSOCKET", "/ws").handler == "site_app.views:Echo"
    assert find(index, "GET", "/hello").handler == "site_app.views:_greet"
    # the sub-app is mounted, so it is not also served at the root
    assert not [r for r in index.routes if r.path == "/ping"]


def test_fastapi_gaps() -> None:
    index = build(WORKSPACES / "routes_starlette_fastapi")
    # a router class whose __init__ passes the prefix to super().__init__
    versioned = find(index, "GET", "/api/v3/status")
    assert versioned.framework == "fastapi"
    # added to the router after the router was included: FastAPI >= 0.16x includes routers
    # live (older versions copied the routes at include time), so it is served
    assert find(index, "GET", "/api/v3/late").reachable
    # a FastAPI app mounted in a FastAPI app: below the mount, not at the root
    assert find(index, "GET", "/v2/orders/{order_id}").reachable
    assert not [r for r in index.routes if r.path == "/orders/{order_id}"]


def test_unresolved_prefix_is_shown_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(
        textwrap.dedent(
            """\
            import random
            from fastapi import APIRouter, FastAPI

            def pick():
                return random.choice(["/a", "/b"])

            app = FastAPI()
            router = APIRouter(prefix=pick())

            @router.get("/items")
            def items():
                return []

            @app.get(pick() + "/x")
            def x():
                return 1

            app.include_router(router, prefix=PREFIX_FROM_NOWHERE)
            """
        )
    )
    index = build(tmp_path)
    assert {r.path for r in index.routes if not r.generated} == {
        "/{?PREFIX_FROM_NOWHERE}{?pick()}/items",
        "/{?pick() + '/x'}",
    }


def test_mounting_is_live_in_starlette(tmp_path: Path) -> None:
    """A route added to a router after the router was mounted is served (no copy)."""
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """\
            from starlette.applications import Starlette
            from starlette.routing import Router

            async def late(request):
                ...

            inner = Router()
            app = Starlette()
            app.mount("/in", inner)
            inner.add_route("/late", late)
            """
        )
    )
    late = {("GET", "/in/late"), ("HEAD", "/in/late")}
    assert framework_routes(tmp_path, "app:app") == late
    assert http_routes(build(tmp_path)) == late


MIDDLEWARE_APP = '''
from fastapi import FastAPI, HTTPException, status
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


class JWTRefreshMiddleware(BaseHTTPMiddleware):
    """Swaps an expiring token for a fresh one; lets every request through."""

    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["x-token"] = refresh(request.headers.get("authorization"))
        return response


class ApiKeyMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        if request.headers.get("x-api-key") != KEY:
            return JSONResponse({"detail": "no key"}, status_code=401)
        return await call_next(request)


class TokenGateMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if not valid(scope):
            raise HTTPException(status.HTTP_403_FORBIDDEN)
        await self.app(scope, receive, send)


app = FastAPI()
app.add_middleware(CLS)


@app.post("/orders")
def create_order() -> dict:
    return {}
'''


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        ("JWTRefreshMiddleware", []),  # named for auth, but only refreshes
        ("ApiKeyMiddleware", ["ApiKeyMiddleware"]),  # answers 401 itself
        ("TokenGateMiddleware", ["TokenGateMiddleware"]),  # raises a 403 (ASGI __call__)
    ],
)
def test_project_middleware_counts_as_auth_when_it_turns_requests_away(
    tmp_path: Path, cls: str, expected: list[str]
) -> None:
    (tmp_path / "main.py").write_text(MIDDLEWARE_APP.replace("CLS", cls))
    routes = build(tmp_path).routes
    assert [r.generated for r in routes].count(False) == 1
    for route in routes:  # FastAPI's /docs and /openapi.json are behind the middleware too
        assert [a.name for a in route.auth if a.level == "middleware"] == expected


DOCS_VARIANTS = {
    "defaults": "app = FastAPI()",
    "no-docs": "app = FastAPI(docs_url=None)",
    "no-document": "app = FastAPI(openapi_url=None)",
    "no-redoc-no-redirect": "app = FastAPI(redoc_url=None, swagger_ui_oauth2_redirect_url=None)",
    "moved": 'DOCS = "/api/help"\napp = FastAPI(openapi_url="/api/openapi.json", docs_url=DOCS)',
    "subclass": (
        "class Service(FastAPI):\n"
        "    def __init__(self, **kw):\n"
        '        super().__init__(title="x", redoc_url="/manual", **kw)\n\n'
        "app = Service()"
    ),
    "mounted": (
        'inner = FastAPI(docs_url="/ui")\napp = FastAPI(openapi_url=None)\napp.mount("/v1", inner)'
    ),
}


@pytest.mark.parametrize("variant", DOCS_VARIANTS)
def test_fastapi_documentation_routes_match_fastapi(tmp_path: Path, variant: str) -> None:
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\n\n"
        + DOCS_VARIANTS[variant]
        + '\n\n\n@app.get("/items")\ndef items():\n    return []\n'
    )
    index = build(tmp_path)
    assert_same_set(framework_routes(tmp_path, "main:app"), http_routes(index), 1)
    for r in index.routes:  # FastAPI's own pages: the library's handlers, answering HEAD too
        assert r.generated == r.handler.startswith("fastapi.applications:FastAPI.setup")
        assert r.automatic == (("HEAD",) if r.generated else ())

"""The navigation core: URL strings found in code, matched to routes of any framework, route
search, outlines and full-path hints (no LSP here; tests/lsp/test_navigation_lsp.py drives it)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from _support import WORKSPACES
from backend_architect.core.model import Position, Route, Span
from backend_architect.index import navigation as nav
from backend_architect.workspace import Workspace

H = nav.HOLE


def route(
    path: str,
    methods: tuple[str, ...] = ("GET",),
    handler: str = "app.views:view",
    framework: str = "fastapi",
    local_path: str | None = None,
    line: int = 0,
    file: str = "/p/app/views.py",
) -> Route:
    return Route(
        framework=framework,
        methods=methods,
        path=path,
        handler=handler,
        file=file,
        span=Span.of(line + 1, 4, line + 1, 8),
        decorator_span=Span.of(line, 1, line, 20),
        local_path=path if local_path is None else local_path,
        body_span=Span.of(line, 0, line + 3, 10),
    )


def sites(code: str) -> list[nav.UrlSite]:
    return nav.url_sites(ast.parse(code), code)


def best(routes: list[Route], code: str) -> list[str]:
    [site] = sites(code)
    return [r.label for r in nav.RouteMatcher(routes).best(site)]


# --- finding URL strings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/users/1", ("/users/1", False)),
        ("/users/1/?page=2#top", ("/users/1/", False)),
        ("https://api.example.com/v1/users", ("/v1/users", False)),
        ("http://localhost:8000", ("/", False)),
        (f"{H}/orders", ("/orders", True)),
        (f"{H}{H}/orders", ("/orders", True)),
        (f"http://{H}/orders", ("/orders", True)),  # the host value may carry a prefix
        (f"{H}://example.com/orders", ("/orders", False)),
        ("users/1", None),  # relative: nothing says where it is rooted
        ("file:///etc/passwd", None),
        ("/not a url", None),
        (f"{H}.json", None),
        ("", None),
    ],
)
def test_normalise_url(raw: str, expected: tuple[str, bool] | None) -> None:
    assert nav.normalise_url(raw) == expected


def test_url_sites_read_literals_fstrings_and_concatenations() -> None:
    code = (
        "client.get('/users/1')\n"
        "requests.post(f'{BASE}/orders/{oid}/items')\n"
        "httpx.AsyncClient().delete(url + '/items/3')\n"
        "client.request('PATCH', '/users/2')\n"
        "client.open('/users/3', method='put')\n"
        "session.get('/users/%s' % uid)\n"
        "session.get('/users/{}/posts'.format(uid))\n"
        "X = '/plain/{name}'\n"
        "Y = '<id>/password/'\n"  # a relative rule, its parameter is no base URL
        "c.get(f'{scheme}{host}/{a}{b}/items')\n"
        "'/'.join(parts)\n"
        "open('notes.txt')\n"
        "client.get('/')\n"
    )
    found = [(s.path, s.method, s.base_unknown) for s in sites(code)]
    assert found == [
        ("/users/1", "GET", False),
        (f"/orders/{H}/items", "POST", True),
        ("/items/3", "DELETE", True),
        ("/users/2", "PATCH", False),
        ("/users/3", "PUT", False),
        (f"/users/{H}", "GET", False),
        (f"/users/{H}/posts", "GET", False),
        (f"/plain/{H}", None, False),
        (f"/{H}/items", "GET", True),  # runs of interpolations are one hole
        ("/", "GET", False),  # a bare "/" counts when it is sent, never in "/".join
    ]


def test_url_sites_skip_route_declarations_and_count_characters() -> None:
    code = (
        "@router.get('/{user_id}')\n"
        "def read(user_id):\n"
        "    '''Docstring mentioning /users/{id} in prose.'''\n"
        "    return client.get('/users/1')\n"
        "x = 'é'; y = '/users/ü'\n"
    )
    found = sites(code)
    assert [s.path for s in found] == ["/users/1", "/users/ü"]
    assert found[0].span == Span.of(3, 22, 3, 32)
    assert found[1].span == Span.of(4, 13, 4, 23)  # characters, not UTF-8 bytes


def test_scanner_caches_by_content_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = nav.url_sites

    def counting(tree: ast.AST, text: str) -> list[nav.UrlSite]:
        calls.append(text)
        return real(tree, text)

    monkeypatch.setattr(nav, "url_sites", counting)
    scanner = nav.UrlScanner()
    first = scanner.sites("/p/a.py", "client.get('/a')\n")
    assert scanner.sites("/p/a.py", "client.get('/a')\n") is first
    assert len(calls) == 1
    assert [s.path for s in scanner.sites("/p/a.py", "client.get('/b')\n")] == ["/b"]
    assert len(calls) == 2
    assert scanner.sites("/p/broken.py", "client.get('/a'\n") == []  # no tree, no sites


# --- matching -------------------------------------------------------------------------------


def test_literal_segments_beat_parameters_and_holes_fill_only_parameters() -> None:
    routes = [route("/users/{user_id}"), route("/users/me"), route("/users/{user_id}/posts")]
    assert best(routes, "c.get('/users/me')") == ["GET /users/me"]
    assert best(routes, "c.get('/users/42')") == ["GET /users/{user_id}"]
    assert best(routes, "c.get(f'/users/{uid}')") == ["GET /users/{user_id}"]
    assert best(routes, "c.get('/users/42/posts/')") == ["GET /users/{user_id}/posts"]
    assert best(routes, "c.get('/users')") == []
    assert best(routes, "c.get('/users/1/posts/2')") == []


def test_the_calls_method_narrows_the_match() -> None:
    routes = [
        route("/items/{id}", ("GET",)),
        route("/items/{id}", ("DELETE",)),
        route("/items/{id}", (), framework="django"),  # no restriction: any method
    ]
    assert best(routes[:2], "x = '/items/3'") == ["GET /items/{id}", "DELETE /items/{id}"]
    assert best(routes[:2], "c.delete('/items/3')") == ["DELETE /items/{id}"]
    assert best(routes[:2], "c.head('/items/3')") == ["GET /items/{id}"]  # HEAD is served by GET
    assert best(routes[:2], "c.put('/items/3')") == []
    assert best(routes, "c.put('/items/3')") == [" /items/{id}"]


def test_unknown_base_matches_a_suffix_that_names_the_route() -> None:
    routes = [route("/api/v1/orders"), route("/api/v1/orders/{id}"), route("/{tenant}/{id}")]
    assert best(routes, "r.get(f'{settings.API}/orders')") == ["GET /api/v1/orders"]
    assert best(routes, "r.get(BASE + '/orders/7')") == ["GET /api/v1/orders/{id}"]
    # the base may hold "/api/v1/orders" but the string names no fixed word of that route
    assert best(routes[:2], "r.get(f'{BASE}/7')") == []
    # with the host written out, the path is complete
    assert best(routes, "r.get('http://h/orders')") == []


def test_path_converters_mixed_segments_and_frameworks() -> None:
    routes = [
        route("/static/{file_path:path}", framework="starlette"),
        route("/reports/{id}.json", framework="flask"),
        route("/graphql", ("QUERY",), framework="graphql"),
    ]
    assert best(routes, "c.get('/static/css/site.css')") == ["GET /static/{file_path:path}"]
    assert best(routes, "c.get('/static')") == []
    assert best(routes, "c.get('/reports/9.json')") == ["GET /reports/{id}.json"]
    assert best(routes, "c.get(f'/reports/{rid}.json')") == ["GET /reports/{id}.json"]
    assert best(routes, "c.get('/reports/9.xml')") == []
    assert best(routes, "c.post('/graphql')") == []  # operations have no URL of their own


def test_find_references_prefilters_files_and_keeps_best_matches(tmp_path: Path) -> None:
    target = route("/users/{user_id}", handler="app:read_user")
    me = route("/users/me", handler="app:read_me")
    files = {
        "/p/a.py": "c.get('/users/1')\nc.get('/users/me')\nc.post('/users/2')\n",
        "/p/b.py": "x = 1\n",  # no "/users": never parsed
        "/p/d.py": "# GET /users lists them\n",  # no string that can start a path: neither
        "/p/c.py": "def f(c, uid):\n    return c.get(f'{BASE}/users/{uid}')\n",
    }
    scanner = nav.UrlScanner()
    refs = nav.find_references([target], nav.RouteMatcher([target, me]), files, files.get, scanner)
    assert [(r.path, r.span.start.line) for r in refs] == [("/p/a.py", 0), ("/p/c.py", 1)]
    assert all(r.route is target for r in refs)
    assert set(scanner._cache) == {"/p/a.py", "/p/c.py"}
    skip_a = nav.find_references(
        [target],
        nav.RouteMatcher([target, me]),
        files,
        files.get,
        scanner,
        exclude=lambda path, span: path == "/p/a.py",
    )
    assert [r.path for r in skip_a] == ["/p/c.py"]


def test_site_at_picks_the_innermost_string() -> None:
    found = sites("c.get(BASE + '/users/1')\n")
    assert nav.site_at(found, Position(0, 15)) is found[0]
    assert nav.site_at(found, Position(0, 2)) is None


# --- search ----------------------------------------------------------------------------------


ROUTES = [
    route("/api/v1/users/{user_id}", ("GET",), "app.users:read_user"),
    route("/api/v1/users/{user_id}", ("DELETE",), "app.users:delete_user"),
    route("/api/v1/users", ("POST",), "app.users:create_user"),
    route("/api/v1/orders", ("POST",), "app.orders:create_order_view"),
    route("/users/", ("GET", "POST"), "blog.views:UserList.dispatch", framework="django"),
    route("/graphql", ("MUTATION",), "shop.schema:Mutation.create_order", framework="graphql"),
    route("/graphql", ("QUERY",), "shop.schema:Query.users", framework="graphql"),
]


def labels(query: str) -> list[str]:
    return [f"{r.label} {nav.handler_name(r)}" for r in nav.search_routes(ROUTES, query)]


def test_search_by_path_ignores_parameter_names_and_ranks_exact_first() -> None:
    found = labels("/users/{id}")
    assert set(found[:2]) == {
        "GET /api/v1/users/{user_id} read_user",
        "DELETE /api/v1/users/{user_id} delete_user",
    }
    assert labels("/api/v1/users")[0] == "POST /api/v1/users create_user"
    assert set(labels("/users/7")[:2]) == {  # a concrete URL finds the route it calls
        "GET /api/v1/users/{user_id} read_user",
        "DELETE /api/v1/users/{user_id} delete_user",
    }


def test_search_by_method_and_name() -> None:
    assert labels("POST users") == [
        "POST /api/v1/users create_user",
        "GET POST /users/ dispatch",
    ]
    assert labels("read_user")[0] == "GET /api/v1/users/{user_id} read_user"
    assert labels("readUser")[0] == "GET /api/v1/users/{user_id} read_user"
    # an operation's name first, then the view whose name starts with it
    assert labels("createOrder")[:2] == [
        "MUTATION /graphql create_order",
        "POST /api/v1/orders create_order_view",
    ]
    assert labels("QUERY") == ["QUERY /graphql users"]
    operations = [
        route("createUserProfile", ("MUTATION",), "s:CreateUserProfile.mutate", "graphql"),
        route("createUser", ("MUTATION",), "s:CreateUser.mutate", "graphql"),
    ]
    found = nav.search_routes(operations, "createUser")
    assert [r.path for r in found] == ["createUser", "createUserProfile"]
    assert labels("DELETE") == ["DELETE /api/v1/users/{user_id} delete_user"]
    assert labels("zzz") == []
    assert len(labels("")) == len(ROUTES)


# --- outline and hints ----------------------------------------------------------------------


def test_outline_groups_routes_under_their_handler() -> None:
    a = route("/a", line=10, handler="m:f")
    b = route("/b", line=10, handler="m:f")
    c = route("/c", line=2, handler="m:C.get", framework="django")
    groups = nav.outline([a, b, c])
    assert [(g.name, [r.path for r in g.routes]) for g in groups] == [
        ("get", ["/c"]),
        ("f", ["/a", "/b"]),
    ]
    assert groups[1].range == a.body_span


def test_route_hints_only_for_fragments_within_the_range() -> None:
    routes = [
        route("/api/v1/users/{id}", local_path="/{id}", line=3),
        route("/health", local_path="/health", line=8),  # written in full: no hint
        route("/api/users/", local_path="/api/users", line=9),  # only the slash differs
        route("/v2/items", ("GET", "POST"), local_path="/items", line=12),
        route("/v2/items/{pk}/", ("GET",), local_path="items", line=12, framework="drf"),
    ]
    hints = nav.route_hints(routes)
    assert [(h.position, h.label) for h in hints] == [
        (Position(3, 20), "GET /api/v1/users/{id}"),
        (Position(12, 20), "GET POST /v2/items · GET /v2/items/{pk}/"),
    ]
    assert [h.label for h in nav.route_hints(routes, 4, 20)] == [hints[1].label]
    assert nav.route_hints(routes, 0, 2) == []


# --- through the workspace --------------------------------------------------------------------


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    shutil.copytree(WORKSPACES / "nav_app", tmp_path / "nav_app")
    w = Workspace(str(tmp_path / "nav_app"))
    w.build()
    return w


def test_workspace_hover_definition_and_references(ws: Workspace) -> None:
    calls = Path(ws.root) / "clients" / "calls.py"
    users = Path(ws.root) / "app" / "routers" / "users.py"
    lines = calls.read_text().splitlines()
    row = next(i for i, t in enumerate(lines) if "/api/v1/users/1" in t)
    at = Position(row, lines[row].index("/api/v1/users/1"))
    card = ws.hover(str(calls), at)
    assert card is not None and card.startswith("### `GET /api/v1/users/{user_id}`")
    [r] = ws.url_routes_at(str(calls), at)
    assert r.handler == "app.routers.users:read_user"

    ulines = users.read_text().splitlines()
    decl = next(i for i, t in enumerate(ulines) if "def read_user" in t)
    refs = ws.references(str(users), Position(decl, 12))
    assert sorted(x.span.start.line for x in refs) == [
        row,
        next(i for i, t in enumerate(lines) if "{settings.API_V1_STR}" in t),
    ]
    # an unsaved edit (an overlay) is what references read
    ws.index.update(str(calls), calls.read_text() + "client.get('/api/v1/users/9')\n", True)
    assert len(ws.references(str(users), Position(decl, 12))) == 3
    # the route's own declaration is no call of it
    dec = next(i for i, t in enumerate(ulines) if '@router.get("/{user_id}"' in t)
    assert ws.url_routes_at(str(users), Position(dec, 15)) == []

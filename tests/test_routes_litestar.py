"""Litestar routes checked against Litestar itself.

The truth comes from importing the workspace's app in a subprocess and reading ``app.routes``:
each HTTP route's ``path_format`` with the methods of each of its handlers, a websocket route as
WEBSOCKET; the routes Litestar adds itself (the OPTIONS handler of every path, the schema
routes under ``openapi_config.path``) included. The index never runs the code and must find
exactly that set of (method, path) pairs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import (
    LOAD_APP,
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
    write_tree,
)

required_modules = modules_fixture("litestar")
ROOT = WORKSPACES / "routes_litestar"

PROBE = (
    LOAD_APP
    + r"""
from litestar.routes import HTTPRoute, WebSocketRoute

found = set()
for route in app.routes:
    if isinstance(route, WebSocketRoute):
        found.add(("WEBSOCKET", route.path_format))
        continue
    if not isinstance(route, HTTPRoute):
        continue
    for handler in route.route_handlers:
        found |= {(m, route.path_format) for m in handler.http_methods}
print(json.dumps(sorted(found)))
"""
)


def test_routes_match_litestar() -> None:
    truth = {(m, p) for m, p in framework_dump(PROBE, str(ROOT), "library.app:app", cwd=ROOT)}
    found = {(m, r.path) for r in cold_index(ROOT).published_routes() for m in r.methods}
    assert_same_set(truth, found, minimum=40)


HANDLERS = """
from litestar import Litestar, get, post, route
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin


@get("/items")
async def items() -> list: return []


@post("/items")
async def add() -> None: return None


@route("/ping", http_method=["GET", "OPTIONS"])
async def ping() -> str: return "pong"
"""
VARIANTS = {
    # near miss: no schema routes at all, only the OPTIONS of the paths without one
    "no-schema": "app = Litestar([items, add, ping], openapi_config=None)",
    "own-path-and-plugins": (
        "config = OpenAPIConfig(title='T', version='1', path='/docs/',\n"
        "    render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path=['/ui', '/'])])\n"
        "app = Litestar([items, add, ping], openapi_config=config)"
    ),
    "json-served-by-a-plugin": (
        "app = Litestar([items], openapi_config=OpenAPIConfig(title='T', version='1',\n"
        "    render_plugins=[YamlRenderPlugin(), ScalarRenderPlugin(path='/openapi.json')]))"
    ),
    "enabled-endpoints": (
        "app = Litestar([items], openapi_config=OpenAPIConfig(title='T', version='1',\n"
        "    enabled_endpoints={'swagger', 'openapi.yaml'}, root_schema_site='swagger'))"
    ),
    "no-default-site": (
        "app = Litestar([items], openapi_config=OpenAPIConfig(title='T', version='1',\n"
        "    enabled_endpoints={'rapidoc'}))"
    ),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_generated_routes_follow_the_config(tmp_path: Path, variant: str) -> None:
    write_tree(tmp_path, {"app.py": HANDLERS + "\n" + VARIANTS[variant] + "\n"})
    truth = {(m, p) for m, p in framework_dump(PROBE, str(tmp_path), "app:app", cwd=tmp_path)}
    found = {(m, r.path) for r in cold_index(tmp_path).published_routes() for m in r.methods}
    assert_same_set(truth, found, minimum=3)
    if variant == "no-schema":
        assert not any(p.startswith("/schema") for _, p in truth)


def test_generated_routes_point_at_the_app() -> None:
    index = cold_index(ROOT)
    swagger = one_route(index, "GET", "/schema/swagger")
    assert swagger.generated
    assert swagger.handler == "litestar.openapi.plugins:SwaggerRenderPlugin.render"
    assert swagger.file.endswith("library/app.py")
    assert (swagger.span.start.line, swagger.span.start.column) == (40, 6)  # ``Litestar(``
    assert swagger.body_span is None
    options = one_route(index, "OPTIONS", "/api/v1/books/{book_id}")
    assert options.generated
    assert [a.name for a in options.auth] == ["requires_login"]  # the router's, not DELETE's
    assert not one_route(index, "GET", "/api/v1/books/{book_id}").generated


def test_handlers_and_guards() -> None:
    index = cold_index(ROOT)
    delete = one_route(index, "DELETE", "/api/v1/books/{book_id}")
    assert delete.framework == "litestar"
    assert delete.handler == "library.controllers.books:BookController.delete_book"
    assert delete.local_path == "/{book_id}"
    assert [(a.name, a.level) for a in delete.auth] == [
        ("requires_login", "router"),
        ("requires_admin", "handler"),
    ]
    assert [(p.name, p.kind) for p in delete.parameters] == [("book_id", "path")]
    # inherited from a base controller, served under the subclass's path and guards
    listed = one_route(index, "GET", "/api/v1/books")
    assert listed.handler == "library.controllers.books:ReadOnlyController.list_items"
    assert [a.name for a in listed.auth] == ["requires_login"]
    reindex = one_route(index, "POST", "/api/v1/admin/reindex")
    assert [(a.name, a.level) for a in reindex.auth] == [("requires_admin", "router")]
    assert one_route(index, "WEBSOCKET", "/live").is_websocket
    orphan = one_route(index, "GET", "/orphan")
    assert not orphan.reachable

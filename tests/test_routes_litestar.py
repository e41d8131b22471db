"""Litestar routes checked against Litestar itself.

The truth comes from importing the workspace's app in a subprocess and reading ``app.routes``:
each HTTP route's ``path_format`` with the methods of each of its handlers, a websocket route as
WEBSOCKET. The OPTIONS handler Litestar adds to every path and the schema routes it adds
itself (``/schema/...``, handlers from Litestar's own modules) are left out. The index never
runs the code and must find exactly that set of (method, path) pairs.
"""

from __future__ import annotations

from _support import (
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
)

required_modules = modules_fixture("litestar")
ROOT = WORKSPACES / "routes_litestar"

PROBE = r"""
import importlib, json, sys

from litestar.routes import HTTPRoute, WebSocketRoute

root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
app = getattr(importlib.import_module(module_name), attr)
found = set()
for route in app.routes:
    if isinstance(route, WebSocketRoute):
        found.add(("WEBSOCKET", route.path_format))
        continue
    if not isinstance(route, HTTPRoute):
        continue
    for handler in route.route_handlers:
        if handler.fn.__module__.split(".")[0] == "litestar":
            continue  # the OPTIONS handler, the schema routes
        found |= {(m, route.path_format) for m in handler.http_methods}
print(json.dumps(sorted(found)))
"""


def test_routes_match_litestar() -> None:
    truth = {(m, p) for m, p in framework_dump(PROBE, str(ROOT), "library.app:app", cwd=ROOT)}
    found = {(m, r.path) for r in cold_index(ROOT).published_routes() for m in r.methods}
    assert_same_set(truth, found, minimum=14)


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

"""aiohttp routes checked against aiohttp itself.

The truth comes from building the workspace's app in a subprocess and reading
``app.router.routes()`` (sub-applications' routes come with their prefix): each route's method
and its resource's canonical path, the HEAD route aiohttp adds beside a GET (``allow_head``)
included; a ``"*"`` route of a function is ANY, a ``web.View`` answers the methods it has
handlers for, and a static resource serves GET and HEAD at ``prefix/{filename}`` (the name
aiohttp gives the rest of the path in ``match_info``). The index never runs the code and
must find exactly that set of (method, path) pairs.
"""

from __future__ import annotations

from pathlib import Path

from _support import (
    LOAD_APP,
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
    served,
)

required_modules = modules_fixture("aiohttp")
ROOT = WORKSPACES / "routes_aiohttp"

PROBE = (
    LOAD_APP
    + r"""
import inspect

from aiohttp import web

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")
found = set()
for route in app.router.routes():
    resource = route.resource
    if resource is None:
        continue
    path = resource.canonical
    if isinstance(resource, web.StaticResource):
        assert str(resource.url_for(filename="x.css")) == path + "/x.css"
        found.add((route.method, path + "/{filename}"))
        continue
    if route.method == "*":
        handler = route.handler
        if inspect.isclass(handler) and issubclass(handler, web.View):
            found |= {(m, path) for m in METHODS if hasattr(handler, m.lower())}
        else:
            found.add(("ANY", path))
    else:
        found.add((route.method, path))
print(json.dumps(sorted(found)))
"""
)


def truth(root: Path, spec: str) -> set[tuple[str, str]]:
    return {(m, p) for m, p in framework_dump(PROBE, str(root), spec, cwd=root)}


def test_routes_match_aiohttp() -> None:
    index = cold_index(ROOT)
    assert_same_set(truth(ROOT, "shop.main:make_app()"), served(index.published_routes()), 25)


def test_handlers_views_and_auth() -> None:
    index = cold_index(ROOT)
    create = one_route(index, "POST", "/api/v1/orders")
    assert create.framework == "aiohttp"
    assert create.handler == "shop.handlers:Handler.create_order"
    assert [a.name for a in create.auth] == ["login_required"]
    assert create.is_async
    review = one_route(index, "POST", "/api/v1/products/{product_id}/reviews")
    assert review.handler == "shop.products:Reviews.post"
    assert [p.name for p in review.parameters] == ["product_id"]
    cancel = one_route(index, "DELETE", "/api/v1/orders/{order_id}")
    assert cancel.local_path == "/api/v1/orders/{order_id}"  # the pattern is not part of it
    dashboard = one_route(index, "GET", "/admin/")
    assert dashboard.reachable and [a.name for a in dashboard.auth] == ["admin_required"]
    assert one_route(index, "ANY", "/echo").handler == "shop.handlers:health"
    # HEAD is aiohttp's, beside the declared GET; not where the route says so or add_route's
    assert one_route(index, "GET", "/").automatic == ("HEAD",)
    assert one_route(index, "GET", "/health").automatic == ()
    assert one_route(index, "GET", "/api/v1/orders").automatic == ()
    catalog = one_route(index, "GET", "/catalog/{filename}")
    assert catalog.generated and catalog.automatic == ("HEAD",)
    assert catalog.decorator_span is not None and catalog.decorator_span.start.line == 6  # 0-based

"""Flask extensions (Flask-RESTX, Flask-RESTful, flask-smorest), Flask's rarer shapes and Quart,
checked against the framework itself.

The truth comes from importing each workspace's app in a subprocess and reading its
``url_map`` (werkzeug's rules, which Quart uses too), static files included (Flask's
``static`` endpoint and a blueprint's, such as the Swagger UI's ``restx_doc.static``). The
index never runs the code and must find exactly that set of (method, path) pairs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import (
    FLASK_PAIRS,
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
)
from backend_architect.index.project import ProjectIndex

required_modules = modules_fixture("flask_restx", "flask_restful", "flask_smorest", "quart")

PROBE = (
    FLASK_PAIRS
    + r"""
import importlib, json, sys

root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
obj = getattr(importlib.import_module(module_name), attr.removesuffix("()"))
app = obj() if attr.endswith("()") else obj
rules = list(app.url_map.iter_rules())
# Quart's websocket rules: method WEBSOCKET, as the index writes them
sockets = [r for r in rules if getattr(r, "websocket", False)]
found = flask_pairs(r for r in rules if r not in sockets)
found |= {("WEBSOCKET", p) for _, p in flask_pairs(sockets)}
print(json.dumps(sorted(found)))
"""
)


def truth(root: Path, spec: str) -> set[tuple[str, str]]:
    return {(m, p) for m, p in framework_dump(PROBE, str(root), spec, cwd=root)}


def found(index: ProjectIndex) -> set[tuple[str, str]]:
    return {(m, r.path) for r in index.published_routes() for m in r.methods}


CASES = [
    ("restx", "routes_flask_restx", "awards:create_app()", 20),
    ("smorest", "routes_flask_smorest", "petstore:create_app()", 12),
    ("quart", "routes_quart", "chat:create_app()", 8),
    ("flask-shapes", "routes_flask_shapes", "webapp_shapes:app", 10),
]


@pytest.mark.parametrize(("name", "root", "spec", "minimum"), CASES, ids=[c[0] for c in CASES])
def test_routes_match_the_framework(name: str, root: str, spec: str, minimum: int) -> None:
    workspace = WORKSPACES / root
    assert_same_set(truth(workspace, spec), found(cold_index(workspace)), minimum)


def test_restx_handlers_and_auth() -> None:
    index = cold_index(WORKSPACES / "routes_flask_restx")
    put = one_route(index, "PUT", "/api/v1/awards/{award_id}")
    assert put.handler == "awards.api.awards:Award.put"
    assert put.local_path == "/awards/{award_id}"
    assert [a.name for a in put.auth] == ["token_required"]
    # inherited from the project's base Resource
    assert one_route(index, "GET", "/api/v1/awards/").handler == (
        "awards.api.base:ReadOnlyResource.get"
    )
    delete = one_route(index, "DELETE", "/api/v1/people/{username}")
    assert [(a.name, a.kind) for a in delete.auth] == [
        ("login_required", "permission"),
        ("apikey", "authentication"),
    ]
    # the routes the Api adds itself point at the Api(...) call
    specs = one_route(index, "GET", "/api/v1/swagger.json")
    assert specs.handler == "flask_restx:SwaggerView.get"
    assert specs.span.start.line == 9
    legacy = one_route(index, "DELETE", "/legacy/things/{thing_id}")
    assert legacy.handler == "awards.legacy:Thing.delete"


def test_smorest_handlers_and_auth() -> None:
    index = cold_index(WORKSPACES / "routes_flask_smorest")
    put = one_route(index, "PUT", "/api/pets/{pet_id}")
    assert put.handler == "petstore.resources.pets:PetById.put"
    assert [a.name for a in put.auth] == ["admin_required"]
    assert put.decorator_span is not None and put.decorator_span.start.line == 21
    spec = one_route(index, "GET", "/docs/api-spec.json")
    assert spec.handler == "flask_smorest:Api._openapi_json"


def test_quart_apps_are_read_as_flask_apps() -> None:
    index = cold_index(WORKSPACES / "routes_quart")
    ws = one_route(index, "WEBSOCKET", "/ws")
    assert ws.is_websocket and ws.is_async
    me = one_route(index, "GET", "/api/v1/me")
    assert [a.name for a in me.auth] == ["login_required"]


def test_flask_rules_from_helpers_applied_decorators_and_lambdas() -> None:
    index = cold_index(WORKSPACES / "routes_flask_shapes")
    # one rule per call of the helper, each with that call's argument (or the default)
    assets = sorted(r.path for r in index.routes if r.handler.endswith(":serve_asset"))
    assert assets == [
        "/api/static-assets/{path}",
        "/plugins/charts/{path}",
        "/plugins/maps/{path}",
    ]
    robots = one_route(index, "GET", "/robots.txt")
    assert robots.handler == "webapp_shapes:<lambda>"
    assert (robots.span.start.line, robots.span.start.column) == (14, 42)  # the lambda
    health = one_route(index, "GET", "/health")
    assert health.handler == "webapp_shapes.views:health"
    assert health.decorator_span is None  # applied in another module than the handler's
    version = one_route(index, "GET", "/version")
    assert version.decorator_span is not None and version.decorator_span.start.line == 28
    assert one_route(index, "GET", "/-/ready").methods == ("GET",)  # HEAD beside GET adds nothing

"""connexion routes checked against connexion itself.

The truth comes from loading the workspace's app in a subprocess and reading the routes of
connexion's routing middleware (built as on the app's first request, through its
``_build_middleware_stack``, so no server and no network are needed): each API's base path
joined to each operation's path, its methods (without the HEAD beside GET, as for Flask) and the
operation id connexion resolved it to. The documentation routes connexion adds (the served
document, the Swagger UI) are not operations and are left out. The index never runs the code:
it reads the same documents as data and must find exactly that set, with the same handlers.
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

required_modules = modules_fixture("connexion")
ROOT = WORKSPACES / "routes_connexion"

PROBE = r"""
import importlib, json, logging, re, sys

logging.disable(logging.CRITICAL)
from connexion.middleware.routing import RoutingMiddleware

root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
app = getattr(importlib.import_module(module_name), attr)
_, apps = app.middleware._build_middleware_stack()
routing = next(a for a in apps if isinstance(a, RoutingMiddleware))
found = set()
for mount in routing.router.routes:
    for route in mount.app.routes:
        methods = set(route.methods)
        if "GET" in methods:
            methods.discard("HEAD")
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", mount.path + route.path)
        found |= {(m, path, route.endpoint.operation_id) for m in methods}
print(json.dumps(sorted(found)))
"""


def test_operations_match_connexion() -> None:
    truth = {tuple(t) for t in framework_dump(PROBE, str(ROOT), "petshop.app:app", cwd=ROOT)}
    found = {
        (m, r.path, r.handler.replace(":", "."))
        for r in cold_index(ROOT).published_routes()
        for m in r.methods
    }
    assert_same_set(truth, found, minimum=8)


def test_handlers_and_security() -> None:
    index = cold_index(ROOT)
    replace = one_route(index, "PUT", "/api/v1/pets/{pet_id}")
    assert replace.framework == "connexion"
    assert replace.file.endswith("petshop/api/pets.py")
    assert replace.span.start.line == 12  # def replace
    assert [(a.name, a.level, a.kind) for a in replace.auth] == [
        ("jwt (petshop.api.auth.decode_token)", "app", "permission")
    ]
    delete = one_route(index, "DELETE", "/api/v1/pets/{pet_id}")
    assert [(a.level, a.scopes) for a in delete.auth] == [("handler", ("pets:admin",))]
    assert delete.auth[0].origin == "petshop/spec/openapi.yaml:30"  # the operation
    public = one_route(index, "GET", "/api/v1/pets/{pet_id}")
    assert [a.public for a in public.auth] == [True]
    assert [(p.name, p.kind) for p in public.parameters] == [("pet_id", "path")]
    stats = one_route(index, "GET", "/admin/stats")  # add_api(base_path=...) over basePath
    assert stats.auth[0].name == "api_key (petshop.api.auth.check_key)"

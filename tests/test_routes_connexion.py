"""connexion routes checked against connexion itself.

The truth comes from loading the workspace's app in a subprocess and reading the routes of
connexion's routing middleware (built as on the app's first request, through its
``_build_middleware_stack``, so no server and no network are needed): each API's base path
joined to each operation's path, its methods (without the HEAD beside GET, as for Flask) and the
operation id connexion resolved it to; and the routes of its Swagger UI middleware (the
served document, the Swagger UI when it is available), with the dotted name of each endpoint
(the UI's files: the app mounted, ``StaticFiles``, which answers GET). The index never runs the
code: it reads the same documents as data and must find exactly that set, with the same
handlers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import (
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
    write_tree,
)

required_modules = modules_fixture("connexion")
ROOT = WORKSPACES / "routes_connexion"

PROBE = r"""
import importlib, json, logging, re, sys

logging.disable(logging.CRITICAL)
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.routing import Mount

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
ui = next(a for a in apps if isinstance(a, SwaggerUIMiddleware))
for mount in ui.router.routes:
    for route in mount.app.routes:
        if isinstance(route, Mount):  # the UI's files
            kind = type(route.app)
            found.add(("GET", mount.path + route.path_format, f"{kind.__module__}.{kind.__name__}"))
            continue
        name = f"{route.endpoint.__module__}.{route.endpoint.__qualname__}"
        found |= {(m, mount.path + route.path, name) for m in set(route.methods) - {"HEAD"}}
print(json.dumps(sorted(found)))
"""


def test_operations_match_connexion() -> None:
    truth = {tuple(t) for t in framework_dump(PROBE, str(ROOT), "petshop.app:app", cwd=ROOT)}
    found = {
        (m, r.path, r.handler.replace(":", "."))
        for r in cold_index(ROOT).published_routes()
        for m in r.methods
    }
    assert_same_set(truth, found, minimum=12)


SPEC = """
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: /api}]
paths:
  /items:
    get: {operationId: views.items, responses: {"200": {description: ok}}}
"""
SWAGGER = """
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /items:
    get: {operationId: views.items, responses: {"200": {description: ok}}}
"""
HEAD = "import connexion\nfrom connexion.options import SwaggerUIOptions\n"
VARIANTS = {
    "ui-from-the-app": (
        "ui = SwaggerUIOptions(swagger_ui_template_dir='ui', swagger_ui_path='/docs/',\n"
        "    swagger_ui_config={'deepLinking': True})\n"
        "app = connexion.AsyncApp(__name__, swagger_ui_options=ui)\n"
        "app.add_api('spec.yaml')\n"
    ),
    # near miss: nothing of the UI middleware
    "off": (
        "app = connexion.AsyncApp(__name__)\n"
        "app.add_api('spec.yaml',\n"
        "    swagger_ui_options=SwaggerUIOptions(serve_spec=False, swagger_ui=False))\n"
    ),
    # the API's options replace the app's: no template folder left, so no UI
    "api-replaces-app": (
        "app = connexion.AsyncApp(__name__,\n"
        "    swagger_ui_options=SwaggerUIOptions(swagger_ui_template_dir='ui'))\n"
        "app.add_api('spec.yaml', swagger_ui_options=SwaggerUIOptions(spec_path='/spec.json'))\n"
    ),
    "swagger-2": (
        "app = connexion.AsyncApp(__name__)\n"
        "app.add_api('swagger.yaml', base_path='/v2',\n"
        "    swagger_ui_options=SwaggerUIOptions(swagger_ui_template_dir='ui', spec_path='/doc'))\n"
    ),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_ui_routes_follow_the_options(tmp_path: Path, variant: str) -> None:
    write_tree(
        tmp_path,
        {
            "spec.yaml": SPEC,
            "swagger.yaml": SWAGGER,
            "views.py": "def items():\n    return []\n",
            "ui/index.j2": "<html></html>\n",
            "main.py": HEAD + VARIANTS[variant],
        },
    )
    truth = {tuple(t) for t in framework_dump(PROBE, str(tmp_path), "main:app", cwd=tmp_path)}
    found = {
        (m, r.path, r.handler.replace(":", "."))
        for r in cold_index(tmp_path).published_routes()
        for m in r.methods
    }
    assert_same_set(truth, found, minimum=1)
    if variant == "off":
        assert len(truth) == 1


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

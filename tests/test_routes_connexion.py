"""connexion routes checked against connexion itself.

The truth comes from loading the workspace's app in a subprocess and reading the routes of
connexion's routing middleware (built as on the app's first request, through its
``_build_middleware_stack``, so no server and no network are needed): each API's base path
joined to each operation's path, its methods (Starlette's HEAD beside GET included) and the
operation id connexion resolved it to, and for a ``FlaskApp`` the methods of the Flask rules
it hands the operations to (werkzeug's HEAD, Flask's OPTIONS); and the routes of its Swagger
UI middleware (the served document, the Swagger UI when it is available), with the dotted
name of each endpoint (the UI's files: the app mounted, ``StaticFiles``, which answers GET and
HEAD). The index never runs the
code: it reads the same documents as data and must find exactly that set, with the same
handlers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import (
    FLASK_PAIRS,
    LOAD_APP,
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

PROBE = (
    FLASK_PAIRS
    + LOAD_APP
    + r"""
import re

from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.routing import Mount

_, apps = app.middleware._build_middleware_stack()
routing = next(a for a in apps if isinstance(a, RoutingMiddleware))
found = set()
for mount in routing.router.routes:
    for route in mount.app.routes:
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", mount.path + route.path)
        found |= {(m, path, route.endpoint.operation_id) for m in route.methods}
# a FlaskApp's middleware passes the requests on to Flask: the methods of its rules
flask_app = getattr(app, "app", None)
for rule in getattr(flask_app, "url_map", None).iter_rules() if flask_app is not None else ():
    operation_id = getattr(flask_app.view_functions[rule.endpoint], "operation_id", None)
    if operation_id is None:
        continue  # Flask's own static files (the index does not list a connexion app's yet)
    found |= {(m, p, operation_id) for m, p in flask_pairs([rule])}
ui = next(a for a in apps if isinstance(a, SwaggerUIMiddleware))
for mount in ui.router.routes:
    for route in mount.app.routes:
        if isinstance(route, Mount):  # the UI's files
            kind = type(route.app)
            name = f"{kind.__module__}.{kind.__name__}"
            found |= {(m, mount.path + route.path_format, name) for m in ("GET", "HEAD")}
            continue
        name = f"{route.endpoint.__module__}.{route.endpoint.__qualname__}"
        found |= {(m, mount.path + route.path, name) for m in route.methods}
print(json.dumps(sorted(found)))
"""
)


def test_operations_match_connexion() -> None:
    truth = {tuple(t) for t in framework_dump(PROBE, str(ROOT), "petshop.app:app", cwd=ROOT)}
    found = {
        (m, r.path, r.handler.replace(":", "."))
        for r in cold_index(ROOT).published_routes()
        for m in r.answers
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
UI = "connexion.middleware.swagger_ui.SwaggerUIAPI"
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
    # Flask's rules behind the middleware: OPTIONS as well
    "flask-app": (
        "app = connexion.FlaskApp(__name__)\n"
        "app.add_api('spec.yaml',\n"
        "    swagger_ui_options=SwaggerUIOptions(swagger_ui_template_dir='ui'))\n"
    ),
    # connexion 2's options dict: connexion 3 takes it as one more argument and leaves it
    # unread, so the UI follows the app's options (here: a template folder, so on)
    "connexion-2-options-dict": (
        "app = connexion.AsyncApp(__name__,\n"
        "    swagger_ui_options=SwaggerUIOptions(swagger_ui_template_dir='ui'))\n"
        "app.add_api('spec.yaml', options={'swagger_ui': False, 'serve_spec': False,\n"
        "    'swagger_url': '/console', 'swagger_path': 'ui'})\n"
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
        for m in r.answers
    }
    assert_same_set(truth, found, minimum=1)
    if variant == "off":
        assert len(truth) == 2  # GET and HEAD /api/items
    if variant == "connexion-2-options-dict":  # the dict turned nothing off
        assert ("GET", "/api/ui/", f"{UI}._get_swagger_ui_home") in truth
    if variant == "flask-app":
        assert ("OPTIONS", "/api/items", "views.items") in truth


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

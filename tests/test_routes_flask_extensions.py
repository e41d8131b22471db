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
    LOAD_APP,
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
    require_module,
    served,
    write_tree,
)
from backend_architect.index.project import ProjectIndex

required_modules = modules_fixture("flask_restx", "flask_restful", "flask_smorest", "quart")

PROBE = (
    FLASK_PAIRS
    + LOAD_APP
    + r"""
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
    return served(index.published_routes())


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
    ready = one_route(index, "GET", "/-/ready")
    assert ready.methods == ("GET",)  # a HEAD written beside GET is werkzeug's own
    assert ready.automatic == ("HEAD", "OPTIONS")


AUTOMATIC_OPTIONS = {
    "flask": """
        from flask import Flask
        from flask.views import MethodView

        app = Flask(__name__)

        @app.route("/plain")
        def plain():
            return ""

        @app.route("/off", provide_automatic_options=False)
        def off():
            return ""

        # given as True, Flask takes OPTIONS as handled and does not add it to the rule
        @app.route("/given", methods=["POST"], provide_automatic_options=True)
        def given():
            return ""

        @app.route("/declared", methods=["GET", "HEAD", "OPTIONS"])
        def declared():
            return ""

        def rule_off():
            return ""

        app.add_url_rule("/rule-off", view_func=rule_off, provide_automatic_options=False)

        class Base(MethodView):
            provide_automatic_options = False

        class Quiet(Base):
            def get(self):
                return ""

            def post(self):
                return ""

        class Loud(MethodView):
            provide_automatic_options = None

            def get(self):
                return ""

            def head(self):
                return ""

        class Answers(MethodView):
            def put(self):
                return ""

            def options(self):
                return ""

        app.add_url_rule("/quiet", view_func=Quiet.as_view("quiet"))
        app.add_url_rule("/loud", view_func=Loud.as_view("loud"))
        app.add_url_rule("/answers", view_func=Answers.as_view("answers"))
        app.add_url_rule(
            "/told", view_func=Answers.as_view("told"), provide_automatic_options=False
        )
    """,
    "quart": """
        from quart import Quart

        app = Quart(__name__, static_folder=None)

        @app.get("/plain")
        async def plain():
            return ""

        @app.post("/off", provide_automatic_options=False)
        async def off():
            return ""

        @app.websocket("/ws")
        async def ws():
            pass
    """,
}


@pytest.mark.parametrize("case", list(AUTOMATIC_OPTIONS))
def test_automatic_head_and_options_match_the_framework(tmp_path: Path, case: str) -> None:
    """HEAD beside GET (werkzeug's ``Rule``) and OPTIONS (``add_url_rule`` unless
    ``provide_automatic_options`` is given, by the registration or the view class) are what
    the rules answer; the declared methods stay the project's."""
    write_tree(tmp_path, {"app.py": AUTOMATIC_OPTIONS[case]})
    index = cold_index(tmp_path)
    assert_same_set(truth(tmp_path, "app:app"), found(index), minimum=3)
    assert one_route(index, "GET", "/plain").automatic == ("HEAD", "OPTIONS")
    if case == "flask":
        assert one_route(index, "GET", "/off").automatic == ("HEAD",)
        assert one_route(index, "POST", "/given").automatic == ()
        assert one_route(index, "GET", "/loud").automatic == ("OPTIONS",)  # its own HEAD
    else:
        assert one_route(index, "POST", "/off").automatic == ()
        assert one_route(index, "WEBSOCKET", "/ws").automatic == ()


APIFLASK_VIEWS = """
@app.get("/pets")
def pets():
    return []
"""
APIFLASK = {
    "defaults": "app = APIFlask(__name__)\n",
    "custom": (
        "app = APIFlask(__name__, 'Pets', '1', spec_path='/spec.yaml', docs_path='/ui',\n"
        "    openapi_blueprint_url_prefix='/meta')\n"
    ),
    "redoc": "app = APIFlask(__name__, docs_ui='redoc')\n",  # no OAuth2 redirect
    "no-redirect": "app = APIFlask(__name__, docs_oauth2_redirect_path=None)\n",
    "spec-only": "app = APIFlask(__name__, docs_path=None)\n",
    "off": "app = APIFlask(__name__, enable_openapi=False)\n",  # near miss: no blueprint
    "nothing": "app = APIFlask(__name__, spec_path=None, docs_path=None)\n",
}


@pytest.mark.parametrize("case", list(APIFLASK))
def test_apiflask_documentation_routes_match_the_framework(tmp_path: Path, case: str) -> None:
    """APIFlask's ``openapi`` blueprint: the document, the docs page, the Swagger UI's OAuth2
    redirect, as the constructor's arguments and the installed defaults say."""
    require_module("apiflask")
    source = "from apiflask import APIFlask\n" + APIFLASK[case] + APIFLASK_VIEWS
    write_tree(tmp_path, {"app.py": source})
    index = cold_index(tmp_path)
    assert_same_set(truth(tmp_path, "app:app"), found(index), minimum=3)
    generated = [r for r in index.routes if r.name and r.name.startswith("openapi.")]
    assert all(r.generated and r.automatic == ("HEAD", "OPTIONS") for r in generated)
    if case == "defaults":
        spec = one_route(index, "GET", "/openapi.json")
        assert spec.handler == "apiflask.app:APIFlask._register_openapi_blueprint.<locals>.spec"
        assert spec.name == "openapi.spec" and spec.span.start.line == 1
    if case in ("off", "nothing"):
        assert not generated

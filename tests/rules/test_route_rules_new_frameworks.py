"""The route rules read the routes of every framework issue 17 added: BA201 (a write that
requires no authentication while the project's other endpoints do) fires on each, from the
auth facts each framework has (RESTX method decorators, flask-smorest view decorators, Quart
handler decorators, aiohttp handler decorators, Litestar guards, connexion security
requirements), and the route card names the framework and the auth."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import write_tree
from backend_architect.config import Settings
from backend_architect.index.project import ProjectIndex
from backend_architect.report.route_card import route_card
from backend_architect.rules.engine import Engine

RESTX = {
    "app.py": """\
        from flask import Flask
        from flask_restx import Api, Namespace, Resource


        def token_required(fn):
            return fn


        app = Flask(__name__)
        api = Api(app)
        ns = Namespace("orders")
        api.add_namespace(ns)


        @ns.route("/<int:oid>")
        class Order(Resource):
            method_decorators = [token_required]

            def get(self, oid):
                return {}

            def put(self, oid):
                return {}


        @ns.route("/")
        class Orders(Resource):
            def post(self):
                return {}
        """
}
SMOREST = {
    "app.py": """\
        from flask import Flask
        from flask.views import MethodView
        from flask_smorest import Api, Blueprint


        def login_required(fn):
            return fn


        app = Flask(__name__)
        api = Api(app)
        blp = Blueprint("orders", __name__, url_prefix="/orders")


        @blp.route("/<int:oid>")
        class Order(MethodView):
            decorators = [login_required]

            def get(self, oid):
                return {}

            def delete(self, oid):
                return None


        @blp.route("/")
        class Orders(MethodView):
            def post(self):
                return {}


        api.register_blueprint(blp)
        """
}
QUART = {
    "app.py": """\
        from quart import Quart

        app = Quart(__name__)


        def login_required(fn):
            return fn


        @app.get("/orders")
        @login_required
        async def orders():
            return []


        @app.put("/orders/<int:oid>")
        @login_required
        async def replace(oid):
            return {}


        @app.post("/orders")
        async def create():
            return {}
        """
}
AIOHTTP = {
    "app.py": """\
        from aiohttp import web


        def login_required(fn):
            return fn


        @login_required
        async def orders(request):
            return web.json_response([])


        @login_required
        async def replace(request):
            return web.json_response({})


        async def create(request):
            return web.json_response({})


        app = web.Application()
        app.router.add_get("/orders", orders)
        app.router.add_put("/orders/{oid}", replace)
        app.router.add_post("/orders", create)
        """
}
LITESTAR = {
    "app.py": """\
        from litestar import Litestar, get, post, put


        def requires_login(connection, handler):
            return None


        @get("/orders", guards=[requires_login])
        async def orders() -> list:
            return []


        @put("/orders/{oid:int}", guards=[requires_login])
        async def replace(oid: int) -> dict:
            return {}


        @post("/orders")
        async def create() -> dict:
            return {}


        app = Litestar(route_handlers=[orders, replace, create])
        """
}
CONNEXION = {
    "app.py": """\
        import connexion

        app = connexion.AsyncApp(__name__)
        app.add_api("openapi.yaml")
        """,
    "orders.py": """\
        def orders():
            return []


        def replace(oid):
            return {}


        def create():
            return {}
        """,
    "openapi.yaml": """\
        openapi: 3.0.3
        info: {title: orders, version: "1"}
        components:
          securitySchemes:
            jwt: {type: http, scheme: bearer, x-bearerInfoFunc: auth.decode}
        paths:
          /orders:
            get:
              operationId: orders.orders
              security: [{jwt: []}]
              responses: {"200": {description: ok}}
            post:
              operationId: orders.create
              responses: {"200": {description: ok}}
          /orders/{oid}:
            put:
              operationId: orders.replace
              security: [{jwt: []}]
              responses: {"200": {description: ok}}
        """,
}

# (files, file checked, where BA201 reports: 0-based line, column; the framework's name)
CASES = {
    "restx": (RESTX, "app.py", (25, 1), "Flask"),
    "smorest": (SMOREST, "app.py", (25, 1), "Flask"),
    "quart": (QUART, "app.py", (21, 1), "Flask"),
    "aiohttp": (AIOHTTP, "app.py", (24, 0), "aiohttp"),
    "litestar": (LITESTAR, "app.py", (17, 1), "Litestar"),
    "connexion": (CONNEXION, "orders.py", (8, 4), "Connexion"),
}


@pytest.mark.parametrize("name", CASES)
def test_write_without_auth_fires_on_each_framework(tmp_path: Path, name: str) -> None:
    files, rel, where, framework = CASES[name]
    write_tree(tmp_path, files)
    index = ProjectIndex(str(tmp_path))
    index.build()
    parsed = index.parsed(str(tmp_path / rel))
    assert parsed is not None
    findings = Engine(Settings(select=["BA201"])).check_parsed(parsed, index)
    assert [(f.span.start.line, f.span.start.column) for f in findings] == [where]
    assert "POST" in findings[0].message
    protected = [r for r in index.routes if r.auth and not r.auth[0].public]
    card = route_card(protected[0], index)
    assert framework in card and f"`{protected[0].auth[0].name}`" in card

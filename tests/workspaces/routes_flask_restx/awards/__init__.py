"""An awards service on Flask-RESTX, with a Flask-RESTful API kept from before."""

from flask import Flask
from flask_restx import Api, Resource

from .api import blueprint
from .legacy import legacy_api


def create_app() -> Flask:
    app = Flask(__name__)
    app.register_blueprint(blueprint)
    legacy_api.init_app(app)
    ops = Api(app, prefix="/ops", doc=False, default_swagger_filename="openapi.json")

    @ops.route("/metrics")
    class Metrics(Resource):
        def get(self):
            return {"awards": 0}

    return app

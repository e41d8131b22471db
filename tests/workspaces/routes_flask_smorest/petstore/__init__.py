"""A pet store on flask-smorest: an app factory, the Api bound with init_app, blueprints of
MethodViews and view functions, the OpenAPI document and two documentation pages."""

from flask import Flask

from .config import Config
from .extensions import api
from .resources.owners import blp as owners_blp
from .resources.pets import blp as pets_blp


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config)
    api.init_app(app)
    api.register_blueprint(pets_blp)
    api.register_blueprint(owners_blp, url_prefix="/api/owners")
    return app

"""A chat service on Quart: an app factory, blueprints, a MethodView, a websocket."""

from quart import Quart

from .api import api_bp
from .rooms import rooms_bp


def create_app() -> Quart:
    app = Quart(__name__)
    api_bp.register_blueprint(rooms_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")

    @app.route("/")
    async def index():
        return "chat"

    @app.websocket("/ws")
    async def ws():
        return None

    return app

"""A Flask factory that hands back the app it built before; the module that serves it adds a
blueprint and a route to what the factory returns."""

from flask import Blueprint, Flask

core = Blueprint("core", __name__)


@core.route("/status")
def status():
    return "ok"


@core.route("/items", methods=["GET", "POST"])
def items():
    return "[]"


_app: Flask | None = None
_BY_NAME: dict[str, Flask] = {}


def create_app() -> Flask:
    global _app
    if _app is not None:
        return _app
    app = Flask(__name__)
    app.register_blueprint(core, url_prefix="/core")
    _app = app
    return app


def create_named(name: str = "admin", testing: bool = False) -> Flask:
    if name in _BY_NAME:
        return _BY_NAME[name]
    if testing:
        return None  # type: ignore[return-value]
    app = Flask(name, static_folder=None)
    _BY_NAME[name] = app
    return app

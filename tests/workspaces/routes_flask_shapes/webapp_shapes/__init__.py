"""Flask registrations in the rarer shapes: rules built inside helpers from their arguments,
decorators applied by a call, and a lambda as the view."""

from flask import Blueprint, Flask

from .assets import register_assets, register_probe
from .views import health, legacy_ping, submit

app = Flask(__name__)
api = Blueprint("api", __name__, url_prefix="/api")

app.get("/health")(health)
api.route("/submit", methods=["POST"])(submit)
legacy_ping = api.route("/ping")(legacy_ping)
app.add_url_rule("/robots.txt", "robots", lambda: "User-agent: *\n")

register_assets(app, base_path="plugins/charts/")
register_assets(app, "plugins/maps/")
register_assets(api)
register_probe(app, name="ready")
register_probe(app, name="live")
app.register_blueprint(api)


def version():
    return "1.0"


app.route("/version")(version)

from flask import Blueprint
from flask_restx import Api, Resource

from .awards import ns as awards_ns
from .users import ns as users_ns

API_PREFIX = "/api/v1"

blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)
api = Api(
    blueprint,
    title="Awards",
    doc="/docs",
    authorizations={"apikey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
)
api.add_namespace(awards_ns, "/awards")
api.add_namespace(users_ns)
health = api.namespace("health", path="/status/")


@health.route("")
class Health(Resource):
    def get(self):
        return {"ok": True}

from flask.views import MethodView
from flask_smorest import Blueprint

blp = Blueprint("owners", __name__, url_prefix="/owners")


@blp.route("")
class Owners(MethodView):
    def get(self):
        return []


@blp.route("/<uuid:owner_id>/pets")
class OwnerPets(MethodView):
    def get(self, owner_id):
        return []

    def patch(self, owner_id):
        return {}

from flask.views import MethodView
from flask_smorest import Blueprint, abort

blp = Blueprint("pets", __name__, url_prefix="/api/pets", description="Pets")


def admin_required(fn):
    return fn


@blp.route("/")
class Pets(MethodView):
    @blp.response(200)
    def get(self):
        return []

    @blp.response(201)
    def post(self):
        return {}


@blp.route("/<int:pet_id>")
class PetById(MethodView):
    decorators = [admin_required]

    def get(self, pet_id):
        return {}

    def put(self, pet_id):
        return {}

    def delete(self, pet_id):
        abort(404)


@blp.route("/count", methods=["GET", "POST"])
def count():
    return {"count": 0}


@blp.get("/random")
def random_pet():
    return {}

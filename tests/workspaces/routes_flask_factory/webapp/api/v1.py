from flask import Blueprint, jsonify
from flask.views import MethodView

v1_bp = Blueprint("v1", __name__, url_prefix="/v1")


class UserAPI(MethodView):
    def get(self, id: int | None = None):
        return jsonify([])

    def post(self):
        return jsonify({}), 201

    def put(self, id: int):
        return jsonify({})

    def delete(self, id: int):
        return "", 204


class BaseResource(MethodView):
    def get(self):
        return jsonify([])


class TagAPI(BaseResource):
    def post(self):
        return jsonify({}), 201


user_view = UserAPI.as_view("users")
v1_bp.add_url_rule("/users", view_func=user_view, methods=["GET", "POST"])
v1_bp.add_url_rule("/users/<int:id>", view_func=user_view, methods=["GET", "PUT", "DELETE"])
v1_bp.add_url_rule("/tags", view_func=TagAPI.as_view("tags"))

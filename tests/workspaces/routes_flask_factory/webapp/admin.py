from flask import Blueprint

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.route("/")
def dashboard() -> str:
    return "admin"


@admin.route("/users/<uuid:user_id>", methods=("GET", "DELETE"))
def user(user_id) -> str:
    return str(user_id)

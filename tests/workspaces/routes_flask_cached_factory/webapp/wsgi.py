from flask import Blueprint

from . import create_app, create_named

late = Blueprint("late", __name__)


@late.route("/report")
def report():
    return "report"


app = create_app()
app.register_blueprint(late, url_prefix="/late")


@app.route("/health")
def health():
    return "ok"


admin = create_named()


@admin.route("/users/<int:user_id>", methods=["DELETE"])
def delete_user(user_id: int):
    return ""

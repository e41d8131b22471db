from quart import Blueprint, abort
from quart.views import MethodView

api_bp = Blueprint("api", __name__)


def login_required(fn):
    return fn


@api_bp.get("/me")
@login_required
async def me():
    return {}


@api_bp.post("/messages")
async def post_message():
    abort(401)


class MessageView(MethodView):
    async def get(self, message_id: int):
        return {}

    async def delete(self, message_id: int):
        return "", 204


api_bp.add_url_rule("/messages/<int:message_id>", view_func=MessageView.as_view("message"))

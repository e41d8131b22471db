from flask.views import MethodView


def ping() -> str:
    return "pong"


class ItemsView(MethodView):
    def get(self) -> str:
        return "[]"

    def post(self) -> tuple[str, int]:
        return "{}", 201

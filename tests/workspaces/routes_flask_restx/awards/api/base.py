from flask_restx import Resource


def token_required(fn):
    return fn


class ReadOnlyResource(Resource):
    """Every resource of the API answers GET the same way."""

    def get(self, **kwargs):
        return {}

"""The API before RESTX: Flask-RESTful, bound to the app later (``init_app``)."""

from flask_restful import Api, Resource

legacy_api = Api(prefix="/legacy")


class Ping(Resource):
    def get(self):
        return "pong"


legacy_api.add_resource(Ping, "/ping", "/ping2")


@legacy_api.resource("/things/<int:thing_id>")
class Thing(Resource):
    def get(self, thing_id):
        return {}

    def delete(self, thing_id):
        return "", 204

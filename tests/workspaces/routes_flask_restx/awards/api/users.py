from flask_restx import Namespace, Resource


def login_required(fn):
    return fn


ns = Namespace("users", path="/people", decorators=[login_required])


@ns.route("/<string:username>", "/by-name/<username>")
class User(Resource):
    def get(self, username):
        return {}

    @ns.doc(security="apikey")
    def delete(self, username):
        return "", 204

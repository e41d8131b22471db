from flask_restx import Namespace, Resource

from .base import ReadOnlyResource, token_required

ns = Namespace("awards", description="Awards given")


@ns.route("/")
class AwardList(ReadOnlyResource):
    def post(self):
        return {}, 201


@ns.route("/<int:award_id>")
class Award(Resource):
    method_decorators = [token_required]

    def get(self, award_id):
        return {}

    def put(self, award_id):
        return {}

    def patch(self, award_id):
        return {}

    def delete(self, award_id):
        return "", 204


class AwardStats(ReadOnlyResource):
    pass


ns.add_resource(AwardStats, "/stats", "/stats/<string:year>")

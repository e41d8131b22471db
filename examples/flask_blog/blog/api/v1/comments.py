from flask import abort, g, jsonify, request
from flask.views import MethodView

from blog.api.v1 import v1
from blog.auth import login_required
from blog.db import db_session
from blog.models import Comment, Post


def _comment_json(comment):
    return {"id": comment.id, "body": comment.body, "created": comment.created.isoformat()}


class CommentListAPI(MethodView):
    init_every_request = False

    def get(self, post_id):
        post = db_session.get(Post, post_id) or abort(404)
        return jsonify([_comment_json(c) for c in post.comments])

    @login_required
    def post(self, post_id):
        db_session.get(Post, post_id) or abort(404)
        data = request.get_json() or {}
        if not data.get("body"):
            abort(400)
        comment = Comment(body=data["body"], post_id=post_id, author_id=g.user.id)
        db_session.add(comment)
        db_session.commit()
        return jsonify(_comment_json(comment)), 201


class CommentAPI(MethodView):
    decorators = [login_required]

    def get(self, comment_id):
        comment = db_session.get(Comment, comment_id) or abort(404)
        return jsonify(_comment_json(comment))

    def patch(self, comment_id):
        comment = db_session.get(Comment, comment_id) or abort(404)
        if comment.author_id != g.user.id:
            abort(403)
        comment.body = (request.get_json() or {}).get("body", comment.body)
        db_session.commit()
        return jsonify(_comment_json(comment))

    def delete(self, comment_id):
        comment = db_session.get(Comment, comment_id) or abort(404)
        if comment.author_id != g.user.id:
            abort(403)
        db_session.delete(comment)
        db_session.commit()
        return "", 204


v1.add_url_rule(
    "/posts/<int:post_id>/comments", view_func=CommentListAPI.as_view("post_comments")
)
v1.add_url_rule("/comments/<int:comment_id>", view_func=CommentAPI.as_view("comment"))

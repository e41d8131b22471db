"""Flask-RESTX models (``api.model``, ``api.inherit``) with ``@ns.expect`` and ``@ns.marshal_with``.
The handlers are plain Flask routes here: the index's route discovery reads them today; the same
decorators on Resource methods read the same way."""

from flask import Flask
from flask_restx import Api, Namespace, fields, inputs, reqparse

app = Flask(__name__)
api = Api(app, doc=False)
ns = Namespace("todos")

tag = api.model("Tag", {"label": fields.String(required=True, min_length=1, max_length=10)})
todo = api.model(
    "Todo",
    {
        "id": fields.Integer(readonly=True, description="The task id"),
        "task": fields.String(required=True, pattern="^[a-z ]+$"),
        "done": fields.Boolean(default=False),
        "priority": fields.Integer(min=1, max=5),
        "estimate": fields.Float,
        "due": fields.DateTime(),
        "kind": fields.String(enum=["chore", "errand"]),
        "tags": fields.List(fields.Nested(tag)),
        "main_tag": fields.Nested(tag, allow_null=True),
        "related": fields.Nested(tag, as_list=True),
        "extra": fields.Raw(),
        "ids": fields.List(fields.Integer, min_items=1),
    },
)
detailed = api.inherit("DetailedTodo", todo, {"notes": fields.String})

listing = reqparse.RequestParser()
listing.add_argument("page", type=int, default=1, location="args", help="Page number")
listing.add_argument("kind", choices=["chore", "errand"], location="args")
listing.add_argument("tag", action="append", location="args")
listing.add_argument("done", type=inputs.boolean, location="args")
listing.add_argument("X-Request-Id", location="headers", required=True)


@app.route("/todos", methods=["POST"])
@ns.expect(todo, validate=True)
@ns.marshal_with(todo, code=201)
def create_todo():
    return {}


@app.route("/todos", methods=["GET"])
@ns.expect(listing)
@ns.marshal_list_with(detailed)
def list_todos():
    return []


@app.route("/todos/<int:todo_id>", methods=["PUT"])
@ns.expect([tag])
@ns.marshal_with(detailed)
def tag_todo(todo_id):
    return {}


@app.route("/todos/<int:todo_id>/archive", methods=["POST"])
@ns.response(404, "No such task")
@ns.response(202, "Archived", todo)
def archive_todo(todo_id):
    return {}, 202


@app.route("/todos/<int:todo_id>", methods=["DELETE"])
@ns.response(204, "Deleted")
def delete_todo(todo_id):
    return "", 204

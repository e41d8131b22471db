"""flask-smorest bodies and responses declared with marshmallow schemas, and pydantic models read
from the request. The routes are plain Flask routes (``@app.route``): the index's route discovery
reads them today; the same decorators on ``@blp.route`` MethodViews read the same way."""

from flask import Flask, request
from flask_smorest import Api, Blueprint
from marshmallow import EXCLUDE, Schema, fields, validate
from pydantic import BaseModel, Field

app = Flask(__name__)
app.config.update(API_TITLE="pets", API_VERSION="1", OPENAPI_VERSION="3.1.0")
api = Api(app)
blp = Blueprint("pets", __name__)


class TagSchema(Schema):
    label = fields.String(required=True, validate=validate.Length(min=1, max=20))


class BaseEntitySchema(Schema):
    id = fields.Integer(dump_only=True)
    created = fields.DateTime(dump_only=True)


class PetSchema(BaseEntitySchema):
    name = fields.String(required=True, validate=validate.Length(max=50))
    kind = fields.String(validate=validate.OneOf(["cat", "dog"]))
    age = fields.Integer(validate=validate.Range(min=0, max=40), allow_none=True)
    secret = fields.String(load_only=True)
    code = fields.String(validate=[validate.Regexp(r"^[A-Z]{2}\d+$"), validate.Length(equal=5)])
    tags = fields.List(fields.Nested(TagSchema), validate=validate.Length(max=5))
    owner = fields.Nested("OwnerSchema", data_key="ownerInfo", allow_none=True)
    friends = fields.Nested("PetSummarySchema", many=True)
    score = fields.Float(load_default=1.5)
    attributes = fields.Dict(keys=fields.String(), values=fields.Integer())
    site = fields.Url(metadata={"description": "Home page"})


class OwnerSchema(Schema):
    email = fields.Email(required=True)
    phone = fields.String()


class PetSummarySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.Integer()
    name = fields.String()


class PetQuerySchema(Schema):
    kind = fields.String(validate=validate.OneOf(["cat", "dog"]))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))
    q = fields.String(required=True)


@app.route("/pets", methods=["POST"])
@blp.arguments(PetSchema)
@blp.response(201, PetSchema)
def create_pet(data):
    return data


@app.route("/pets", methods=["GET"])
@blp.arguments(PetQuerySchema, location="query")
@blp.response(200, PetSchema(many=True))
def list_pets(args):
    return []


@app.route("/pets/<int:pet_id>", methods=["PUT"])
@blp.arguments(PetSchema(), required=False)
@blp.response(200, schema=PetSummarySchema)
def replace_pet(data, pet_id):
    return data


@app.route("/pets/<int:pet_id>", methods=["DELETE"])
@blp.response(204)
def delete_pet(pet_id):
    return ""


class Visit(BaseModel):
    pet_id: int = Field(gt=0)
    reason: str = Field(min_length=3)
    urgent: bool = False


class VisitNote(BaseModel):
    text: str
    tags: list[str] = []


@app.route("/visits", methods=["POST"])
def book_visit():
    visit = Visit(**request.json)
    return visit.model_dump(), 201


@app.route("/visits/<int:visit_id>/notes", methods=["POST"])
def add_note(visit_id):
    note = VisitNote.model_validate(request.get_json())
    return note.model_dump()


@app.route("/visits/<int:visit_id>", methods=["PATCH"])
def touch_visit(visit_id):
    data = dict(**request.json)  # not a model: no body schema
    return data

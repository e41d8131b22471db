"""What a Flask handler declares of its body and its answer besides the route: flask-smorest's
``@blp.arguments(Schema, location=...)`` and ``@blp.response(status, Schema)``, Flask-RESTX's
``@ns.expect(model)``, ``@ns.marshal_with(model, code=...)`` and a success
``@ns.response(code, description, model)`` (:mod:`restx_models`),
flask-pydantic's ``@validate()`` with ``body: Model`` / ``query: Model`` parameters, and a
pydantic model read from the request in the body (``Model(**request.json)``,
``Model.model_validate(request.get_json())``, ``Model.parse_obj(...)``)."""

from __future__ import annotations

import ast

from ...core.syntax import dotted_name, keyword_value
from ...index.facts import FunctionFacts, ModuleFacts
from ...index.symbol_types import External
from ..models.annotations import last_dotted_part
from .constraints import literal
from .fastapi_params import BodyPart, DeclaredResponse, Inputs
from .json_schema import JsonSchema, SchemaBuilder
from .restx_models import parser_parameters, restx_model

_SMOREST_MEDIA = {
    "json": "application/json",
    "form": "application/x-www-form-urlencoded",
    "files": "multipart/form-data",
}
_PARAM_LOCATIONS = {
    "query": "query",
    "querystring": "query",
    "headers": "header",
    "cookies": "cookie",
}
_VALIDATE_CALLS = {"model_validate", "parse_obj", "model_validate_json", "parse_raw", "validate"}
# RESTX reads a field mask from this header wherever it marshals
X_FIELDS = {
    "name": "X-Fields",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "format": "mask"},
    "description": "An optional fields mask",
}
_REQUEST_DATA = {"json", "get_json", "form", "data", "args", "get_data", "values"}


def flask_inputs(
    builder: SchemaBuilder, facts: ModuleFacts, fn: FunctionFacts, inputs: Inputs
) -> None:
    """Adds the declared body, parameters and success response to ``inputs``."""
    response: DeclaredResponse | None = None
    validated = False
    for dec in fn.node.decorator_list:
        if not isinstance(dec, ast.Call):
            continue
        name = last_dotted_part(dec.func)
        if name == "validate" and _external(builder, dec.func, facts, fn).startswith(
            "flask_pydantic"
        ):
            validated = True
        elif name == "arguments" and dec.args:
            _arguments(builder, facts, fn, dec, inputs)
        elif name == "response" and len(dec.args) > 1 and isinstance(literal(dec.args[1]), str):
            restx = _restx_response(builder, facts, fn, dec)  # ``@ns.response(201, "Created", m)``
            if restx is not None and response is None:
                response = restx
        elif name == "response" and dec.args and response is None:
            response = _smorest_response(builder, facts, fn, dec)
        elif name == "expect" and dec.args:
            for arg in dec.args:
                schema = restx_model(builder, arg, facts, fn.scope)
                if schema is not None:
                    inputs.body.append(BodyPart("payload", schema, True, "application/json", False))
                for param in parser_parameters(builder.index, builder, arg, facts, fn.scope) or []:
                    inputs.add_parameter(param)
        elif name in ("marshal_with", "marshal_list_with") and dec.args and response is None:
            schema = restx_model(builder, dec.args[0], facts, fn.scope)
            if schema is not None:
                inputs.add_parameter(X_FIELDS)
                as_list = (
                    name == "marshal_list_with" or literal(keyword_value(dec, "as_list")) is True
                )
                code = literal(keyword_value(dec, "code"))
                response = DeclaredResponse(
                    code if isinstance(code, int) else None,
                    {"type": "array", "items": schema} if as_list else schema,
                )
    if validated:
        _flask_pydantic(builder, facts, fn, inputs)
        if response is None and fn.node.returns is not None:
            response = DeclaredResponse(None, builder.annotation(fn.node.returns, facts, fn.scope))
    if not inputs.body:
        model = _validated_in_body(fn)
        if model is not None:
            schema = builder.annotation(model, facts, fn.scope)
            if "$ref" in schema:  # a schema the readers know, not ``dict(**request.json)``
                inputs.body.append(BodyPart("body", schema, True, "application/json", False))
    inputs.response = response


def _external(builder: SchemaBuilder, expr: ast.expr, facts: ModuleFacts, fn: FunctionFacts) -> str:
    sym = builder.resolve(expr, facts, fn.scope)
    return sym.dotted if isinstance(sym, External) else ""


def _schema_arg(
    builder: SchemaBuilder, expr: ast.expr, facts: ModuleFacts, fn: FunctionFacts
) -> JsonSchema:
    """``PetSchema``, ``PetSchema()`` or ``PetSchema(many=True)`` as JSON Schema."""
    if isinstance(expr, ast.Call):
        schema = builder.annotation(expr.func, facts, fn.scope)
        many = literal(keyword_value(expr, "many")) is True
        return {"type": "array", "items": schema} if many else schema
    return builder.annotation(expr, facts, fn.scope)


def _arguments(
    builder: SchemaBuilder, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call, inputs: Inputs
) -> None:
    schema = _schema_arg(builder, dec.args[0], facts, fn)
    if "x-unresolved" in schema:
        return
    where = literal(keyword_value(dec, "location"))
    where = where if isinstance(where, str) else "json"
    if where in _PARAM_LOCATIONS:
        schema_parameters(builder, schema, _PARAM_LOCATIONS[where], inputs)
        return
    required = literal(keyword_value(dec, "required"))
    media = _SMOREST_MEDIA.get(where, "application/json")
    inputs.body.append(BodyPart("body", schema, required is not False, media, False))


def schema_parameters(
    builder: SchemaBuilder, schema: JsonSchema, location: str, inputs: Inputs
) -> None:
    """A schema's properties as parameters of one location (a query schema)."""
    ref = schema.get("$ref")
    target = builder.components.get(ref.rsplit("/", 1)[-1], {}) if isinstance(ref, str) else schema
    required = set(target.get("required", []))
    for name, prop in target.get("properties", {}).items():
        inputs.add_parameter(
            {"name": name, "in": location, "required": name in required, "schema": prop}
        )


def _smorest_response(
    builder: SchemaBuilder, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call
) -> DeclaredResponse:
    status = literal(dec.args[0])
    target = dec.args[1] if len(dec.args) > 1 else keyword_value(dec, "schema")
    schema = _schema_arg(builder, target, facts, fn) if target is not None else None
    return DeclaredResponse(status if isinstance(status, int) else None, schema)


def _restx_response(
    builder: SchemaBuilder, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call
) -> DeclaredResponse | None:
    """A success ``@ns.response(code, description, model)`` (RESTX): the model its body."""
    code = literal(dec.args[0])
    if not isinstance(code, int) or not 200 <= code < 300:
        return None
    target = dec.args[2] if len(dec.args) > 2 else keyword_value(dec, "model")
    schema = restx_model(builder, target, facts, fn.scope) if target is not None else None
    return DeclaredResponse(code, schema)


def _flask_pydantic(
    builder: SchemaBuilder, facts: ModuleFacts, fn: FunctionFacts, inputs: Inputs
) -> None:
    """flask-pydantic reads ``body``, ``query`` and ``form`` parameters by their name."""
    for arg in fn.node.args.args + fn.node.args.kwonlyargs:
        if arg.annotation is None or arg.arg not in ("body", "query", "form"):
            continue
        schema = builder.annotation(arg.annotation, facts, fn.scope)
        if arg.arg == "query":
            schema_parameters(builder, schema, "query", inputs)
        else:
            media = "application/json" if arg.arg == "body" else "application/x-www-form-urlencoded"
            inputs.body.append(BodyPart(arg.arg, schema, True, media, False))


def _validated_in_body(fn: FunctionFacts) -> ast.expr | None:
    """The model of ``Model(**request.json)`` / ``Model.model_validate(request.get_json())``."""
    for node in ast.walk(fn.node):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in _VALIDATE_CALLS:
            if node.args and _reads_request(node.args[0]):
                return node.func.value
        elif any(kw.arg is None and _reads_request(kw.value) for kw in node.keywords):
            return node.func
    return None


def _reads_request(expr: ast.expr) -> bool:
    """``request.json``, ``request.get_json()``, ``request.get_json(force=True)``."""
    if isinstance(expr, ast.Call):
        expr = expr.func
    return (
        isinstance(expr, ast.Attribute)
        and expr.attr in _REQUEST_DATA
        and (dotted_name(expr.value) or "").rsplit(".", 1)[-1] == "request"
    )

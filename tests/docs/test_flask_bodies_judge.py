"""Flask bodies and responses against the libraries that declare them:

- flask-smorest (marshmallow schemas, ``@blp.arguments``/``@blp.response``): its own
  ``api.spec.to_dict()`` (apispec's MarshmallowPlugin, OpenAPI 3.1), over the fixture's
  handlers registered on a probe blueprint;
- Flask-RESTX (``api.model``/``api.inherit``, ``@ns.expect``/``@ns.marshal_with``): its own
  ``api.__schema__`` (Swagger 2.0), over the handlers registered as Resources of a probe Api;
- pydantic models read from the request in a Flask handler: pydantic's ``model_json_schema()``.

The fixtures' handlers are plain ``@app.route`` functions: the index reads their decorators, so
the same decorators on MethodViews and Resources read the same way once route discovery finds
those. Equal after resolving ``$ref``s: request bodies (required, media, schemas), query and
header parameters, success statuses and schemas."""

from __future__ import annotations

from typing import Any

import pytest
from _support import WORKSPACES, framework_dump, require_module
from backend_architect.actions.document_api.build import document_api
from backend_architect.index.project import ProjectIndex

from .judge import operation_view, operations, resolve

SMOREST = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module = importlib.import_module(sys.argv[2])
from flask import Flask
from flask_smorest import Api, Blueprint
app = Flask("probe")
app.config.update(API_TITLE="probe", API_VERSION="1", OPENAPI_VERSION="3.1.0")
api = Api(app)
blp = Blueprint("probe", "probe")
for rule in module.app.url_map.iter_rules():
    view = module.app.view_functions[rule.endpoint]
    if hasattr(view, "_apidoc"):
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        blp.route(rule.rule, methods=methods, endpoint=rule.endpoint)(view)
api.register_blueprint(blp)
models = {
    name: cls.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, cls in vars(module).items()
    if isinstance(cls, type) and hasattr(cls, "model_json_schema") and cls.__module__ == module.__name__
}
print(json.dumps({"spec": api.spec.to_dict(), "pydantic": models}))
"""
RESTX = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module = importlib.import_module(sys.argv[2])
from flask import Flask
from flask_restx import Api, Resource
app = Flask("probe")
api = Api(app)
api.models.update(module.api.models)
by_rule = {}
for rule in module.app.url_map.iter_rules():
    view = module.app.view_functions[rule.endpoint]
    if hasattr(view, "__apidoc__"):
        for m in rule.methods - {"HEAD", "OPTIONS"}:
            by_rule.setdefault(rule.rule, {})[m.lower()] = view
for n, (rule, methods) in enumerate(sorted(by_rule.items())):
    api.add_resource(type(f"R{n}", (Resource,), methods), rule, endpoint=f"r{n}")
with app.test_request_context():
    print(json.dumps(api.__schema__))
"""


METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH"}


def methods_only(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The operations (a path item's ``parameters`` is no operation)."""
    return {k: v for k, v in operations(doc).items() if k[0] in METHODS}


def static(workspace: str) -> dict[str, Any]:
    index = ProjectIndex(str(WORKSPACES / workspace))
    index.build()
    return document_api(index).openapi


def body_and_success(view: dict[str, Any]) -> dict[str, Any]:
    params = {k: v for k, v in view["parameters"].items() if k[1] != "path"}
    return {"parameters": params, "requestBody": view["requestBody"], "success": view["success"]}


def test_smorest_bodies_equal_flask_smorest() -> None:
    for name in ("flask_smorest", "marshmallow", "apispec"):
        require_module(name)
    root = WORKSPACES / "docs_flask_smorest"
    spec = framework_dump(SMOREST, str(root), "pets")["spec"]
    found = static("docs_flask_smorest")
    expected_ops = methods_only(spec)
    assert len(expected_ops) == 4
    found_ops = operations(found)
    for key, op in expected_ops.items():
        assert key in found_ops, key
        a = body_and_success(operation_view(op, spec))
        b = body_and_success(operation_view(found_ops[key], found))
        assert a == b, key


def test_pydantic_bodies_in_flask_handlers() -> None:
    """``Model(**request.json)`` and ``Model.model_validate(request.get_json())`` make the
    model the body; ``dict(**request.json)`` makes none."""
    require_module("flask")
    root = WORKSPACES / "docs_flask_smorest"
    models = framework_dump(SMOREST, str(root), "pets")["pydantic"]
    found = static("docs_flask_smorest")
    ops = operations(found)
    for key, model in (
        (("POST", "/visits"), "Visit"),
        (("POST", "/visits/{visit_id}/notes"), "VisitNote"),
    ):
        body = operation_view(ops[key], found)["requestBody"]
        truth = resolve(models[model], {"components": {"schemas": {}}})
        assert body == (True, {"application/json": truth}), key
    assert ops[("PATCH", "/visits/{visit_id}")].get("requestBody") is None


def swagger2_view(op: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """A Swagger 2.0 operation in the shape of :func:`judge.operation_view`."""
    params = {}
    body = None
    for p in op.get("parameters", []):
        if p["in"] == "body":
            body = (p.get("required", False), {"application/json": resolve(p["schema"], doc)})
        elif p["in"] != "path":
            schema = {
                k: v for k, v in p.items() if k in ("type", "format", "enum", "items", "default")
            }
            params[(p["name"], p["in"])] = (p.get("required", False), schema)
    success = {
        code: {"application/json": resolve(r["schema"], doc)} if "schema" in r else {}
        for code, r in op.get("responses", {}).items()
        if code.startswith("2")
    }
    return {"parameters": params, "requestBody": body, "success": success}


def test_restx_models_equal_flask_restx() -> None:
    require_module("flask_restx")
    root = WORKSPACES / "docs_flask_restx"
    swagger = framework_dump(RESTX, str(root), "todos")
    found = static("docs_flask_restx")
    expected_ops = methods_only(swagger)
    assert len(expected_ops) == 5
    found_ops = operations(found)
    for key, op in expected_ops.items():
        path_key = (key[0], key[1])
        assert path_key in found_ops, key
        a = swagger2_view(op, swagger)
        b = body_and_success(operation_view(found_ops[path_key], found))
        assert a == b, key


@pytest.mark.parametrize("workspace", ["docs_flask_smorest", "docs_flask_restx"])
def test_flask_body_documents_validate(workspace: str) -> None:
    validator = require_module("openapi_spec_validator")
    validator.validate(static(workspace))

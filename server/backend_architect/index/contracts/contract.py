"""The contract of each endpoint, from the route index and the schema readers: its inputs, its
success response, every error it can answer, auth and rate limits, as OpenAPI objects."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from ...core.model import Route
from ...core.syntax import dotted_name
from ...index.facts import FunctionFacts, ModuleFacts
from ...index.project import ProjectIndex
from . import drf
from .constraints import literal
from .drf_throttles import drf_rate_limits
from .fastapi_params import BodyPart, InputReader, Inputs
from .flask_bodies import flask_inputs
from .inherited_security import inherited_markers
from .json_schema import JsonSchema, SchemaBuilder
from .modes import rename, split_components
from .pydantic_model import SERIALIZATION, VALIDATION
from .rate_limits import declared_limits, exempt, flask_default_limits
from .serializer_schema import partial

_PATH_PARAM = re.compile(r"\{(\w+)(?::[^}]*)?\}")
_NO_BODY_STATUS = {204, 205, 304}
_DRF_ACTIONS = {"list", "create", "retrieve", "update", "partial_update"}
_HTML = {"HTMLResponse": "text/html", "PlainTextResponse": "text/plain"}
VALIDATION_ERROR: dict[str, JsonSchema] = {
    "ValidationError": {
        "properties": {
            "loc": {
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "type": "array",
                "title": "Location",
            },
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError",
    },
    "HTTPValidationError": {
        "properties": {
            "detail": {
                "items": {"$ref": "#/components/schemas/ValidationError"},
                "type": "array",
                "title": "Detail",
            }
        },
        "type": "object",
        "title": "HTTPValidationError",
    },
}
HTTP_ERROR: JsonSchema = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "title": "HTTPError",
}


@dataclass
class Contract:
    """One operation (one method of a route)."""

    route: Route
    method: str
    path: str
    operation: dict[str, Any]
    rate_limits: list[str] = field(default_factory=list)
    # scheme name -> scheme object (components.securitySchemes)
    security_schemes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def openapi_path(path: str) -> str:
    return _PATH_PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def handler_function(index: ProjectIndex, route: Route) -> tuple[ModuleFacts, FunctionFacts] | None:
    facts = index.facts(route.file)
    qualname = route.handler.partition(":")[2]
    if facts is None or qualname not in facts.functions:
        return None
    return facts, facts.functions[qualname]


def route_decorator(fn: FunctionFacts, route: Route) -> ast.Call | None:
    if route.decorator_span is None:
        return None
    line = route.decorator_span.start.line
    for dec in fn.node.decorator_list:
        if isinstance(dec, ast.Call) and dec.lineno - 1 == line:
            return dec
    return None


class ContractBuilder:
    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self.schemas = SchemaBuilder(index)
        self.uses_validation = False
        self.uses_http_error = False
        self._flask_defaults: list[str] | None = None  # Flask-Limiter's, read once

    def contracts(self, routes: list[Route]) -> list[Contract]:
        out: list[Contract] = []
        for route in routes:
            if route.is_websocket or route.framework == "graphql":
                continue
            out.extend(self.route_contracts(route))
        return out

    def route_contracts(self, route: Route) -> list[Contract]:
        if "format-suffix" in route.tags or route.handler.endswith("APIRootView.get"):
            return []  # DRF's format suffixes and API root: drf-spectacular leaves them out too
        found = handler_function(self.index, route)
        if found is None:
            found = self._inherited(route)
            if found is None:
                return []
        facts, fn = found
        dec = route_decorator(fn, route)
        if dec is not None and _kw(dec, "include_in_schema") is False:
            return []
        path = openapi_path(route.path)
        inputs = Inputs()
        if route.framework == "fastapi":
            reader = InputReader(self.schemas, set(_PATH_PARAM.findall(route.path)))
            reader.read(facts, fn, inputs)
            if dec is not None:
                for item in _list_kw(dec, "dependencies"):
                    if isinstance(item, ast.Call) and item.args:
                        sym = self.schemas.resolve(item.args[0], facts, fn.scope)
                        reader._callable(sym, inputs, 0, [])
            for m_facts, m_scope, marker in inherited_markers(self.index, route):
                reader._dependency(m_facts, m_scope, marker, m_facts, m_scope, None, inputs, 0)
        else:
            self._generic_inputs(route, facts, fn, inputs)
        # a view that answers every method (Django without require_http_methods): documented
        # once, as GET, marked so nobody reads it as GET-only
        methods = [m for m in route.methods if m != "ANY"] or ["GET"]
        limits = declared_limits(fn)
        if route.framework == "flask" and not limits and not exempt(fn):
            if self._flask_defaults is None:
                self._flask_defaults = flask_default_limits(self.index)
            limits = list(self._flask_defaults)
        if route.framework == "drf":
            limits += drf_rate_limits(self.index, route, facts, fn)
        out = [
            self._contract(route, facts, fn, dec, inputs, method.upper(), path, limits)
            for method in methods
        ]
        if "ANY" in route.methods:
            for c in out:
                c.operation["x-any-method"] = True
        return out

    def _inherited(self, route: Route) -> tuple[ModuleFacts, FunctionFacts] | None:
        """A DRF viewset's ``list``/``create``... come from the framework: the contract is
        read from the class (its ``serializer_class``), under a stand-in definition."""
        facts = self.index.facts(route.file)
        qualname = route.handler.partition(":")[2]
        owner = qualname.rpartition(".")[0]
        if facts is None or owner not in facts.classes:
            return None
        info = facts.classes[owner]
        stub = ast.parse(f"def {qualname.rpartition('.')[2]}(self): pass").body[0]
        assert isinstance(stub, ast.FunctionDef)
        return facts, FunctionFacts(stub.name, qualname, owner, stub, info.span, info.span)

    def _serializer(self, route: Route, facts: ModuleFacts) -> JsonSchema | None:
        owner = route.handler.partition(":")[2].rpartition(".")[0]
        value = facts.assigns.get((owner, "serializer_class"))
        if value is None:
            return None
        scope = facts.classes[owner].scope if owner in facts.classes else ""
        return self.schemas.annotation(value, facts, scope)

    def _generic_inputs(
        self, route: Route, facts: ModuleFacts, fn: FunctionFacts, inputs: Inputs
    ) -> None:
        """Flask, Django, DRF, Starlette: the path's parameters with the types the route
        declares (converters, annotations); a body only where a schema names it."""
        declared = {p.name: p for p in route.parameters}
        for name in _PATH_PARAM.findall(route.path):
            p = declared.get(name)
            schema = _converter_schema(p.annotation if p else None)
            if p is not None and p.annotation and schema is None:
                schema = self.schemas.annotation_text(p.annotation, facts, fn.scope)
            inputs.add_parameter(
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "schema": schema or {"type": "string"},
                }
            )
        schema = None
        if route.framework == "flask" and not route.request_model:
            flask_inputs(self.schemas, facts, fn, inputs)
        if route.request_model:
            schema = self.schemas.annotation_text(route.request_model, facts, fn.scope)
        elif route.framework == "drf":
            schema = self._drf_request(route, facts, fn)
            if self._drf_action(route, fn) == "list":
                found = drf.paginator(self.index, route)
                for param in found.parameters() if found else []:
                    inputs.add_parameter(param)
        if schema is not None:
            inputs.body.append(BodyPart("body", schema, True, "application/json", False))

    def _drf_action(self, route: Route, fn: FunctionFacts) -> str:
        return drf.action(self.index, route, fn.name, route.methods[0])

    def _drf_request(
        self, route: Route, facts: ModuleFacts, fn: FunctionFacts
    ) -> JsonSchema | None:
        ext = drf.extend_schema(fn)
        if ext is not None and ext.request is not None:
            return self.schemas.annotation(ext.request, facts, fn.scope)
        method = route.methods[0]
        if method not in ("POST", "PUT", "PATCH"):
            return None
        schema = self._serializer(route, facts)
        if schema is not None and method == "PATCH":
            schema = partial(self.schemas, schema)
        return schema

    def _drf_response(
        self, route: Route, facts: ModuleFacts, fn: FunctionFacts
    ) -> tuple[int, JsonSchema | None]:
        act = self._drf_action(route, fn)
        status = route.status_code or _default_status(route, act)
        ext = drf.extend_schema(fn)
        if ext is not None and ext.responses:
            code, expr = next(
                ((c, e) for c, e in ext.responses.items() if c == 0 or 200 <= c < 300),
                (status, None),
            )
            status = code or status
            return status, self.schemas.annotation(expr, facts, fn.scope) if expr else None
        if act == "destroy":
            return status, None
        found = self._serializer(route, facts)
        if found is None:
            return status, None
        if act == "list":
            found = {"type": "array", "items": found}
            pages = drf.paginator(self.index, route)
            if pages is not None:
                found = pages.wrap(found)
        return status, found

    def _contract(
        self,
        route: Route,
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec: ast.Call | None,
        inputs: Inputs,
        method: str,
        path: str,
        limits: list[str],
    ) -> Contract:
        op: dict[str, Any] = {}
        if route.tags:
            op["tags"] = list(route.tags)
        op["summary"] = _summary(fn, dec)
        if route.docstring:
            op["description"] = route.docstring.strip()
        if dec is not None and _kw(dec, "deprecated") is True:
            op["deprecated"] = True
        if inputs.parameters:
            op["parameters"] = [dict(p) for p in inputs.parameters]
        body = self._request_body(inputs, fn.name, path, method)
        if body is not None:
            op["requestBody"] = body
        self.schemas.mode = SERIALIZATION
        try:
            op["responses"] = self._responses(route, facts, fn, dec, inputs)
        finally:
            self.schemas.mode = VALIDATION
        schemes = {name: scheme for name, (scheme, _s) in inputs.security.items()}
        if inputs.security:
            op["security"] = [{name: scopes} for name, (_scheme, scopes) in inputs.security.items()]
        return Contract(route, method, path, op, limits, schemes)

    def _request_body(
        self, inputs: Inputs, name: str, path: str, method: str
    ) -> dict[str, Any] | None:
        parts = inputs.body
        if not parts:
            return None
        media = next((p.media for p in parts if p.media != "application/json"), "application/json")
        if len(parts) == 1 and not parts[0].embed:
            part = parts[0]
            body: dict[str, Any] = {"content": {media: {"schema": part.schema}}}
            if part.required:
                body["required"] = True
            return body
        component = "Body_" + re.sub(r"\W", "_", f"{name}{path}") + f"_{method.lower()}"
        schema: JsonSchema = {
            "type": "object",
            "properties": {p.name: p.schema for p in parts},
            "title": component,
        }
        required = [p.name for p in parts if p.required]
        if required:
            schema["required"] = required
        self.schemas.components[component] = schema
        body = {"content": {media: {"schema": {"$ref": f"#/components/schemas/{component}"}}}}
        if required:
            body["required"] = True
        return body

    def _responses(
        self,
        route: Route,
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec: ast.Call | None,
        inputs: Inputs,
    ) -> dict[str, Any]:
        declared = inputs.response
        status = (
            route.status_code or (declared and declared.status) or _default_status(route, fn.name)
        )
        drf_schema: JsonSchema | None = None
        if route.framework == "drf" and not route.response_model:
            status, drf_schema = self._drf_response(route, facts, fn)
        media = "application/json"
        response_class = _kw_expr(dec, "response_class")
        if response_class is not None:
            media = _HTML.get((dotted_name(response_class) or "").rsplit(".", 1)[-1], media)
        success: dict[str, Any] = {
            "description": HTTPStatus(status).phrase
            if status in HTTPStatus._value2member_map_
            else "Success"
        }
        if route.framework == "drf" and not route.response_model:
            if drf_schema is not None and status not in _NO_BODY_STATUS:
                success["content"] = {media: {"schema": drf_schema}}
        elif declared is not None:
            if declared.schema is not None and status not in _NO_BODY_STATUS:
                success["content"] = {media: {"schema": declared.schema}}
        elif status not in _NO_BODY_STATUS:
            schema = self._response_schema(route, facts, fn, dec)
            if media != "application/json":
                schema = {"type": "string"}
            success["content"] = {media: {"schema": schema}}
        if route.framework == "fastapi":
            success["description"] = "Successful Response"
        responses: dict[str, Any] = {str(status): success}
        for code, detail in route.raises:
            if code is None or str(code) in responses:
                continue
            self.uses_http_error = True
            responses[str(code)] = {
                "description": _detail_text(detail) or _phrase(code),
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}
                },
            }
        protected = any(not a.public and a.kind == "permission" for a in route.auth)
        if protected or inputs.security:
            for auth_status in (401, 403):
                responses.setdefault(str(auth_status), {"description": _phrase(auth_status)})
        if route.framework == "fastapi" and (inputs.parameters or inputs.body):
            self.uses_validation = True
            responses["422"] = {
                "description": "Validation Error",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/HTTPValidationError"}
                    }
                },
            }
        if route.framework in ("drf", "flask") and (inputs.body or inputs.parameters):
            responses.setdefault("400", {"description": "Bad Request"})
        return responses

    def _response_schema(
        self, route: Route, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call | None
    ) -> JsonSchema:
        if route.framework != "fastapi":
            if route.response_model:
                return self.schemas.annotation_text(route.response_model, facts, fn.scope)
            if route.framework == "drf" and fn.name in _DRF_ACTIONS:
                found = self._serializer(route, facts)
                if found is not None:
                    return {"type": "array", "items": found} if fn.name == "list" else found
            return {}
        if dec is not None and any(k.arg == "response_model" for k in dec.keywords):
            expr = _kw_expr(dec, "response_model")
            if isinstance(expr, ast.Constant) and expr.value is None:
                return {}
            return self.schemas.annotation(expr, facts, fn.scope)
        returns = fn.node.returns
        if returns is None or (isinstance(returns, ast.Constant) and returns.value is None):
            return {}
        dotted = _resolved_dotted(self.schemas, returns, facts, fn.scope)
        if dotted.endswith("Response") or ".responses." in dotted:
            return {}
        return self.schemas.annotation(returns, facts, fn.scope)

    def finish(self, contracts: list[Contract]) -> dict[str, JsonSchema]:
        """The components under their final names (``Model-Input``/``Model-Output`` where a
        model reads and writes differently), the contracts' references renamed to match."""
        components, renamed = split_components(self.components())
        if renamed:
            for c in contracts:
                c.operation = rename(c.operation, renamed)
        return components

    def components(self) -> dict[str, JsonSchema]:
        out = dict(self.schemas.components)
        if self.uses_http_error:
            out["HTTPError"] = HTTP_ERROR
        if self.uses_validation:
            out.update(VALIDATION_ERROR)
        return out


def _resolved_dotted(builder: SchemaBuilder, expr: ast.expr, facts: ModuleFacts, scope: str) -> str:
    from ...index.symbol_types import External

    target = expr.value if isinstance(expr, ast.Subscript) else expr
    if not isinstance(target, (ast.Name, ast.Attribute)):
        return ""
    sym = builder.resolve(target, facts, scope)
    return sym.dotted if isinstance(sym, External) else ""


def _default_status(route: Route, name: str) -> int:
    if route.framework == "drf" and name == "create":
        return 201
    if route.framework == "drf" and name == "destroy":
        return 204
    return 200


def _converter_schema(annotation: str | None) -> JsonSchema | None:
    return {
        "int": {"type": "integer"},
        "float": {"type": "number"},
        "uuid": {"type": "string", "format": "uuid"},
        "string": {"type": "string"},
        "path": {"type": "string"},
        "slug": {"type": "string"},
        "str": {"type": "string"},
    }.get(annotation or "")


def _summary(fn: FunctionFacts, dec: ast.Call | None) -> str:
    given = _kw(dec, "summary")
    if isinstance(given, str):
        return given
    return fn.name.replace("_", " ").strip().title()


def _detail_text(detail: str | None) -> str | None:
    """A raised error's detail as the client reads it: ``f'Item {line.item_id} not found'``
    (source text) -> ``Item {line.item_id} not found``."""
    if not detail or detail[:1] not in "fFrRbBuU'\"":
        return detail
    try:
        node = ast.parse(detail, mode="eval").body
    except SyntaxError:
        return detail
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(v.value) if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
            for v in node.values
            if isinstance(v, (ast.Constant, ast.FormattedValue))
        )
    return detail


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return f"HTTP {code}"


def _kw_expr(call: ast.Call | None, name: str) -> ast.expr | None:
    if call is None:
        return None
    return next((k.value for k in call.keywords if k.arg == name), None)


def _kw(call: ast.Call | None, name: str) -> Any:
    expr = _kw_expr(call, name)
    return None if expr is None else literal(expr)


def _list_kw(call: ast.Call, name: str) -> list[ast.expr]:
    expr = _kw_expr(call, name)
    return list(expr.elts) if isinstance(expr, (ast.List, ast.Tuple)) else []

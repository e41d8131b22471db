"""A FastAPI handler's inputs as FastAPI reads them: path, query, header and cookie parameters,
the body (JSON, form, files) and the security schemes, through ``Depends``/``Security`` chains
and ``Annotated`` aliases, from the source alone."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ...core.syntax import dotted_name
from ...index.facts import FunctionFacts, ModuleFacts, Scope
from ...index.symbol_types import Assigned, ClassSym, External, FunctionSym
from .constraints import NO_VALUE, apply_constraints, has_default
from .json_schema import JsonSchema, SchemaBuilder

MARKERS = {"Query", "Path", "Body", "Header", "Cookie", "Form", "File", "Depends", "Security"}
SKIPPED_TYPES = {
    "Request",
    "WebSocket",
    "Response",
    "BackgroundTasks",
    "HTTPConnection",
    "SecurityScopes",
}
_SCALAR_TYPES = {"string", "integer", "number", "boolean", "null"}


@dataclass
class BodyPart:
    name: str
    schema: JsonSchema
    required: bool
    media: str  # application/json | application/x-www-form-urlencoded | multipart/form-data
    embed: bool


@dataclass
class DeclaredResponse:
    """A success response the handler's decorators declare (flask-smorest, Flask-RESTX)."""

    status: int | None
    schema: JsonSchema | None  # None: no body (a 204)


@dataclass
class Inputs:
    parameters: list[dict[str, Any]] = field(default_factory=list)
    body: list[BodyPart] = field(default_factory=list)
    # scheme name -> (security scheme object, scopes)
    security: dict[str, tuple[dict[str, Any], list[str]]] = field(default_factory=dict)
    response: DeclaredResponse | None = None

    def add_parameter(self, param: dict[str, Any]) -> None:
        key = (param["name"], param["in"])
        if all((p["name"], p["in"]) != key for p in self.parameters):
            self.parameters.append(param)


class InputReader:
    def __init__(self, builder: SchemaBuilder, path_params: set[str]) -> None:
        self.builder = builder
        self.symbols = builder.symbols
        self.path_params = path_params
        self.seen: set[tuple[str, str]] = set()

    def read(self, facts: ModuleFacts, fn: FunctionFacts, inputs: Inputs, depth: int = 0) -> None:
        if depth > 8 or (facts.path, fn.qualname) in self.seen:
            return
        self.seen.add((facts.path, fn.qualname))
        args = fn.node.args
        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += list(args.defaults)
        pairs = list(zip(positional, defaults, strict=True))
        pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
        method_of_class = "." in fn.qualname and fn.qualname.rsplit(".", 1)[0] in facts.classes
        for i, (a, default) in enumerate(pairs):
            if i == 0 and method_of_class and a.arg in {"self", "cls"}:
                continue
            self._argument(facts, fn.scope, a, default, inputs, depth)

    def _argument(
        self,
        facts: ModuleFacts,
        scope: Scope,
        a: ast.arg,
        default: ast.expr | None,
        inputs: Inputs,
        depth: int,
    ) -> None:
        annotation, meta, m_facts, m_scope = self._annotated(facts, scope, a.annotation)
        marker = meta
        if marker is None and isinstance(default, ast.Call) and _marker(default):
            marker, m_facts, m_scope = default, facts, scope
        kind = _marker(marker) if marker is not None else None
        if kind in ("Depends", "Security"):
            assert marker is not None
            self._dependency(m_facts, m_scope, marker, facts, scope, annotation, inputs, depth)
            return
        if (
            annotation is not None
            and _last(self._dotted(facts, scope, annotation)) in SKIPPED_TYPES
        ):
            return
        schema = self.builder.annotation(annotation, facts, scope) if annotation is not None else {}
        if marker is not None and marker is not meta:
            schema = apply_constraints(schema, marker)
            value = self.builder.default_value(_marker_default_expr(marker), facts, scope)
            required = not has_default(marker)
        else:
            if marker is not None:
                schema = apply_constraints(schema, marker)
            value = self.builder.default_value(default, facts, scope)
            required = default is None
        if value is not NO_VALUE and value is not None and not required:
            schema = {**schema, "default": value}
        name = _alias(marker) or a.arg
        location = {"Query": "query", "Path": "path", "Header": "header", "Cookie": "cookie"}.get(
            kind or ""
        )
        if location is None and kind is None:
            if a.arg in self.path_params:
                location = "path"
            elif self._is_scalar(schema):
                location = "query"
        header = kind == "Header" and _keyword(marker, "convert_underscores") is not False
        if header and _alias(marker) is None:
            name = a.arg.replace("_", "-")
        if location is not None:
            param: dict[str, Any] = {
                "name": name,
                "in": location,
                "required": True if location == "path" else required,
                "schema": schema,
            }
            if "description" in schema:
                param["description"] = schema["description"]
            inputs.add_parameter(param)
            return
        media = {"Form": "application/x-www-form-urlencoded", "File": "multipart/form-data"}
        embed = kind in ("Form", "File") or _keyword(marker, "embed") is True
        inputs.body.append(
            BodyPart(name, schema, required, media.get(kind or "", "application/json"), embed)
        )

    def _is_scalar(self, schema: JsonSchema) -> bool:
        """FastAPI reads a parameter with no marker from the query when its type is a scalar
        (or an optional scalar, or an enum); anything else is the body."""
        if "$ref" in schema:
            target = self.builder.components.get(schema["$ref"].rsplit("/", 1)[-1], {})
            return "enum" in target
        if "anyOf" in schema:
            return all(self._is_scalar(s) for s in schema["anyOf"])
        if "x-unresolved" in schema:
            return True
        kind = schema.get("type")
        return kind in _SCALAR_TYPES or (kind is None and ("enum" in schema or "const" in schema))

    def _dependency(
        self,
        m_facts: ModuleFacts,
        m_scope: Scope,
        marker: ast.Call,
        facts: ModuleFacts,
        scope: Scope,
        annotation: ast.expr | None,
        inputs: Inputs,
        depth: int,
    ) -> None:
        target_expr = marker.args[0] if marker.args else _keyword_expr(marker, "dependency")
        scopes = _keyword(marker, "scopes")
        scope_list = [s for s in scopes if isinstance(s, str)] if isinstance(scopes, list) else []
        if target_expr is None:  # ``Depends()``: the annotation's class is the dependency
            if annotation is None:
                return
            target_expr, m_facts, m_scope = annotation, facts, scope
        sym = self.symbols.follow(self.symbols.resolve_expr(m_facts, m_scope, target_expr))
        self._callable(sym, inputs, depth, scope_list)

    def _callable(self, sym: Any, inputs: Inputs, depth: int, scopes: list[str]) -> None:
        if isinstance(sym, FunctionSym):
            fn = sym.facts.functions[sym.qualname]
            self.read(sym.facts, fn, inputs, depth + 1)
        elif isinstance(sym, ClassSym):
            init = sym.facts.functions.get(f"{sym.qualname}.__init__")
            if init is not None:
                self.read(sym.facts, init, inputs, depth + 1)
        elif isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            call = sym.value
            called = self.symbols.follow(self.symbols.resolve_expr(sym.facts, sym.scope, call.func))
            if isinstance(called, External):
                scheme = security_scheme(_last(called.dotted), call)
                if scheme is not None:
                    name = _last(called.dotted)
                    known = inputs.security.get(name)
                    merged = sorted(set(scopes) | set(known[1] if known else []))
                    inputs.security[name] = (scheme, merged)
            elif isinstance(called, ClassSym):  # an instance with ``__call__``
                method = called.facts.functions.get(f"{called.qualname}.__call__")
                if method is not None:
                    self.read(called.facts, method, inputs, depth + 1)

    def _annotated(
        self, facts: ModuleFacts, scope: Scope, annotation: ast.expr | None, depth: int = 0
    ) -> tuple[ast.expr | None, ast.Call | None, ModuleFacts, Scope]:
        """``Annotated[T, Query(...)]`` (or an alias of it) -> (T, the marker, where it is)."""
        if annotation is None or depth > 4:
            return annotation, None, facts, scope
        if (
            isinstance(annotation, ast.Subscript)
            and _last(dotted_name(annotation.value) or "") == "Annotated"
        ):
            sl = annotation.slice
            elts = list(sl.elts) if isinstance(sl, ast.Tuple) else [sl]
            meta = next((e for e in elts[1:] if isinstance(e, ast.Call) and _marker(e)), None)
            return elts[0], meta, facts, scope
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            sym = self.symbols.resolve_expr(facts, scope, annotation)
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Subscript):
                found = self._annotated(sym.facts, sym.scope, sym.value, depth + 1)
                if found[1] is not None:
                    return found
        return annotation, None, facts, scope

    def _dotted(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> str:
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        return sym.dotted if isinstance(sym, External) else (dotted_name(expr) or "")


def security_scheme(kind: str, call: ast.Call) -> dict[str, Any] | None:
    """The OpenAPI security scheme FastAPI writes for ``fastapi.security`` classes."""
    kw = {k.arg: _value(k.value) for k in call.keywords if k.arg}
    if kind in ("OAuth2PasswordBearer",):
        url = kw.get("tokenUrl", _value(call.args[0]) if call.args else None)
        return {
            "type": "oauth2",
            "flows": {"password": {"scopes": kw.get("scopes") or {}, "tokenUrl": url or ""}},
        }
    if kind == "OAuth2AuthorizationCodeBearer":
        return {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": kw.get("authorizationUrl") or "",
                    "tokenUrl": kw.get("tokenUrl") or "",
                    "scopes": kw.get("scopes") or {},
                }
            },
        }
    if kind in ("HTTPBearer", "HTTPBasic", "HTTPDigest"):
        return {"type": "http", "scheme": kind[4:].lower()}
    if kind.startswith("APIKey"):
        where = {"APIKeyHeader": "header", "APIKeyQuery": "query", "APIKeyCookie": "cookie"}
        return {"type": "apiKey", "in": where.get(kind, "header"), "name": kw.get("name") or ""}
    if kind == "OpenIdConnect":
        return {"type": "openIdConnect", "openIdConnectUrl": kw.get("openIdConnectUrl") or ""}
    return None


def _value(expr: ast.expr) -> Any:
    try:
        return ast.literal_eval(expr)
    except (ValueError, SyntaxError, TypeError):
        return None


def _marker(call: ast.expr | None) -> str | None:
    if not isinstance(call, ast.Call):
        return None
    name = _last(dotted_name(call.func) or "")
    return name if name in MARKERS else None


def _keyword_expr(call: ast.Call | None, name: str) -> ast.expr | None:
    if call is None:
        return None
    return next((k.value for k in call.keywords if k.arg == name), None)


def _keyword(call: ast.Call | None, name: str) -> Any:
    expr = _keyword_expr(call, name)
    return None if expr is None else _value(expr)


def _alias(marker: ast.Call | None) -> str | None:
    alias = _keyword(marker, "alias")
    return alias if isinstance(alias, str) else None


def _marker_default_expr(call: ast.Call) -> ast.expr | None:
    expr = call.args[0] if call.args else None
    for kw in call.keywords:
        if kw.arg == "default":
            expr = kw.value
    if isinstance(expr, ast.Constant) and expr.value is Ellipsis:
        return None
    return expr


def _last(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]

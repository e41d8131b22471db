"""The routes connexion (3.x) adds itself to each API, as its ``SwaggerUIAPI`` does: the served
document (``/openapi.json`` for OpenAPI 3, ``/swagger.json`` for Swagger 2, or ``spec_path``)
and its YAML twin, and the Swagger UI (``swagger_ui_path``: the page, ``index.html``, the
redirect, ``swagger-ui-config.json`` when there is a config, the UI's files) when the UI is
available: ``swagger_ui`` on and a template folder given or ``swagger_ui_bundle`` installed.

The options come from ``add_api(swagger_ui_options=SwaggerUIOptions(...))``, else the app's
constructor's, read from the source; their defaults from the installed ``connexion.options``
(read statically). Options the index cannot read give no routes rather than guessed ones."""

from __future__ import annotations

import ast
from typing import Any

from ...core.model import Route
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..symbol_types import Assigned
from ..symbols import Symbols
from .common import generated_route

OPTIONS_CLASSES = frozenset({"connexion.options.SwaggerUIOptions", "connexion.SwaggerUIOptions"})
UI = "connexion.middleware.swagger_ui:SwaggerUIAPI"
FIELDS = ("serve_spec", "spec_path", "swagger_ui", "swagger_ui_path", "swagger_ui_config")
_UNKNOWN = object()


def ui_pages(
    symbols: Symbols,
    spec: dict[str, Any],
    app: Assigned,
    facts: ModuleFacts,
    scope: Scope,
    call: ast.Call,
) -> list[tuple[str, str]] | None:
    """(path under the API's base path, handler) of each page; None when not known."""
    options = _defaults(symbols)
    if options is None:
        return None
    given = _options(symbols, facts, scope, keyword_value(call, "swagger_ui_options"))
    if given is None:
        ctor = app.value
        assert isinstance(ctor, ast.Call)
        given = _options(symbols, app.facts, app.scope, keyword_value(ctor, "swagger_ui_options"))
    if given is _UNKNOWN:
        return None
    if isinstance(given, dict):
        options.update(given)
    if any(v is _UNKNOWN for v in options.values()):
        return None
    pages: list[tuple[str, str]] = []
    if options["serve_spec"]:
        major = str(spec.get("openapi") or spec.get("swagger") or "2").split(".")[0]
        oas3 = major.isdigit() and int(major) >= 3
        spec_path = options["spec_path"] or ("/openapi.json" if oas3 else "/swagger.json")
        pages.append((spec_path, f"{UI}._get_openapi_json"))
        if spec_path.endswith("json"):
            pages.append((spec_path[: -len("json")] + "yaml", f"{UI}._get_openapi_yaml"))
    template_dir = options.get("swagger_ui_template_dir")
    has_ui = template_dir is not None or symbols.library("swagger_ui_bundle") is not None
    if options["swagger_ui"] and has_ui:
        ui = str(options["swagger_ui_path"]).strip().rstrip("/")
        pages += [(ui + "/", f"{UI}._get_swagger_ui_home")]
        pages += [(ui + "/index.html", f"{UI}._get_swagger_ui_home")]
        if options["swagger_ui_config"]:
            pages.append((ui + "/swagger-ui-config.json", f"{UI}._get_swagger_ui_config"))
        pages.append((ui, f"{UI}.add_swagger_ui.<locals>.redirect"))
        pages.append((ui + "/{path}", "starlette.staticfiles:StaticFiles"))  # the UI's files
    return pages


def ui_route(facts: ModuleFacts, call: ast.Call, base_path: str, page: str, handler: str) -> Route:
    """A GET route connexion serves from its own code, placed at the ``add_api`` call: a
    Starlette route of ``methods=["GET"]`` or the UI's ``StaticFiles``, HEAD too."""
    return generated_route(
        "connexion", facts, call, "GET", base_path + page, page, handler, automatic=("HEAD",)
    )


def _defaults(symbols: Symbols) -> dict[str, Any] | None:
    """``SwaggerUIOptions``' field defaults in the installed connexion."""
    facts = symbols.library("connexion.options")
    cls = facts.classes.get("SwaggerUIOptions") if facts is not None else None
    if facts is None or cls is None:
        return None
    out: dict[str, Any] = {"swagger_ui_template_dir": None}
    for name in FIELDS:
        _, value = cls.fields.get(name, (None, None))
        if isinstance(value, ast.Call):  # ``dataclasses.field(default_factory=dict)``
            factory = keyword_value(value, "default_factory")
            out[name] = {} if isinstance(factory, ast.Name) and factory.id == "dict" else _UNKNOWN
        elif value is None:
            out[name] = _UNKNOWN
        else:
            out[name] = _literal(symbols, facts, "SwaggerUIOptions", value)
    return out


def _options(
    symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
) -> dict[str, Any] | object | None:
    """The fields a ``SwaggerUIOptions(...)`` argument sets; None when not given (or given
    as None), ``_UNKNOWN`` when not readable."""
    if expr is None or (isinstance(expr, ast.Constant) and expr.value is None):
        return None
    if isinstance(expr, ast.Name):
        held = symbols.follow(symbols.resolve_expr(facts, scope, expr))
        if not isinstance(held, Assigned):
            return _UNKNOWN
        facts, scope, expr = held.facts, held.scope, held.value
    if not isinstance(expr, ast.Call):
        return _UNKNOWN
    if symbols.qualified(facts, scope, expr.func) not in OPTIONS_CLASSES or expr.args:
        return _UNKNOWN
    out = {}
    for kw in expr.keywords:
        if kw.arg is None:
            return _UNKNOWN
        if kw.arg == "swagger_ui_template_dir":  # only whether there is one matters
            none = isinstance(kw.value, ast.Constant) and kw.value.value is None
            out[kw.arg] = None if none else "given"
            continue
        out[kw.arg] = _literal(symbols, facts, scope, kw.value)
    return out


def _literal(symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> Any:
    if isinstance(expr, ast.Dict):  # only whether it is empty matters (the config route)
        return {"": None} if expr.keys else {}
    value = symbols.evaluate(facts, scope, expr)
    return value if isinstance(value, (str, bool, dict)) or value is None else _UNKNOWN

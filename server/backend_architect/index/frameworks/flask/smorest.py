"""flask-smorest: its ``Api`` stands between the app and the blueprints
(``api.register_blueprint(blp)``), its ``Blueprint`` is Flask's (``@blp.route`` on ``MethodView``
classes too), and with ``OPENAPI_URL_PREFIX`` set in the app's configuration it serves the
OpenAPI document and the documentation pages the configuration names."""

from __future__ import annotations

import ast
from typing import Any, Protocol

from ....core.model import AuthRequirement, Route
from ...facts import INTERESTING_CALLS, ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym
from ...symbols import Symbols
from ..common import LinkContext, arg, calls_named
from .paths import extension_route, join_rule

INTERESTING_CALLS.add("from_object")
SMOREST_APIS = frozenset({"flask_smorest.Api"})
SMOREST_BLUEPRINTS = frozenset({"flask_smorest.Blueprint", "flask_smorest.blueprint.Blueprint"})

# (path setting, the setting without which the page is not served)
_PAGES = (
    ("OPENAPI_REDOC_PATH", "OPENAPI_REDOC_URL", "_openapi_redoc"),
    ("OPENAPI_SWAGGER_UI_PATH", "OPENAPI_SWAGGER_UI_URL", "_openapi_swagger_ui"),
    ("OPENAPI_RAPIDOC_PATH", "OPENAPI_RAPIDOC_URL", "_openapi_rapidoc"),
)


class _Node(Protocol):
    sym: Assigned
    kind: str
    parents: list[tuple[Any, str | None]]

    def mounts(self) -> list[tuple[str, list[AuthRequirement], bool]]: ...


class FlaskLinker(Protocol):
    """What this module uses of the Flask linker (which imports it)."""

    ctx: LinkContext
    symbols: Symbols
    nodes: dict[tuple[str, str, str], Any]

    def _nodes_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[Any]: ...


def attach_apis(linker: FlaskLinker, facts: ModuleFacts) -> None:
    """An ``Api`` is served where its app is: ``Api(app)`` or ``api.init_app(app)``."""
    for call in calls_named(facts, "init_app"):
        target = arg(call.node, 0, "app")
        if target is None:
            continue
        for api in linker._nodes_for(facts, call.scope, call.receiver):
            if api.kind == "api":
                _attach(linker, api, facts, call.scope, target)


def attach_ctor(linker: FlaskLinker, api: _Node, facts: ModuleFacts, scope: Scope) -> None:
    ctor = api.sym.value
    target = arg(ctor, 0, "app") if isinstance(ctor, ast.Call) else None
    if target is not None:
        _attach(linker, api, facts, scope, target)


def _attach(
    linker: FlaskLinker, api: _Node, facts: ModuleFacts, scope: Scope, app: ast.expr
) -> None:
    for node in linker._nodes_for(facts, scope, app):
        if node is not api and all(parent is not node for parent, _ in api.parents):
            api.parents.append((node, None))


def doc_routes(linker: FlaskLinker) -> list[Route]:
    """The documentation blueprint each ``Api`` registers on its app, from the settings the
    app's configuration gets from a project class (``app.config.from_object(Config)``)."""
    apis = [n for n in linker.nodes.values() if n.kind == "api"]
    if not apis:
        return []
    configs: dict[int, dict[str, Any]] = {}  # id(app node) -> settings
    for facts in linker.ctx.modules:
        for call in calls_named(facts, "from_object"):
            receiver = call.receiver
            source = arg(call.node, 0, "obj")
            if (
                not (isinstance(receiver, ast.Attribute) and receiver.attr == "config")
                or not source
            ):
                continue
            cls = linker.symbols.follow(linker.symbols.resolve_expr(facts, call.scope, source))
            if not isinstance(cls, ClassSym):
                continue
            settings = _class_settings(linker.symbols, cls)
            for app in linker._nodes_for(facts, call.scope, receiver.value):
                configs.setdefault(id(app), {}).update(settings)
    out: list[Route] = []
    for api in apis:
        facts, ctor = api.sym.facts, api.sym.value
        if not isinstance(ctor, ast.Call):
            continue
        for app, _ in api.parents:
            settings = configs.get(id(app), {})
            prefix = settings.get("OPENAPI_URL_PREFIX")
            if not isinstance(prefix, str):
                continue
            rules = [("_openapi_json", settings.get("OPENAPI_JSON_PATH", "openapi.json"))]
            for path_key, url_key, handler in _PAGES:
                if isinstance(settings.get(path_key), str) and settings.get(url_key) is not None:
                    rules.append((handler, settings[path_key]))
            for mount in app.mounts():
                for handler, rule in rules:
                    if isinstance(rule, str):
                        path = join_rule(_slash(prefix), _slash(rule))
                        out.append(
                            extension_route(
                                facts, ctor, f"flask_smorest:Api.{handler}", mount, path
                            )
                        )
    return out


def _slash(path: str) -> str:
    return path if path.startswith("/") else "/" + path


def _class_settings(symbols: Symbols, cls: ClassSym) -> dict[str, Any]:
    """The upper-case settings of a configuration class and its project bases, as Flask's
    ``from_object`` reads them (a subclass overrides its bases)."""
    out: dict[str, Any] = {}
    for klass in symbols.class_chain(cls, bases_first=True):
        info = klass.facts.classes[klass.qualname]
        for name, (_, value) in info.fields.items():
            if name.isupper() and value is not None:
                out[name] = symbols.evaluate(klass.facts, klass.qualname, value)
    return out

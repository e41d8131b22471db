"""The routes APIFlask adds to an ``APIFlask`` app itself (``APIFlask._register_openapi_blueprint``):
its ``openapi`` blueprint (under ``openapi_blueprint_url_prefix``) with the OpenAPI document at
``spec_path``, the documentation page at ``docs_path`` and, for the Swagger UI (``docs_ui``),
its OAuth2 redirect at ``docs_oauth2_redirect_path``; none when ``enable_openapi=False`` or
neither ``spec_path`` nor ``docs_path`` is set. The defaults come from the installed
``apiflask.app`` (read statically); an argument the index cannot fold gives no routes rather
than guessed ones."""

from __future__ import annotations

import ast
from typing import Any

from ....core.model import Route
from ...facts import FunctionFacts
from ...symbols import Symbols
from .paths import extension_route, join_rule
from .static import FlaskLinker

APIFLASK = frozenset({"apiflask.APIFlask", "apiflask.app.APIFlask"})
HANDLER = "apiflask.app:APIFlask._register_openapi_blueprint.<locals>."
FIELDS = (
    "spec_path",
    "docs_path",
    "docs_oauth2_redirect_path",
    "docs_ui",
    "openapi_blueprint_url_prefix",
    "enable_openapi",
)
_UNKNOWN = object()


def apiflask_routes(linker: FlaskLinker) -> list[Route]:
    symbols = linker.symbols
    out: list[Route] = []
    for node in linker.nodes.values():
        facts, scope, ctor = node.sym.facts, node.sym.scope, node.sym.value
        if node.kind != "app" or not isinstance(ctor, ast.Call):
            continue
        if symbols.qualified(facts, scope, ctor.func) not in APIFLASK:
            continue
        init = _init(symbols)
        if init is None:
            continue
        settings = {name: _argument(symbols, init, ctor, facts, scope, name) for name in FIELDS}
        if any(v is _UNKNOWN for v in settings.values()):
            continue
        spec, docs = settings["spec_path"], settings["docs_path"]
        if not settings["enable_openapi"] or not (spec or docs):
            continue
        pages = [("spec", spec)] if spec else []
        if docs:
            pages.append(("docs", docs))
            if settings["docs_ui"] == "swagger-ui" and settings["docs_oauth2_redirect_path"]:
                pages.append(("swagger_ui_oauth_redirect", settings["docs_oauth2_redirect_path"]))
        prefix = settings["openapi_blueprint_url_prefix"] or ""
        for mount in node.mounts():
            for endpoint, page in pages:
                route = extension_route(
                    facts, ctor, HANDLER + endpoint, mount, join_rule(prefix, page)
                )
                route.name = f"openapi.{endpoint}"
                out.append(route)
    return out


def _init(symbols: Symbols) -> FunctionFacts | None:
    facts = symbols.library("apiflask.app")
    return facts.functions.get("APIFlask.__init__") if facts is not None else None


def _argument(
    symbols: Symbols,
    init: FunctionFacts,
    ctor: ast.Call,
    facts: Any,
    scope: str,
    name: str,
) -> Any:
    """The value ``APIFlask(...)`` gets for ``name``: the call's argument (by keyword or
    position), else the installed ``__init__``'s default; ``_UNKNOWN`` when not foldable."""
    args = init.node.args
    positional = [a.arg for a in args.posonlyargs + args.args][1:]  # without self
    expr: ast.expr | None = None
    for kw in ctor.keywords:
        if kw.arg is None:
            return _UNKNOWN  # ``**options``
        if kw.arg == name:
            expr = kw.value
    if expr is None and name in positional and positional.index(name) < len(ctor.args):
        expr = ctor.args[positional.index(name)]
    if expr is None:
        names = [a.arg for a in args.posonlyargs + args.args]
        defaults = dict(zip(names[len(names) - len(args.defaults) :], args.defaults, strict=True))
        defaults.update(
            {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d}
        )
        default = defaults.get(name)
        if default is None:
            return _UNKNOWN
        lib = symbols.library("apiflask.app")
        assert lib is not None
        facts, scope, expr = lib, init.qualname, default
    if any(isinstance(a, ast.Starred) for a in ctor.args):
        return _UNKNOWN
    if isinstance(expr, ast.Constant) and expr.value is None:
        return None
    value = symbols.evaluate(facts, scope, expr)
    return value if isinstance(value, (str, bool)) else _UNKNOWN

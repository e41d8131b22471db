"""The static files endpoint Flask (and Quart) adds itself: ``static`` at
``<static_url_path>/<path:filename>`` for an app (``static_folder="static"`` by default,
``None`` turns it off) and for a blueprint given a ``static_folder`` (under its prefix, named
``bp.static``); Flask-RESTX's Swagger UI files (its ``restx_doc`` blueprint, registered on the
app of every ``Api``). Each is a ``generated`` route placed at the constructor call."""

from __future__ import annotations

import ast
import os
from typing import Any, Protocol

from ....core.model import Route
from ....core.syntax import keyword_value
from ...facts import ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym
from ...symbols import Symbols
from ..common import LinkContext, generated_route, object_label, werkzeug_automatic
from .paths import flask_path, join_rule

# the positions of static_url_path and static_folder in each constructor (None: by keyword)
_POSITIONS: dict[str, tuple[int | None, int | None]] = {
    "apiflask.APIFlask": (None, None),
    "apiflask.APIBlueprint": (None, None),
    "flask_smorest.Blueprint": (3, 2),
    "flask_smorest.blueprint.Blueprint": (3, 2),
    "flask.Flask": (1, 2),
    "flask.app.Flask": (1, 2),
    "quart.Quart": (1, 2),
    "quart.app.Quart": (1, 2),
    "flask.Blueprint": (3, 2),
    "flask.blueprints.Blueprint": (3, 2),
    "quart.Blueprint": (3, 2),
    "quart.blueprints.Blueprint": (3, 2),
}
_UNKNOWN = object()


class FlaskLinker(Protocol):
    ctx: LinkContext
    symbols: Symbols
    nodes: dict[tuple[str, str, str], Any]


def static_routes(linker: FlaskLinker) -> list[Route]:
    out: list[Route] = []
    for node in linker.nodes.values():
        if node.kind not in ("app", "blueprint"):
            continue
        facts, scope = node.sym.facts, node.sym.scope
        ctor = node.sym.value
        if not isinstance(ctor, ast.Call):
            continue
        cls = _library_class(linker.symbols, facts, scope, ctor)
        url_path = _static_url_path(linker.symbols, facts, scope, ctor, cls, node.kind)
        if url_path is None:
            continue
        handler = f"{cls.rpartition('.')[0] or cls}:{cls.rpartition('.')[2]}.send_static_file"
        out += _routes(node, facts, ctor, f"{url_path}/<path:filename>", handler, "static")
    return out


def restx_static_routes(symbols: Symbols, apps: list[Any], anchor: Assigned) -> list[Route]:
    """The Swagger UI files of Flask-RESTX's ``restx_doc`` blueprint on ``apps``, placed at
    the ``Api(...)`` call ``anchor``; its path read from the installed flask_restx."""
    facts = symbols.library("flask_restx.apidoc")
    call = facts.assigns.get(("", "apidoc")) if facts is not None else None
    if not isinstance(call, ast.Call) or facts is None:
        return []
    url_path = symbols.evaluate_str(facts, "", keyword_value(call, "static_url_path"))
    if url_path is None:
        return []
    rule = f"{url_path.rstrip('/')}/<path:filename>"
    handler = "flask_restx.apidoc:Apidoc.send_static_file"
    ctor = anchor.value
    assert isinstance(ctor, ast.Call)
    out = []
    for app in apps:
        for route in _routes(app, anchor.facts, ctor, rule, handler, "static"):
            route.name = "restx_doc.static"
            out.append(route)
    return out


def _library_class(symbols: Symbols, facts: ModuleFacts, scope: Scope, ctor: ast.Call) -> str:
    """The Flask or Quart class ``ctor`` makes (a project subclass: its library base)."""
    names = [symbols.qualified(facts, scope, ctor.func) or ""]
    sym = symbols.follow(symbols.resolve_expr(facts, scope, ctor.func))
    if isinstance(sym, ClassSym):
        names = symbols.class_bases(sym)
    return next((n for n in names if n in _POSITIONS), names[0] if names else "flask.Flask")


def _static_url_path(
    symbols: Symbols, facts: ModuleFacts, scope: Scope, ctor: ast.Call, cls: str, kind: str
) -> str | None:
    """Flask's ``static_url_path`` ("" serves at the root); None when there is no static
    endpoint or the index cannot tell where it is."""
    url_pos, folder_pos = _POSITIONS.get(cls, (None, None))
    folder = _argument(symbols, facts, scope, ctor, folder_pos, "static_folder")
    if folder is None:  # not given
        folder = "static" if kind == "app" else False
    if folder is False:
        return None  # ``static_folder=None``, a blueprint's default
    url_path = _argument(symbols, facts, scope, ctor, url_pos, "static_url_path")
    if isinstance(url_path, str):
        return url_path.rstrip("/")
    if url_path is _UNKNOWN or not isinstance(folder, str):
        return None
    return f"/{os.path.basename(folder.rstrip(chr(92) + '/'))}".rstrip("/")


def _argument(
    symbols: Symbols,
    facts: ModuleFacts,
    scope: Scope,
    ctor: ast.Call,
    position: int | None,
    name: str,
) -> object:
    """The value of argument ``name``: None when not given or given as None, ``_UNKNOWN``
    when the index cannot fold it."""
    expr = keyword_value(ctor, name)
    if expr is None and position is not None and position < len(ctor.args):
        expr = ctor.args[position]
    if expr is None:
        return None
    if isinstance(expr, ast.Constant) and expr.value is None:
        return False  # turned off
    value = symbols.evaluate_str(facts, scope, expr)
    return value if value is not None else _UNKNOWN


def _routes(
    node: Any, facts: ModuleFacts, ctor: ast.Call, rule: str, handler: str, endpoint: str
) -> list[Route]:
    out = []
    for (prefix, auth, reachable), chain in zip(node.mounts(), node.chains(), strict=True):
        names = [name for n, name in chain if n.kind == "blueprint" and name]
        path = flask_path(join_rule(prefix, rule))
        out.append(
            generated_route(
                "flask",
                facts,
                ctor,
                "GET",
                path,
                flask_path(rule),
                handler,
                auth=auth,
                reachable=reachable,
                chain=tuple(object_label(n.sym) for n, _ in chain),
                name=".".join([*names, endpoint]),
                automatic=werkzeug_automatic(("GET",)),  # ``add_url_rule`` adds HEAD, OPTIONS
            )
        )
    return out

"""The routes a FastAPI app adds itself in ``FastAPI.setup``: the OpenAPI document at
``openapi_url``, and, when there is one, the Swagger UI at ``docs_url`` with its OAuth2
redirect and ReDoc at ``redoc_url``. Each is a Starlette ``Route`` (GET, and the HEAD Starlette
adds), outside the schema and outside the app's ``dependencies``, so only middleware guards it.

The defaults come from the installed FastAPI's ``__init__``, read statically; the project's
values from the constructor call (or what a subclass passes to ``super().__init__``). A value
the index cannot work out, a ``**kwargs`` call or an installed FastAPI it cannot read make
no routes: unknown rather than guessed.
"""

from __future__ import annotations

import ast

from ....core.model import Route
from ...symbol_types import Assigned
from ...symbols import Symbols
from ..common import (
    RouterNode,
    ctor_kwarg,
    generated_route,
    join_paths,
    object_label,
    parameter_defaults,
)
from ..starlette.graph import AsgiGraph
from .names import normalise_path

APPLICATIONS = "fastapi.applications"
# (constructor parameter, the endpoint's name in FastAPI.setup), in the order setup adds them
PAGES = (
    ("openapi_url", "openapi"),
    ("docs_url", "swagger_ui_html"),
    ("swagger_ui_oauth2_redirect_url", "swagger_ui_redirect"),
    ("redoc_url", "redoc_html"),
)


def installed_defaults(symbols: Symbols) -> dict[str, object] | None:
    """The installed FastAPI's default for each page's parameter; None when unreadable."""
    facts = symbols.library(APPLICATIONS)
    info = facts.classes.get("FastAPI") if facts is not None else None
    init = info.methods.get("__init__") if info is not None else None
    if init is None:
        return None
    defaults = parameter_defaults(init.node.args)
    out: dict[str, object] = {}
    for name, _ in PAGES:
        value = defaults.get(name)
        if not (isinstance(value, ast.Constant) and isinstance(value.value, (str, type(None)))):
            return None
        out[name] = value.value
    return out


def docs_routes(symbols: Symbols, node: RouterNode, asgi: AsgiGraph) -> list[Route]:
    """The routes ``FastAPI.setup`` adds for the app ``node``, at each place it is served."""
    sym = node.sym
    call = sym.value if isinstance(sym, Assigned) else None
    if not isinstance(call, ast.Call) or any(k.arg is None for k in call.keywords):
        return []
    values = installed_defaults(symbols)
    if values is None:
        return []
    for name, _ in PAGES:
        given = ctor_kwarg(symbols, sym.facts, sym.scope, call, name)
        if given is not None:
            value = symbols.evaluate(*given)
            if value is not None and not isinstance(value, str):
                return []  # not worked out (or not a path): FastAPI's own check would say
            values[name] = value
    if not values["openapi_url"]:
        return []  # no document, so no page that shows it either
    pages = [("openapi_url", "openapi")]
    if values["docs_url"]:
        pages.append(("docs_url", "swagger_ui_html"))
        if values["swagger_ui_oauth2_redirect_url"]:
            pages.append(("swagger_ui_oauth2_redirect_url", "swagger_ui_redirect"))
    if values["redoc_url"]:
        pages.append(("redoc_url", "redoc_html"))
    mounted = asgi.nodes.get(sym.key)
    middleware = list(mounted.auth) if mounted is not None else []
    chains = [tuple(object_label(n.sym) for n in chain) for chain in node.chains()]
    return [
        generated_route(
            "fastapi",
            sym.facts,
            call,
            "GET",
            normalise_path(join_paths(prefix, str(values[name]))),
            str(values[name]),
            f"{APPLICATIONS}:FastAPI.setup.<locals>.{endpoint}",
            auth=inherited + middleware,
            reachable=reachable,
            chain=chain,
            name=endpoint,
            automatic=("HEAD",),
        )
        for name, endpoint in pages
        for (prefix, inherited, reachable), chain in zip(node.mounts(), chains, strict=True)
    ]

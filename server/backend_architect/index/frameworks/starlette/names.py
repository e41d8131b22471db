"""What Starlette's (and FastAPI's) apps, routes, mounts and middleware are called."""

from __future__ import annotations

import re

from ...facts import INTERESTING_CALLS

# ``app.host(...)`` and websocket routes are statements the linker reads too.
INTERESTING_CALLS.update({"add_websocket_route", "host"})

# Cadwyn's app is a FastAPI subclass (header-versioned APIs: Airflow's execution API)
FASTAPI_APPS = frozenset(
    {
        "fastapi.FastAPI",
        "fastapi.applications.FastAPI",
        "cadwyn.Cadwyn",
        "cadwyn.applications.Cadwyn",
    }
)
STARLETTE_APPS = frozenset({"starlette.applications.Starlette"})
ROUTERS = frozenset({"starlette.routing.Router"})
ROUTE = frozenset({"starlette.routing.Route"})
WEBSOCKET_ROUTE = frozenset({"starlette.routing.WebSocketRoute"})
MOUNT = frozenset({"starlette.routing.Mount"})
HOST = frozenset({"starlette.routing.Host"})
MIDDLEWARE = frozenset({"starlette.middleware.Middleware"})
AUTH_MIDDLEWARE = frozenset({"starlette.middleware.authentication.AuthenticationMiddleware"})
HTTP_ENDPOINT = frozenset({"starlette.endpoints.HTTPEndpoint"})
REQUIRES = frozenset({"starlette.authentication.requires"})
PARTIAL = frozenset({"functools.partial"})
CONVERTER_TYPES = {"int": "int", "float": "float", "path": "str", "str": "str", "uuid": "UUID"}
WEBSOCKET = "WEBSOCKET"  # the "method" of a websocket route
CONVERTER_RE = re.compile(r"\{(\w+)(?::(\w+))?\}")  # {user_id:int}

"""What FastAPI's routers, route decorators, parameter markers and security schemes are called."""

from __future__ import annotations

import re

from ...facts import INTERESTING_CALLS
from ..starlette.names import WEBSOCKET

ROUTER_CLASSES = frozenset(
    {
        "fastapi.APIRouter",
        "fastapi.routing.APIRouter",
        # an APIRouter serving a GraphQL schema; the GraphQL linker reads where it is included
        "strawberry.fastapi.GraphQLRouter",
        "strawberry.fastapi.router.GraphQLRouter",
        # Cadwyn's router: an APIRouter whose routes the app serves under each API version
        "cadwyn.VersionedAPIRouter",
        "cadwyn.route_generation.VersionedAPIRouter",
        "cadwyn.routing.VersionedAPIRouter",
    }
)
# ``app.generate_and_include_versioned_routers(*routers)``: Cadwyn's include_router, the same
# paths served once per version (the version travels in a header)
VERSIONED_INCLUDE = "generate_and_include_versioned_routers"
INTERESTING_CALLS.add(VERSIONED_INCLUDE)
ROUTE_METHODS = {
    "get": ("GET",),
    "post": ("POST",),
    "put": ("PUT",),
    "patch": ("PATCH",),
    "delete": ("DELETE",),
    "head": ("HEAD",),
    "options": ("OPTIONS",),
    "trace": ("TRACE",),
    "websocket": (WEBSOCKET,),  # ``@app.websocket("/ws")``, as Starlette's websocket routes
}
SECURITY_SCHEMES = re.compile(
    r"^fastapi\.security(\.\w+)*\.(OAuth2\w*|HTTP(Basic|Bearer|Digest)|APIKey\w+|OpenIdConnect|"
    r"SecurityBase)$"
)
PARAM_KINDS = {
    "Query": "query",
    "Path": "path",
    "Body": "body",
    "Header": "header",
    "Cookie": "cookie",
    "Form": "form",
    "File": "file",
    "Depends": "dependency",
    "Security": "dependency",
}
REQUEST_TYPES = {
    "Request",
    "WebSocket",
    "Response",
    "BackgroundTasks",
    "HTTPConnection",
    "SecurityScopes",
}
MODEL_BASES = frozenset(
    {"pydantic.BaseModel", "pydantic.main.BaseModel", "sqlmodel.SQLModel", "sqlmodel.main.SQLModel"}
)
PATH_PARAM_RE = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def normalise_path(path: str) -> str:
    return PATH_PARAM_RE.sub(lambda m: "{" + m.group(1) + "}", path)

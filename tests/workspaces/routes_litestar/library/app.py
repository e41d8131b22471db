"""A library API on Litestar: handlers, controllers (one inheriting its list handler),
nested routers, guards at the app, router, controller and handler levels, a websocket."""

from litestar import Litestar, Router, WebSocket, get, post, websocket

from .controllers.authors import AuthorController
from .controllers.books import BookController
from .guards import requires_admin


@get()
async def index() -> str:
    return "library"


@get("/health", include_in_schema=False)
async def health() -> dict:
    return {"ok": True}


@post("/reindex")
async def reindex() -> None:
    return None


@websocket("/live")
async def live(socket: WebSocket) -> None:
    await socket.accept()


@get("/orphan")
async def orphan() -> str:
    """Not given to any router or app."""
    return ""


admin = Router(path="/admin", route_handlers=[reindex], guards=[requires_admin])
v1 = Router("/api/v1/", route_handlers=[BookController, AuthorController, admin])
HANDLERS = [index, health, live]

app = Litestar(route_handlers=HANDLERS + [v1])

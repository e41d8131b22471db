from starlette.applications import Starlette
from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Host, Mount, Route, Router, WebSocketRoute
from starlette.staticfiles import StaticFiles

from .admin import ADMIN_MIDDLEWARE, admin_router
from .api import api_routes
from .sub import sub_app
from .views import Echo, homepage, hello, thing, ws_feed


class TokenBackend(AuthenticationBackend):
    async def authenticate(self, conn):
        if "authorization" in conn.headers:
            return AuthCredentials(["authenticated"]), SimpleUser("someone")
        return None


async def health(request):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse("ok")


internal = Router(routes=[Route("/health", health)])

routes = [
    Route("/", homepage),
    Mount("/api/v1", routes=api_routes),
    Mount("/admin", app=admin_router, middleware=ADMIN_MIDDLEWARE),
    Mount("/v2", routes=[Mount("/deep", routes=[Route("/thing/{name}", thing)])]),
    Mount("/static", app=StaticFiles(directory=".", check_dir=False)),
    Host("internal.example.com", app=internal),
    WebSocketRoute("/ws", Echo),
    Route("/hello", hello),
]

app = Starlette(
    routes=routes,
    middleware=[Middleware(AuthenticationMiddleware, backend=TokenBackend())],
)
app.mount("/sub", sub_app)
app.router.add_websocket_route("/feed", ws_feed)


async def added(request):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse("added")


app.add_route("/added/{key:path}", added, methods=["GET", "POST"])

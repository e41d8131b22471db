from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route, Router


class RequireAdminMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


async def dashboard(request):
    return PlainTextResponse("admin")


async def stats(request):
    return PlainTextResponse("stats")


admin_router = Router(
    routes=[Route("/", dashboard), Route("/stats", stats, methods=["GET", "DELETE"])],
)
ADMIN_MIDDLEWARE = [Middleware(RequireAdminMiddleware)]

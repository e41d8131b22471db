from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.responses import PlainTextResponse
from starlette.routing import Route


class Page(HTTPEndpoint):
    async def get(self, request):
        return PlainTextResponse("page")

    async def patch(self, request):
        return PlainTextResponse("patched")


async def index(request):
    return PlainTextResponse("legacy")


legacy = Starlette(routes=[Route("/", index), Route("/pages/{slug}", Page)])

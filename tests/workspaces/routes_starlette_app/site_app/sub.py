from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def ping(request):
    return PlainTextResponse("pong")


async def version(request):
    return PlainTextResponse("1")


def build_sub():
    sub = Starlette(routes=[Route("/ping", ping)])
    sub.add_route("/version", version)
    return sub


sub_app = build_sub()

from aiohttp import web


def login_required(fn):
    return fn


class Handler:
    async def index(self, request):
        return web.Response(text="shop")

    @login_required
    async def create_order(self, request):
        return web.json_response({}, status=201)

    async def cancel_order(self, request):
        return web.json_response({})


async def health(request):
    return web.Response(text="ok")


async def list_orders(request):
    return web.json_response([])

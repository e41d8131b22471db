from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/api/v1/products")
async def products(request):
    return web.json_response([])


@routes.post("/api/v1/products")
async def create_product(request):
    return web.json_response({}, status=201)


@routes.route("PATCH", "/api/v1/products/{product_id}")
async def patch_product(request):
    return web.json_response({})


@routes.view("/api/v1/products/{product_id}/reviews")
class Reviews(web.View):
    async def get(self):
        return web.json_response([])

    async def post(self):
        return web.json_response({})

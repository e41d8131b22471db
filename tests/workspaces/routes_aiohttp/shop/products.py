from pathlib import Path

from aiohttp import web

routes = web.RouteTableDef()
# a StaticDef in the table: GET and HEAD at /catalog/{filename} once the table is added
routes.static("/catalog/", Path(__file__).parent / "static")


@routes.get("/api/v1/products")
async def products(request):
    return web.json_response([])


@routes.post("/api/v1/products")
async def create_product(request):
    return web.json_response({}, status=201)


# registered through add_get, as @routes.get is: HEAD too
@routes.route("GET", "/api/v1/products/featured")
async def featured(request):
    return web.json_response([])


@routes.get("/api/v1/products/count", allow_head=False)
async def count(request):
    return web.json_response(0)


@routes.route("PATCH", "/api/v1/products/{product_id}")
async def patch_product(request):
    return web.json_response({})


@routes.view("/api/v1/products/{product_id}/reviews")
class Reviews(web.View):
    async def get(self):
        return web.json_response([])

    async def post(self):
        return web.json_response({})

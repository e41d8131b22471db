"""A shop on aiohttp: router calls, a route table, add_routes, class-based views, a handler
object's methods and two sub-applications with prefixes."""

from pathlib import Path

from aiohttp import web

from . import admin
from .handlers import Handler, health, list_orders
from .products import routes as product_routes

API = "/api/v1"


def make_app() -> web.Application:
    app = web.Application()
    handler = Handler()
    app.router.add_get("/", handler.index)
    app.router.add_post(API + "/orders", handler.create_order)
    app.router.add_route("GET", API + "/orders", list_orders)
    app.router.add_route("*", "/echo", health)
    app.router.add_static("/static/", Path(__file__).parent / "static")
    app.add_routes(product_routes)
    app.add_routes(
        [
            web.get("/health", health, allow_head=False),
            # not a name of hdrs.METH_ALL: registered by add_route, so no HEAD
            web.route("get", "/lower", health),
            web.delete(API + "/orders/{order_id:\\d+}", handler.cancel_order),
            web.view(API + "/carts/{cart_id}", CartView),
            web.static("/media/", Path(__file__).parent / "static"),
        ]
    )
    app.router.add_get(API + "/carts/{cart_id}/summary", CartView)  # GET only, not PUT
    app.add_subapp("/admin/", admin.build())
    reports = web.Application()
    reports.router.add_get("/daily", health)
    app.add_subapp("/reports", reports)
    return app


class CartView(web.View):
    async def get(self):
        return web.json_response({})

    async def put(self):
        return web.json_response({})

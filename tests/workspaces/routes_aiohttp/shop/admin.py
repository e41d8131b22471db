from pathlib import Path

from aiohttp import web


def admin_required(fn):
    return fn


@admin_required
async def dashboard(request):
    return web.Response(text="admin")


async def purge(request):
    return web.Response(status=204)


def build() -> web.Application:
    admin = web.Application()
    admin.router.add_get("/", dashboard)
    admin.router.add_delete("/cache", purge)
    admin.router.add_static("/assets", Path(__file__).parent / "static")  # under /admin
    return admin

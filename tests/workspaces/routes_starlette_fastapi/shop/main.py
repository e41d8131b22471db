from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.authentication import AuthenticationBackend
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.responses import PlainTextResponse

from .legacy import legacy
from .orders import orders_app
from .routing import InternalRouter, VersionedRouter


class HeaderBackend(AuthenticationBackend):
    async def authenticate(self, conn):
        return None


app = FastAPI()
app.add_middleware(AuthenticationMiddleware, backend=HeaderBackend())
router = VersionedRouter()
custom = VersionedRouter(prefix="/api/custom")
internal = InternalRouter()


@router.get("/status")
def status():
    return {"ok": True}


@custom.get("/status")
def custom_status():
    return {"ok": True}


@internal.get("/ping")
def ping():
    return "pong"


app.include_router(router)
app.include_router(custom)
app.include_router(internal)


@router.get("/late")
def late():
    """Added after the include above: served all the same (FastAPI includes routers live)."""
    return {}


async def plain(request):
    return PlainTextResponse("plain")


app.mount("/v2", orders_app)
app.mount("/legacy", legacy)
assets = StaticFiles(directory="assets", check_dir=False)
app.mount("/assets/", assets, name="assets")
app.add_route("/plain", plain)

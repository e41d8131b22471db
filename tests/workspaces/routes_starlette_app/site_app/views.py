from functools import partial

from starlette.authentication import requires
from starlette.endpoints import HTTPEndpoint, WebSocketEndpoint
from starlette.responses import JSONResponse, PlainTextResponse


async def homepage(request):
    return PlainTextResponse("home")


@requires("authenticated")
async def list_users(request):
    return JSONResponse([])


@requires(["authenticated", "admin"], status_code=404)
async def create_item(request):
    return JSONResponse({}, status_code=201)


class UserEndpoint(HTTPEndpoint):
    """One user: read, replace, delete."""

    async def get(self, request):
        return JSONResponse({"id": request.path_params["user_id"]})

    @requires("authenticated")
    async def put(self, request):
        return JSONResponse({})

    async def delete(self, request):
        return JSONResponse({})


class BaseReport(HTTPEndpoint):
    async def get(self, request):
        return JSONResponse({})


class Report(BaseReport):
    async def post(self, request):
        return JSONResponse({})


async def thing(request):
    return PlainTextResponse(request.path_params["name"])


def _greet(request, greeting):
    return PlainTextResponse(greeting)


hello = partial(_greet, greeting="hello")


class Echo(WebSocketEndpoint):
    encoding = "text"


async def ws_feed(websocket):
    await websocket.accept()
    await websocket.close()

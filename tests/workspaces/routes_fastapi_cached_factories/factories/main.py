from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.routing import Mount

from .cached import build_from_dict, build_lru, build_lru_called
from .early import create_api_app, create_once
from .flag import pick, pick_else

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

api_app = create_api_app()
app.mount("/api", app=api_app)
app.mount("/once", create_once())
app.mount("/dict", build_from_dict("x"))
lru_app = build_lru()
app.mount("/lru", lru_app)
app.mount("/lru-called", app=build_lru_called())
app.mount("/public", pick())
app.mount("/private", pick(is_admin=True))
app.mount("/else-pub", pick_else(False))
app.mount("/else-admin", pick_else(internal=True))
# a Starlette app between: Mount(app=factory()) in a routes list
app.mount("/star", Starlette(routes=[Mount("/api", app=create_api_app("again"))]))

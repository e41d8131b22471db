"""A cache dict read with ``.get``, and ``functools.lru_cache`` on the factory."""

import functools
from functools import lru_cache

from fastapi import FastAPI

from .routers import admin, items

_APPS: dict[str, FastAPI] = {}


def build_from_dict(name: str) -> FastAPI:
    cached = _APPS.get(name)
    if cached is not None:
        return cached
    app = FastAPI(openapi_url=None)
    app.include_router(admin, prefix="/admin")
    _APPS[name] = app
    return app


@functools.lru_cache
def build_lru() -> FastAPI:
    app = FastAPI(openapi_url=None)
    app.include_router(items, prefix="/lru")
    return app


@lru_cache(maxsize=None)
def build_lru_called() -> FastAPI:
    app = FastAPI(openapi_url=None)
    app.include_router(admin)
    return app

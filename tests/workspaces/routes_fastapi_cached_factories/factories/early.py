"""Prefect's shape: a factory that returns the app it built before, from a cache keyed by its
arguments, ahead of building one."""

from fastapi import FastAPI

from .routers import items

API_APP_CACHE: dict[tuple[str, ...], FastAPI] = {}


def create_api_app(title: str = "api") -> FastAPI:
    cache_key = (title,)
    if cache_key in API_APP_CACHE:
        return API_APP_CACHE[cache_key]
    api_app = FastAPI(title=title, docs_url=None, redoc_url=None)
    api_app.include_router(items, prefix="/v1")
    API_APP_CACHE[cache_key] = api_app
    return api_app


_built: FastAPI | None = None


def create_once() -> FastAPI:
    """A module-level slot instead of a dict, and a ``None`` return on the way."""
    global _built
    if _built is not None:
        return _built
    if title_missing():
        return None  # type: ignore[return-value]
    app = FastAPI(openapi_url=None)
    app.include_router(items)
    _built = app
    return app


def title_missing() -> bool:
    return False

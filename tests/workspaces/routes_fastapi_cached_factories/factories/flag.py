"""A factory that gives one of two apps by a flag."""

from fastapi import FastAPI

from .routers import admin, items

public_app = FastAPI(openapi_url=None)
public_app.include_router(items)

admin_app = FastAPI(openapi_url=None)
admin_app.include_router(admin)


def pick(is_admin: bool = False) -> FastAPI:
    if is_admin:
        return admin_app
    return public_app


def pick_else(internal: bool) -> FastAPI:
    if not internal:
        app = FastAPI(openapi_url=None)
        app.include_router(items, prefix="/pub")
        return app
    else:
        return admin_app

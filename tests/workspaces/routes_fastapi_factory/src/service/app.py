from fastapi import FastAPI

from service.routers import admin, health, widgets

API_PREFIX = "/api"


def register_admin(app: FastAPI) -> None:
    app.include_router(admin.router, prefix="/admin")


def create_app(version_path: str = "/version", *, ready_path: str = "/ready") -> FastAPI:
    application = FastAPI(title="widgets")
    application.include_router(health.router)
    application.include_router(widgets.router, prefix=f"{API_PREFIX}/widgets")
    register_admin(application)

    @application.get("/")
    async def root() -> dict[str, str]:
        return {"service": "widgets"}

    # paths from the factory's parameters: their defaults when called without arguments
    @application.get(version_path)
    async def version() -> str:
        return "1"

    @application.get(ready_path)
    async def ready() -> bool:
        return True

    return application

from fastapi import FastAPI

from app.config import settings
from app.routers import users

app = FastAPI(title="LSP test app")
app.include_router(users.router, prefix=settings.API_V1_STR)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}

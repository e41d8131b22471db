from fastapi import FastAPI

from app.config import settings
from app.routers import orders, users

app = FastAPI(title="Navigation test app")
app.include_router(users.router, prefix=settings.API_V1_STR)
app.include_router(orders.router, prefix=f"{settings.API_V1_STR}/orders")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}

from fastapi import FastAPI

from app.routers import orders

app = FastAPI(title="Review test app")
app.include_router(orders.router, prefix="/api/v1")

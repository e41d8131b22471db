from fastapi import FastAPI

from .api import users

app = FastAPI(title="shop")
app.include_router(users.router, prefix="/api/v1")

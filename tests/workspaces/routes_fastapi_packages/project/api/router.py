from fastapi import APIRouter

from ..core import constants
from ..core.constants import Paths
from .routes import items, reports, users
from .routes.orders import router as orders_router

api_router = APIRouter()
api_router.include_router(users.router, prefix=Paths.USERS, tags=["users"])
api_router.include_router(items.router)
api_router.include_router(orders_router, prefix=Paths.ORDERS)
api_router.include_router(reports.router, prefix=constants.REPORTS)

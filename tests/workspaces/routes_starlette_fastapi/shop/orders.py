from fastapi import APIRouter, FastAPI

orders_app = FastAPI(title="orders")
lines = APIRouter(prefix="/lines")


@orders_app.get("/orders/{order_id}")
def get_order(order_id: int):
    return {"id": order_id}


@orders_app.post("/orders")
def create_order():
    return {}


@lines.get("/{line_id}")
def get_line(line_id: int):
    return {}


orders_app.include_router(lines, prefix="/orders/{order_id}")

from fastapi import APIRouter

items = APIRouter()


@items.get("/items")
def list_items():
    return []


@items.post("/items")
def create_item():
    return {}


admin = APIRouter()


@admin.delete("/users/{user_id}")
def delete_user(user_id: int):
    return {}

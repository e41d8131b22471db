"""Version 1.4.0 of tests/rules/fixtures/BA310/BA310.py: the code its docs/openapi.json was written from."""

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    id: int
    name: str
    price: float
    tags: list[str] = []


class ItemIn(BaseModel):
    name: str
    price: float
    note: str | None = None


class Owner(BaseModel):
    id: int
    email: str


@app.get("/items/{item_id}")
def read_item(item_id: int) -> Item:
    ...


@app.get("/items")
def list_items(limit: int = 10, q: str | None = None) -> list[Item]:
    ...


@app.post("/items", status_code=201)
def create_item(body: ItemIn) -> Item:
    ...


@app.put("/items/{item_id}")
def replace_item(item_id: int, body: ItemIn) -> Item:
    ...


@app.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int) -> None:
    ...


@app.get("/search")
def search(term: str) -> list[Item]:
    ...


@app.get("/owners/{owner_id}")
def read_owner(owner_id: int) -> Owner:
    ...


@app.get("/owners")
def list_owners(page: int = 1) -> list[Owner]:
    ...


@app.patch("/owners/{owner_id}")
def rename_owner(owner_id: int, email: str) -> Owner:
    ...

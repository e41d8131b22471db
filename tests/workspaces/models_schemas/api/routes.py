from fastapi import APIRouter

from .queries import Query
from .schemas import ItemCreate, Page

router = APIRouter()


@router.post("/search", response_model=Page)
def search(query: Query) -> Page:
    return Page(items=[], total=0, cursor=None)


@router.post("/items")
def create(item: ItemCreate) -> ItemCreate:
    return item

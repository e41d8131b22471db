from enum import Enum
from typing import Annotated, Literal, Optional
from fastapi import FastAPI, Query, Path, Header, Depends, Body, HTTPException
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel, Field

app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="token")

class Color(str, Enum):
    red = "red"
    blue = "blue"

class Tag(BaseModel):
    name: str = Field(min_length=1, max_length=20)

class Item(BaseModel):
    name: str
    price: float = Field(gt=0)
    tags: list[Tag] = []
    color: Color = Color.red
    note: str | None = None
    kind: Literal["a", "b"] = "a"
    meta: dict[str, int] = {}

def pagination(skip: int = 0, limit: Annotated[int, Query(le=100)] = 10):
    return skip, limit

@app.get("/items/{item_id}", response_model=Item)
def read_item(item_id: int, q: Optional[str] = None, user_agent: str | None = Header(None), page=Depends(pagination)):
    if item_id == 0:
        raise HTTPException(status_code=404, detail="Item not found")

@app.post("/items", status_code=201)
def create_item(item: Item, token: str = Depends(oauth2)) -> Item:
    return item

@app.put("/items/{item_id}")
def update_item(item_id: Annotated[int, Path(ge=1)], item: Item, importance: int = Body(), color: Color = Query(Color.red)):
    return {}

@app.api_route("/ping", methods=["GET", "HEAD"])
def ping():
    return "pong"

from typing import Annotated, Any

from typing_extensions import TypedDict

from fastapi import Body, Cookie, FastAPI, File, Form, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

app = FastAPI()


class Point(TypedDict):
    x: int
    y: int


class Shape(BaseModel):
    points: list[Point]
    closed: bool = False
    attrs: dict[str, Any] = {}
    size: tuple[int, int] = (1, 1)


@app.post("/login")
def login(username: Annotated[str, Form()], password: Annotated[str, Form()]):
    return {"ok": True}


@app.post("/upload")
async def upload(file: UploadFile = File(...), note: str = Form("")):
    return {"name": file.filename}


@app.get("/page", response_class=HTMLResponse)
def page(session: str | None = Cookie(None)):
    return "<p>hi</p>"


@app.post("/shapes", response_model=Shape)
def add_shape(shape: Shape = Body(embed=True)):
    return shape


@app.post("/bulk")
def bulk(shapes: list[Shape], dry_run: bool = False) -> list[Shape]:
    return shapes


@app.get("/raw", response_model=None)
def raw() -> JSONResponse:
    return JSONResponse({})


@app.get("/hidden", include_in_schema=False)
def hidden():
    return {}


@app.get("/tags")
def tags(tag: Annotated[list[str], Body()] = []) -> dict[str, list[str]]:
    return {"tag": tag}

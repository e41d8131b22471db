from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.routing import Mount

inner = FastAPI()


@inner.get("/things")
def things():
    return []


@inner.put("/things/{thing_id}")
def put_thing(thing_id: str):
    return {}


@inner.delete("/things/{thing_id}")
def delete_thing(thing_id: str):
    return {}


@inner.get("/more/{a}/{b}")
def more(a: int, b: int):
    return {}


outer = Starlette(routes=[Mount("/outer/api", app=inner), Mount("/outer/again", app=inner)])

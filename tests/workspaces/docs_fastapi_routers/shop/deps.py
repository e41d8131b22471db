from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query
from fastapi.security import APIKeyHeader

api_key = APIKeyHeader(name="X-API-Key")


def get_db():
    yield None


def common(q: str | None = None, page: Annotated[int, Query(ge=1)] = 1):
    return {"q": q, "page": page}


def verify_token(x_token: Annotated[str, Header()]):
    if x_token != "secret":
        raise HTTPException(status_code=400, detail="X-Token header invalid")


class Pager:
    def __init__(self, offset: int = 0, size: int = Query(20, le=50)):
        self.offset = offset
        self.size = size


DbDep = Annotated[object, Depends(get_db)]
CommonDep = Annotated[dict, Depends(common)]
KeyDep = Annotated[str, Depends(api_key)]

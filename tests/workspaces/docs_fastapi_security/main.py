"""Security inherited from routers and include_router(), discriminated unions, aliases."""

from typing import Annotated, Literal, Optional, Union

from fastapi import APIRouter, Depends, FastAPI, Security
from fastapi.security import APIKeyHeader, HTTPBearer, OAuth2PasswordBearer
from pydantic import BaseModel, Field, confloat, conint, conlist, constr

bearer = HTTPBearer()
api_key = APIKeyHeader(name="X-API-Key")
oauth2 = OAuth2PasswordBearer(tokenUrl="token", scopes={"stats:read": "read the stats"})


def current_user(credentials=Depends(bearer)) -> str:
    return "someone"


class Cat(BaseModel):
    pet_type: Literal["cat"]
    meows: int


class Dog(BaseModel):
    pet_type: Literal["dog"]
    barks: float


Pet = Annotated[Union[Cat, Dog], Field(discriminator="pet_type")]


class Owner(BaseModel):
    pet: Union[Cat, Dog] = Field(discriminator="pet_type")
    name: str = Field(alias="ownerName")
    nickname: str | None = Field(default=None, alias="nick")


router = APIRouter(prefix="/pets", dependencies=[Depends(current_user)])


@router.get("/{pet_id}", response_model=Pet)
def get_pet(pet_id: int):
    return Cat(pet_type="cat", meows=1)


@router.post("/owners")
def create_owner(owner: Owner) -> Owner:
    return owner


admin = APIRouter()


@admin.get("/stats")
def stats() -> dict[str, int]:
    return {}


keyed = APIRouter(dependencies=[Depends(api_key)])


@keyed.get("/ping")
def ping() -> str:
    return "pong"


app = FastAPI()
app.include_router(router)
app.include_router(admin, prefix="/admin", dependencies=[Security(oauth2, scopes=["stats:read"])])
app.include_router(keyed, prefix="/keyed")


@app.get("/open")
def open_endpoint() -> str:
    return "open"


class Limits(BaseModel):
    code: constr(min_length=2, max_length=8, pattern="^[A-Z]+$")
    count: conint(gt=0, le=100) = 1
    ratio: confloat(ge=0.0, lt=1.0)
    tags: conlist(str, min_length=1, max_length=5)
    maybe: Optional[conint(ge=0)] = None


@app.post("/limits")
def set_limits(limits: Limits) -> Limits:
    return limits

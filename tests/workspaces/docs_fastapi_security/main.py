"""Security inherited from routers and include_router(), discriminated unions, aliases."""

from typing import Annotated, Literal, Union

from fastapi import APIRouter, Depends, FastAPI, Security
from fastapi.security import APIKeyHeader, HTTPBearer, OAuth2PasswordBearer
from pydantic import BaseModel, Field

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

from pydantic import BaseModel


class UserIn(BaseModel):
    email: str
    name: str
    age: int | None = None


class UserOut(BaseModel):
    id: int
    email: str

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class ItemCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None
    price: Decimal = Field(gt=0)
    stock: int = 0


class ItemUpdate(BaseModel):
    title: str | None = None
    description: str | None = None
    price: Decimal | None = None
    stock: int | None = None


class ItemOut(ItemCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner_id: int

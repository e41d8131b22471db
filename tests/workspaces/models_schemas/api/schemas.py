from typing import Annotated, ClassVar, Optional

from pydantic import BaseModel, ConfigDict, Field


class ItemBase(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(..., max_length=50)
    price: float
    tags: list[str] = Field(default_factory=list)


class ItemCreate(ItemBase):
    kind: ClassVar[str] = "item"
    _secret: str = "hidden"

    description: Optional[str] = None
    quantity: Annotated[int, Field(ge=0)] = 1
    sku: Annotated[str, Field(min_length=3)]
    price: float = Field(9.99, gt=0)  # redefined: keeps its place, gains a default


class Page(BaseModel):
    items: list[ItemCreate]
    total: int = Field(default=0)
    cursor: str | None

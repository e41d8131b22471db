"""Pydantic v1 models, imported from ``pydantic.v1`` (pydantic 2 ships it)."""

from enum import Enum
from typing import Dict, List, Literal, Optional, Union

from pydantic.v1 import BaseModel, Field, conint, conlist, constr, root_validator, validator


class Status(str, Enum):
    active = "active"
    retired = "retired"


class Tag(BaseModel):
    name: constr(min_length=1, max_length=20, regex=r"^[a-z]+$")
    weight: Optional[float]


class Product(BaseModel):
    sku: str = Field(..., regex=r"^[A-Z]{3}-\d+$", alias="SKU")
    title: str
    note: Optional[str]
    summary: Optional[str] = Field(..., max_length=200)
    price: float = Field(gt=0, le=10_000)
    stock: conint(ge=0) = 0
    tags: conlist(Tag, min_items=1, max_items=5)
    labels: List[Optional[str]] = []
    status: Status = Status.active
    kind: Literal["physical", "digital"] = "physical"
    only: Literal["x"]
    extra: Dict[str, Optional[int]] = {}
    either: Union[int, str, None] = None
    internal_code: str = "n/a"

    @validator("title")
    def title_not_blank(cls, value: str) -> str:
        return value.strip()

    @root_validator
    def check(cls, values: dict) -> dict:
        return values

    class Config:
        allow_population_by_field_name = True
        fields = {
            "internal_code": "internalCode",
            "title": {"alias": "productTitle", "description": "Shown to customers"},
        }
        schema_extra = {"example": {"SKU": "ABC-1", "productTitle": "Lamp"}}


class Discounted(Product):
    discount: conint(gt=0, lt=100) = 10
    reason: Optional[str] = Field(None, min_length=3)

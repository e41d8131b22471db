from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class OrderLineIn(BaseModel):
    item_id: int
    quantity: int = 1


class OrderCreate(BaseModel):
    lines: list[OrderLineIn]


class OrderLineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    item_id: int
    item_title: str
    quantity: int
    unit_price: Decimal


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    created_at: datetime | None = None
    lines: list[OrderLineOut] = []


class ShippingQuote(BaseModel):
    order_id: int
    carrier: str
    price: Decimal

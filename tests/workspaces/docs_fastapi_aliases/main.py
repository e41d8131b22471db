"""Aliases that differ between what a model reads and what it writes: FastAPI splits such a
model (and any model holding one) into ``Name-Input`` and ``Name-Output``."""

from decimal import Decimal

from fastapi import FastAPI
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, computed_field

app = FastAPI()


class Address(BaseModel):
    street: str = Field(validation_alias="streetName")
    city: str


class Plain(BaseModel):
    label: str = Field(alias="Label")


class Customer(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    customer_id: int = Field(alias="customerId")
    full_name: str = Field(validation_alias="fullName", serialization_alias="name")
    email: str = Field(serialization_alias="emailAddress")
    phone: str | None = Field(None, validation_alias=AliasChoices("phone", "tel"))
    address: Address
    plain: Plain


class Invoice(BaseModel):
    number: int
    total: Decimal
    lines: list[str] = []

    @computed_field
    @property
    def line_count(self) -> int:
        return len(self.lines)


class ReadOnly(BaseModel):
    """Only ever written: one component, whatever its aliases."""

    code: str = Field(validation_alias="Code", serialization_alias="codeOut")


@app.post("/customers")
def create_customer(customer: Customer) -> Customer:
    return customer


@app.post("/addresses")
def check_address(address: Address) -> Plain:
    return Plain(Label=address.city)


@app.get("/addresses/latest", response_model=Address)
def latest_address():
    return {}


@app.put("/invoices/{number}")
def replace_invoice(number: int, invoice: Invoice) -> Invoice:
    return invoice


@app.get("/codes", response_model=list[ReadOnly])
def codes():
    return []

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class Address(BaseModel):
    street: str
    city: str
    zip_code: str = Field(pattern=r"^\d{5}$")


class UserBase(BaseModel):
    email: str
    full_name: Optional[str] = None


class UserCreate(UserBase):
    password: str = Field(min_length=8)
    addresses: list[Address] = []


class UserOut(UserBase):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    created_at: datetime
    nickname: str = Field(default="anon", alias="nick")


@dataclass
class Stats:
    count: int
    ratio: float = 0.5
    labels: list[str] = field(default_factory=list)

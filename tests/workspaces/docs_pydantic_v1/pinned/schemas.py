"""A project that pins pydantic 1: its ``from pydantic import BaseModel`` is v1's."""

from typing import List, Optional

from pydantic import BaseModel, Field


class Author(BaseModel):
    name: str
    email: Optional[str]


class Book(BaseModel):
    isbn: str = Field(..., regex=r"^\d{13}$")
    title: str = Field(..., alias="bookTitle")
    subtitle: Optional[str] = None
    authors: List[Author] = []
    pages: Optional[int] = Field(..., gt=0)

    class Config:
        schema_extra = {"example": {"isbn": "9780000000000", "bookTitle": "Dune"}}

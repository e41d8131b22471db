"""SQLModel tables and the schemas beside them."""

import uuid
from decimal import Decimal
from typing import Optional

from sqlmodel import Field, Relationship, SQLModel


class HeroTeamLink(SQLModel, table=True):
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)


class TeamBase(SQLModel):
    name: str = Field(index=True, max_length=40)
    headquarters: str


class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    budget: Optional[Decimal] = None

    heroes: list["Hero"] = Relationship(back_populates="team")


class HeroBase(SQLModel):
    name: str = Field(index=True)
    secret_name: str
    age: int | None = Field(default=None, index=True)


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    rating: float = Field(default=0.0, nullable=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    is_retired: bool = False

    team: Optional[Team] = Relationship(back_populates="heroes")


class Mission(SQLModel, table=True):
    __tablename__ = "missions"

    code: str = Field(primary_key=True, max_length=12)
    hero_id: int = Field(foreign_key="hero.id", ondelete="CASCADE")


class HeroCreate(HeroBase):
    team_id: Optional[int] = None


class HeroPublic(HeroBase):
    id: int

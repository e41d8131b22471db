"""SQLAlchemy 2.0 typed declarative models."""

from __future__ import annotations

import datetime
import enum
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {str: String(120)}


class Status(enum.Enum):
    draft = "draft"
    live = "live"


class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[Optional[datetime.datetime]]


class TableNameMixin:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower() + "s"


class Entity(Base):
    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)


class Account(TimestampMixin, Entity):
    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(30), index=True)
    nickname: Mapped[str | None]
    slug: Mapped[str] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    notes: Mapped[Optional[str]] = mapped_column(nullable=False, default="")

    posts: Mapped[list["Post"]] = relationship(back_populates="author", lazy="raise")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "account"}


class Admin(Account):
    """Single-table inheritance: its columns join the accounts table."""

    level: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "admin"}


class Post(TableNameMixin, TimestampMixin, Entity):
    title: Mapped[str]
    status: Mapped[Status] = mapped_column(default=Status.draft)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey(Account.id))
    score: Mapped[float] = mapped_column(nullable=True)

    author: Mapped["Account"] = relationship(back_populates="posts", foreign_keys=[author_id])
    reviewer: Mapped[Optional[Account]] = relationship(foreign_keys=[reviewer_id])

    __table_args__ = (Index("ix_posts_status_title", "status", "title"),)

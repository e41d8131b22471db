"""SQLAlchemy 1.x declarative models."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from .db import Base

NAME_LENGTH = 50


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, index=True, nullable=False)
    full_name = Column("name", String(NAME_LENGTH))
    bio = Column(Text, default="")
    is_active = Column(sa.Boolean, default=True, nullable=False)

    addresses = relationship("Address", back_populates="user", lazy="selectin")


class Address(Base):
    __tablename__ = "addresses"
    __table_args__ = (
        Index("ix_addresses_city_zip", "city", "zip_code"),
        UniqueConstraint("user_id", "label"),
        {"comment": "postal addresses"},
    )

    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"), nullable=False)
    label = Column(String(20))
    city = Column(String(80))
    zip_code = Column(String(10))

    user = relationship(User, back_populates="addresses")


class Tag(Base):
    __tablename__ = "tags"

    code = Column(String(8), primary_key=True)
    parent_code = Column(String(8), ForeignKey("tags.code", ondelete="CASCADE"), index=True)

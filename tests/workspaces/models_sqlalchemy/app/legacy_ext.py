"""The old import path of declarative_base, and a base made by a registry."""

from sqlalchemy import Column, DateTime, Integer, Numeric
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import registry

OldBase = declarative_base()
mapper_registry = registry()
RegistryBase = mapper_registry.generate_base()


class Invoice(OldBase):
    __tablename__ = "invoices"

    id = Column(Integer, primary_key=True)
    total = Column(Numeric(10, 2), nullable=False)
    issued_at = Column(DateTime(timezone=True))


class Ledger(RegistryBase):
    __tablename__ = "ledger"

    id = Column(Integer, primary_key=True)
    invoice_id = Column(Integer, index=True)

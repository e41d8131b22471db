"""The cases' Alembic environment: the database comes from BA_MIGRATION_URL (a scratch one)."""

import os

from alembic import context
from app.models import Base
from sqlalchemy import create_engine, pool

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = create_engine(os.environ["BA_MIGRATION_URL"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=False,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()

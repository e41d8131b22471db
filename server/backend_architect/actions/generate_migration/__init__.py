"""Generate migration: the Alembic revision that takes the schema at head to the models."""

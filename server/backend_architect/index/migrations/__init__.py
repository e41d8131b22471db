"""Alembic environments, revision graphs and the schema at head, read statically (nothing imported)."""

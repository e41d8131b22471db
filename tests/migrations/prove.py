"""Run in a case's project folder (a subprocess of the test): upgrade to head, compare the
database with the models (Alembic's compare_metadata), downgrade one step; print JSON."""

import json
import os
import sys

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

sys.path.insert(0, os.getcwd())
url = os.environ["BA_MIGRATION_URL"]
cfg = Config("alembic.ini")
out: dict[str, object] = {}


def enum_types(engine: sa.Engine) -> list[str]:
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as conn:
        return sorted(
            r[0] for r in conn.execute(sa.text("SELECT typname FROM pg_type WHERE typtype = 'e'"))
        )


engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
command.upgrade(cfg, os.environ["BA_PREVIOUS_HEAD"])
out["enums_before"] = enum_types(engine)
command.upgrade(cfg, "head")
from app.models import Base  # noqa: E402

with engine.connect() as conn:
    ctx = MigrationContext.configure(conn, opts={"compare_type": True})
    out["diff"] = [repr(d) for d in compare_metadata(ctx, Base.metadata)]
out["enums_at_head"] = enum_types(engine)
command.downgrade(cfg, "-1")
out["enums_after_downgrade"] = enum_types(engine)
with engine.connect() as conn:
    out["tables_after_downgrade"] = sorted(sa.inspect(conn).get_table_names())
print("RESULT " + json.dumps(out))

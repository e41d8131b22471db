"""ORM names the rules share: what a session, a session query and a Django manager look like."""

from __future__ import annotations

import re

# Objects that talk to the database: SQLAlchemy/SQLModel sessions and connections, DB-API
# cursors and connections, asyncpg connections (``db``, ``self.session``, ``db.session``, ``cur``).
SESSION_RE = re.compile(
    r"(?:^|_)(?:session|sess|db|conn|connection|cursor|cur|engine|database)$", re.IGNORECASE
)

# Methods of those objects that run a query, and how many arguments make it one
# (``session.get(User, id)``, not ``params.get("x")``: the receiver check comes first anyway).
SESSION_QUERY_METHODS = {
    "query": 1,
    "execute": 1,
    "exec": 1,  # SQLModel
    "scalars": 1,
    "scalar": 1,
    "get": 2,
    "get_one": 2,
    "fetch": 1,  # asyncpg
    "fetchrow": 1,
    "fetchval": 1,
    "exec_driver_sql": 1,
}

# Django managers: ``Model.objects``, ``Model._default_manager``, reverse relations ``x.item_set``.
DJANGO_MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})

# What builds a SQLAlchemy engine (and with it a connection pool).
ENGINE_FACTORIES = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlmodel.create_engine",
    }
)

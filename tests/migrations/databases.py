"""The scratch databases the migration tests run against: a fresh PostgreSQL database per case
(from ``BA_TEST_POSTGRES_URL``, which .ci/run exports) and a fresh SQLite file."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

URL_VAR = "BA_TEST_POSTGRES_URL"


def postgres_admin_url() -> str:
    url = os.environ.get(URL_VAR)
    if not url:
        message = f"{URL_VAR} is not set: PostgreSQL is needed for the migration tests (.ci/run starts it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty database on the test server; dropped afterwards."""
    import psycopg

    admin = postgres_admin_url()
    name = "ba_mig_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        _drop(admin, name)


def _drop(admin: str, name: str) -> None:
    """Drop database ``name``, ending its sessions. A server process the test role may not
    end (an autovacuum worker that started on the new database, where the role lacks
    pg_signal_backend) finishes on its own: wait for it, a few times, then give up loudly."""
    import time

    import psycopg

    for attempt in range(20):
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 19:
                raise
            time.sleep(0.25)

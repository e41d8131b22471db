"""Rules that read files beside the code: what changes when those files are absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from backend_architect.config import Settings
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine


def _check(root: Path, rel: str, code: str) -> list[tuple[int, int]]:
    index = ProjectIndex(str(root))
    index.build()
    parsed = index.parsed(str(root / rel))
    assert parsed is not None
    findings = Engine(Settings(select=[code])).check_parsed(parsed, index)
    return [(f.span.start.line, f.span.start.column) for f in findings]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


MODELS = (
    "from sqlalchemy import Column, Integer, String\n"
    "from sqlalchemy.orm import declarative_base\n"
    "Base = declarative_base()\n"
    "class User(Base):\n"
    "    __tablename__ = 'users'\n"
    "    id = Column(Integer, primary_key=True)\n"
    "    name = Column(String)\n"
)


@pytest.mark.parametrize(
    ("extra", "fires"),
    [
        ({}, False),  # database unknown: silent (precision first)
        ({"alembic.ini": "[alembic]\nsqlalchemy.url = postgresql://x@db/app\n"}, False),
        ({"alembic.ini": "[alembic]\nsqlalchemy.url = mysql+pymysql://x@db/app\n"}, True),
        ({".env.example": "DATABASE_URL=mariadb+mariadbconnector://x@db/app\n"}, True),
        ({"app/db.py": "URL = 'oracle+oracledb://x@db/app'\n"}, True),
    ],
)
def test_ba407_needs_a_length_dialect(tmp_path: Path, extra: dict[str, str], fires: bool) -> None:
    _write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, **extra})
    assert bool(_check(tmp_path, "app/models.py", "BA407")) is fires


CREATE_ALL = "from app.models import Base, engine\nBase.metadata.create_all(engine)\n"


@pytest.mark.parametrize(
    ("files", "rel", "fires"),
    [
        ({"app/main.py": CREATE_ALL}, "app/main.py", False),  # no migrations
        ({"app/main.py": CREATE_ALL, "alembic.ini": "[alembic]\n"}, "app/main.py", True),
        ({"app/main.py": CREATE_ALL, "migrations/versions/x.py": ""}, "app/main.py", True),
        (
            {"tests/conftest.py": CREATE_ALL, "alembic.ini": "[alembic]\n"},
            "tests/conftest.py",
            False,
        ),
        (
            {"scripts/seed_dev.py": CREATE_ALL, "alembic.ini": "[alembic]\n"},
            "scripts/seed_dev.py",
            False,
        ),
    ],
)
def test_ba408_needs_migrations_and_app_code(
    tmp_path: Path, files: dict[str, str], rel: str, fires: bool
) -> None:
    _write(tmp_path, files)
    assert bool(_check(tmp_path, rel, "BA408")) is fires


SERVICE = "def charge(order, amount: int):\n    return amount\n\ndef _private(x):\n    return x\n"


@pytest.mark.parametrize(
    ("rel", "fires"),
    [
        ("app/services/billing.py", [(0, 4)]),  # public function: `order` and the return
        ("app/billing_service.py", [(0, 4)]),
        ("app/crud.py", [(0, 4)]),
        ("app/billing.py", []),  # not a service module
        ("tests/services/test_billing.py", []),
    ],
)
def test_ba505_public_service_functions(
    tmp_path: Path, rel: str, fires: list[tuple[int, int]]
) -> None:
    _write(tmp_path, {rel: SERVICE})
    assert _check(tmp_path, rel, "BA505") == fires


PRINTING = "from fastapi import FastAPI\n\ndef f():\n    print('x')\n"


@pytest.mark.parametrize(
    ("rel", "text", "fires"),
    [
        ("app/main.py", PRINTING, True),
        ("tests/test_main.py", PRINTING, False),
        ("scripts/load.py", PRINTING, False),
        ("app/management/commands/load.py", PRINTING, False),
        ("app/cli.py", PRINTING, False),
        ("app/main.py", "import argparse\n" + PRINTING, False),  # a command-line module
        ("app/util.py", "def f():\n    print('x')\n", False),  # no server framework
    ],
)
def test_ba503_server_code_only(tmp_path: Path, rel: str, text: str, fires: bool) -> None:
    _write(tmp_path, {rel: text})
    assert bool(_check(tmp_path, rel, "BA503")) is fires


def test_ba901_needs_an_env_template(tmp_path: Path) -> None:
    code = "import os\nKEY = os.environ['STRIPE_KEY']\n"
    _write(tmp_path, {"app/config.py": code})
    assert _check(tmp_path, "app/config.py", "BA901") == []  # nothing documents the env at all
    _write(tmp_path, {".env.example": "DATABASE_URL=\n"})
    assert _check(tmp_path, "app/config.py", "BA901") == [(1, 17)]
    _write(tmp_path, {"app/.env.example": "STRIPE_KEY=\n"})  # a template nearer the code
    assert _check(tmp_path, "app/config.py", "BA901") == []


def test_n_plus_one_rules_leave_tests_and_migrations_alone(tmp_path: Path) -> None:
    """A test's loop builds fixtures and a migration's runs once: the same loops fire in
    application code only."""
    models = (
        "from sqlalchemy import Column, ForeignKey, Integer\n"
        "from sqlalchemy.orm import declarative_base, relationship\n"
        "Base = declarative_base()\n"
        "class User(Base):\n"
        "    __tablename__ = 'users'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    orders = relationship('Order')\n"
        "class Order(Base):\n"
        "    __tablename__ = 'orders'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    user_id = Column(Integer, ForeignKey('users.id'), index=True)\n"
    )
    loops = (
        "from sqlalchemy import select\n"
        "from app.models import User\n"
        "def fill(session, ids):\n"
        "    for i in ids:\n"
        "        session.get(User, i)\n"
        "    for user in session.scalars(select(User)):\n"
        "        print(user.orders)\n"
    )
    once = {
        "tests/test_fill.py": loops,
        "shop/migrations/0002_fill.py": loops,
        "alembic/versions/ab12_fill.py": loops,
        "server/_migrations/versions/sqlite/ab12_fill.py": loops,
    }
    _write(tmp_path, {"app/models.py": models, "app/service.py": loops, **once})
    assert _check(tmp_path, "app/service.py", "BA401") == [(4, 8)]
    assert _check(tmp_path, "app/service.py", "BA402") != []
    for rel in once:  # a test's fixtures; a migration runs once, at deploy time
        assert _check(tmp_path, rel, "BA401") == [], rel
        assert _check(tmp_path, rel, "BA402") == [], rel


def test_handler_scope_is_a_views_module_not_every_file_of_an_api_package(
    tmp_path: Path,
) -> None:
    """BA501 reads a bare ``except`` in request handling: any function of ``api.py`` or of a
    ``views/`` folder counts, a serializer under an ``api/`` package does not."""
    code = "def to_representation(value):\n    try:\n        return value()\n    except:\n        return None\n"
    _write(
        tmp_path,
        {"shop/api.py": code, "shop/views/orders.py": code, "shop/api/serializers.py": code},
    )
    assert _check(tmp_path, "shop/api.py", "BA501") == [(3, 4)]
    assert _check(tmp_path, "shop/views/orders.py", "BA501") == [(3, 4)]
    assert _check(tmp_path, "shop/api/serializers.py", "BA501") == []


def test_write_without_auth_needs_a_project_that_protects_its_endpoints(tmp_path: Path) -> None:
    """BA201's premise: one protected route among many is an exception (a pagination token
    checked with a 403, an admin page), not a project that authenticates its endpoints."""

    def app(protected: int) -> str:
        lines = [
            "from fastapi import Depends, FastAPI",
            "app = FastAPI()",
            "def get_current_user(): ...",
        ]
        for k in range(12):
            dep = ", user=Depends(get_current_user)" if k < protected else ""
            lines += [
                f"@app.get('/things/{k}')",
                f"def read_{k}(x: int{dep}) -> int:",
                "    return x",
            ]
        lines += ["@app.post('/orders')", "def create_order(x: int) -> int:", "    return x"]
        return "\n".join(lines) + "\n"

    _write(tmp_path, {"one/main.py": app(1), "three/main.py": app(3)})
    assert _check(tmp_path / "one", "main.py", "BA201") == []
    assert len(_check(tmp_path / "three", "main.py", "BA201")) == 1


def test_print_in_a_migration_is_not_server_code(tmp_path: Path) -> None:
    """A data migration reports its progress on the terminal of whoever deploys."""
    code = (
        "from django.db import models\n"
        "def forwards(apps, schema_editor):\n"
        "    print('moved rows')\n"
    )
    _write(tmp_path, {"shop/views.py": code, "shop/migrations/0003_move.py": code})
    assert _check(tmp_path, "shop/views.py", "BA503") == [(2, 4)]
    assert _check(tmp_path, "shop/migrations/0003_move.py", "BA503") == []


def test_session_in_a_migration_is_not_checked(tmp_path: Path) -> None:
    """An Alembic revision's ``Session(bind=op.get_bind())`` rides on the migration's own
    connection for one run (seen in Superset's revisions); the same code in a service fires."""
    code = (
        "from alembic import op\n"
        "from sqlalchemy.orm import Session\n"
        "def upgrade():\n"
        "    session = Session(bind=op.get_bind())\n"
        "    session.commit()\n"
    )
    _write(tmp_path, {"app/service.py": code, "app/migrations/versions/ab12_perms.py": code})
    assert _check(tmp_path, "app/service.py", "BA405") == [(3, 14)]
    assert _check(tmp_path, "app/migrations/versions/ab12_perms.py", "BA405") == []


def test_sql_names_in_a_migration_are_not_data(tmp_path: Path) -> None:
    """A migration builds DDL from the schema's own table, column and constraint names, which
    no bind parameter can carry (Airflow's and open-webui's revisions); a value, a quoted
    literal or a condition it interpolates is still data, and the same names fire in app code."""
    code = (
        "from alembic import op\n"
        "import sqlalchemy as sa\n"
        "def upgrade(table, column, name, next_id, label, condition, ids):\n"
        "    op.execute(f'ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}')\n"
        '    op.execute(sa.text(f\'UPDATE {table} SET {column} = REPLACE({column}, "-", "")\'))\n'
        "    op.execute(sa.text(f'SELECT id FROM \"{table}\"'))\n"
        "    op.execute(sa.text(f'ALTER TABLE t AUTO_INCREMENT = {next_id}'))\n"
        "    op.execute(f\"UPDATE t SET kind = 'x' WHERE kind = '{label}'\")\n"
        "    op.execute(sa.text(f'DELETE FROM xcom WHERE {condition}'))\n"
        "    op.execute(f'DELETE FROM t WHERE id IN ({ids})')\n"
    )
    _write(tmp_path, {"app/db.py": code, "app/migrations/versions/ab12_fix.py": code})
    assert [line for line, _ in _check(tmp_path, "app/db.py", "BA101")] == [3, 4, 5, 6, 7, 8, 9]
    migration = _check(tmp_path, "app/migrations/versions/ab12_fix.py", "BA101")
    assert [line for line, _ in migration] == [6, 7, 8, 9]

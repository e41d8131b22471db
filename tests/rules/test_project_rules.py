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

"""Security settings and flags read from constants of other modules (through the index)."""

from __future__ import annotations

from pathlib import Path

from backend_architect.config import Settings
from backend_architect.core.model import Finding
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine

CONFIG = """\
VERIFY = False
STRICT = True
SHARED_MODE = 0o777
"""

AUTH = """\
import os

import jwt

from app import config
from app.config import STRICT, VERIFY, SHARED_MODE

KEY = os.environ["KEY"]


def claims(token):
    return jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_signature": VERIFY})


def claims_attr(token):
    return jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_signature": config.VERIFY})


def claims_strict(token):
    return jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_signature": STRICT})


def share(path):
    os.chmod(path, SHARED_MODE)
"""


def _check(tmp_path: Path, codes: list[str]) -> list[Finding]:
    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "config.py").write_text(CONFIG)
    auth = pkg / "auth.py"
    auth.write_text(AUTH)
    index = ProjectIndex(str(tmp_path))
    index.build([str(pkg / "__init__.py"), str(pkg / "config.py"), str(auth)])
    parsed = index.parsed(str(auth))
    assert parsed is not None
    return Engine(Settings(select=codes)).check_parsed(parsed, index)


def test_verify_signature_false_in_another_module(tmp_path: Path) -> None:
    found = [
        (f.code, f.span.start.line + 1, f.span.start.column) for f in _check(tmp_path, ["BA105"])
    ]
    assert found == [("BA105", 12, 85), ("BA105", 16, 85)]


def test_a_mode_constant_of_another_module(tmp_path: Path) -> None:
    found = [(f.code, f.span.start.line + 1) for f in _check(tmp_path, ["BA125"])]
    assert found == [("BA125", 24)]

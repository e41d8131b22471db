"""A project laid out as real ones are, for the CLI tests: pyproject.toml at the top, code under
src/app/ (a FastAPI app whose API router is mounted under /api/v1 from main.py), a .gitignore,
a nested migrations/ folder, a virtualenv and build output that must never be checked, and the
installed ``backend-architect`` command to run in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# the installed command (the venv's console script), running this checkout's code
COMMAND = str(Path(sys.executable).with_name("backend-architect"))
SQL = "def find(cursor, name):\n    cursor.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n"
FILES = {
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.backend-architect]\n',
    ".gitignore": ".venv/\ngenerated/\n*.local.py\n",
    "src/app/__init__.py": "",
    "src/app/main.py": (
        "from fastapi import FastAPI\n\nfrom app.api.routes import router\n\n"
        'app = FastAPI()\napp.include_router(router, prefix="/api/v1")\n'
    ),
    "src/app/api/__init__.py": "",
    "src/app/api/routes.py": (
        "from fastapi import APIRouter\n\n"
        'router = APIRouter(prefix="/users")\n\n\n'
        '@router.post("/create", status_code=201)\n'
        "def create_user() -> dict[str, int]:\n"
        '    """Create a user."""\n'
        '    return {"id": 1}\n'
    ),
    "src/app/repo.py": SQL,
    "src/app/catalog/migrations/__init__.py": "",
    "src/app/catalog/migrations/0001_initial.py": SQL,
    "src/app/generated/client.py": SQL,  # git-ignored
    "src/app/settings.local.py": SQL,  # git-ignored by a pattern
    ".venv/lib/python3.11/site-packages/pkg/mod.py": SQL,  # ruff's default excludes
    "_build/html/conf.py": SQL,
    "scripts/seed.py": SQL,
}


def make_project(top: Path, files: dict[str, str] | None = None) -> Path:
    for rel, text in {**FILES, **(files or {})}.items():
        path = top / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return top


def settings(top: Path, toml: str) -> None:
    (top / "pyproject.toml").write_text(
        f'[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.backend-architect]\n{toml}\n'
    )


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    assert shutil.which(COMMAND), f"the installed command is missing: {COMMAND}"
    full_env = {**os.environ, "NO_COLOR": "", **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=full_env
    )

"""The command line: output shapes and exit codes (0 ok, 1 findings, 2 usage, 3 runtime)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from _support import WORKSPACES

CLI = [sys.executable, "-m", "backend_architect"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_routes_json_one_object_per_route_and_method() -> None:
    proc = run("routes", ".", "--format", "json", cwd=WORKSPACES / "lsp_app")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {(r["method"], r["path"]) for r in rows if not r["generated"]} == {
        ("GET", "/api/v1/users/{user_id}"),
        ("POST", "/api/v1/users/create"),
        ("GET", "/health"),
    }
    # FastAPI's own pages, answering HEAD too (a Starlette Route); its APIRoutes do not
    docs = {r["path"]: r["automatic"] for r in rows if r["generated"]}
    assert docs == {
        p: ["HEAD"] for p in ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")
    }
    assert {r["automatic"] == [] for r in rows if not r["generated"]} == {True}
    read_user = next(r for r in rows if r["handler"].endswith(":read_user"))
    assert read_user["handler"] == "app.routers.users:read_user"
    assert read_user["file"] == "app/routers/users.py"
    assert read_user["line"] == 10  # 1-based: the def line
    assert read_user["framework"] == "fastapi"
    assert read_user["auth"] == ["get_current_user"]


def test_routes_text() -> None:
    proc = run("routes", cwd=WORKSPACES / "lsp_app")
    assert proc.returncode == 0
    assert (
        "GET   /api/v1/users/{user_id}  app.routers.users:read_user  (app/routers/users.py:10)"
        in proc.stdout
    )
    assert "7 route(s)" in proc.stderr  # with FastAPI's /openapi.json, /docs (and redirect), /redoc


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("routes", str(tmp_path / "missing")).returncode == 2
    assert run("frobnicate").returncode == 2
    assert run().returncode == 2
    assert run("serve", "--tcp", "nonsense").returncode == 2
    (tmp_path / "pyproject.toml").write_text('[tool.backend-architect]\nselect = ["NOPE"]\n')
    bad = run("routes", str(tmp_path))
    assert bad.returncode == 2 and "NOPE" in bad.stderr


def test_version() -> None:
    proc = run("version")
    assert proc.returncode == 0 and proc.stdout.startswith("backend-architect ")


def test_check_leaves_test_files_alone_unless_asked(tmp_path: Path) -> None:
    """The same SQL built by an f-string: reported in the app, not in its test suite, unless
    ``--check-tests`` (or the check-tests setting) asks for the tests too."""
    code = "def find(cursor, name):\n    cursor.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n"
    (tmp_path / "app").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "app" / "repo.py").write_text(code)
    (tmp_path / "tests" / "test_repo.py").write_text(code)
    (tmp_path / "tests" / "broken.py").write_text("def oops(:\n")

    def files(*flags: str) -> set[tuple[str, str]]:
        proc = run("check", str(tmp_path), "--format", "json", "--no-cache", *flags)
        assert proc.returncode == 1, proc.stderr
        found = set()
        for f in json.loads(proc.stdout):
            path = Path(f["filename"])
            top = (path if path.is_absolute() else tmp_path / path).relative_to(tmp_path)
            found.add((top.parts[0], f["code"]))
        return found

    assert files() == {("app", "BA101"), ("tests", "BA001")}  # syntax errors still count
    assert files("--check-tests") == {("app", "BA101"), ("tests", "BA101"), ("tests", "BA001")}

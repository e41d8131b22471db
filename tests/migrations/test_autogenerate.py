"""``migrate --autogenerate``: Alembic's own autogenerate in a subprocess of the project's
interpreter, against a scratch SQLite database upgraded to head first, never the database the
project's env.py names (here BA_MIGRATION_URL, pointed at a file that must not appear); the
command says that it ran the project's code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from backend_architect.actions.generate_migration.autogenerate import autogenerate, interpreter

from .test_migration_cases import make_project, prove


def run(project: Path, *args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BA_MIGRATION_URL=url)
    return subprocess.run(
        [sys.executable, "-m", "backend_architect", "migrate", ".", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def test_autogenerate_writes_alembics_revision_on_a_scratch_database(tmp_path: Path) -> None:
    project = make_project("new_table_fk", tmp_path, False)
    configured = tmp_path / "the_projects.db"
    out = run(project, "--autogenerate", "-m", "posts", url=f"sqlite:///{configured}")
    assert out.returncode == 0, out.stderr
    assert "ran the project's code" in out.stderr and "scratch SQLite database" in out.stderr
    assert not configured.exists()  # the configured database was never opened
    (written,) = [
        p for p in (project / "migrations" / "versions").glob("*.py") if p.name != "0001_initial.py"
    ]
    assert f"Wrote migrations/versions/{written.name}" in out.stdout
    text = written.read_text()
    assert "op.create_table('posts'" in text and "down_revision" in text and "'0001'" in text
    # Alembic applies its own revision and the database then matches the models
    result = prove(project, f"sqlite:///{tmp_path / 'check.db'}")
    assert result["diff"] == [], text


def test_a_failing_env_is_reported_not_hidden(tmp_path: Path) -> None:
    project = make_project("new_table_fk", tmp_path, False)
    env = project / "migrations" / "env.py"
    env.write_text("raise RuntimeError('env.py refuses')\n")
    out = run(project, "--autogenerate", "-m", "x", url="sqlite:///unused.db")
    assert out.returncode == 2
    assert "ran the project's code" in out.stderr and "env.py refuses" in out.stderr
    assert sorted(p.name for p in (project / "migrations" / "versions").glob("*.py")) == [
        "0001_initial.py"
    ]


def test_timeout_and_interpreter(tmp_path: Path) -> None:
    project = make_project("new_table_fk", tmp_path, False)
    (project / "migrations" / "env.py").write_text("import time\ntime.sleep(30)\n")
    done = autogenerate(str(project), "x", None, timeout=2)
    assert done.problem is not None and "did not finish in 2 s" in done.problem
    assert interpreter(str(project), None) == sys.executable
    venv = project / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text("")
    assert interpreter(str(project), None) == str(venv / "python")
    assert interpreter(str(project), "/opt/py/bin/python") == "/opt/py/bin/python"
    missing = autogenerate(str(project), "x", "/nonexistent/python", timeout=5)
    assert missing.problem is not None and "cannot run /nonexistent/python" in missing.problem

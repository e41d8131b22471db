"""A real headless Neovim (the built-in LSP client) goes from a URL string in client code to
the handler, and finds routes with workspace/symbol."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _support import WORKSPACES, require_tool

PROBE = Path(__file__).with_name("probe_navigation.lua")
pytestmark = pytest.mark.editor


def run_probe(workspace: Path, file: Path, line: int, col: int, query: str) -> dict[str, Any]:
    nvim = require_tool("nvim")
    env = {
        "BA_SERVER": json.dumps([sys.executable, "-m", "backend_architect", "serve"]),
        "BA_ROOT": str(workspace),
        "BA_LINE": str(line),
        "BA_COL": str(col),
        "BA_QUERY": query,
        "HOME": str(workspace.parent),  # no user config, no shada in the real home
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"edit {file}", "-c", f"luafile {PROBE}"],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=workspace,
        env=env,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"no output from nvim (exit {proc.returncode}): {proc.stdout}\n{proc.stderr}"
    out: dict[str, Any] = json.loads(lines[-1])
    return out


def test_neovim_definition_from_url_and_workspace_symbol(tmp_path: Path) -> None:
    workspace = tmp_path / "nav_app"
    shutil.copytree(WORKSPACES / "nav_app", workspace)
    calls = workspace / "clients" / "calls.py"
    users = workspace / "app" / "routers" / "users.py"
    text = calls.read_text().splitlines()
    line = next(i for i, t in enumerate(text) if '"/api/v1/users/1"' in t)
    out = run_probe(workspace, calls, line, text[line].index("/api/v1/users/1") + 4, "POST users")

    user_lines = users.read_text().splitlines()
    handler = next(i for i, t in enumerate(user_lines) if "def read_user" in t)
    assert out["definition"] == [
        {"uri": users.as_uri(), "line": handler, "col": user_lines[handler].index("read_user")}
    ]

    create = next(i for i, t in enumerate(user_lines) if "def create_user" in t)
    assert out["symbols"] == [
        {
            "name": "POST /api/v1/users/create",
            "kind": 12,  # Function
            "container": "app.routers.users:create_user",
            "uri": users.as_uri(),
            "line": create,
        }
    ]

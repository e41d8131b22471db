"""A real headless Neovim (the built-in LSP client) sees the diagnostics and the route card."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _support import WORKSPACES, require_tool

PROBE = Path(__file__).with_name("probe.lua")
pytestmark = pytest.mark.editor


def run_probe(workspace: Path, file: Path, line: int, col: int) -> dict:
    nvim = require_tool("nvim")
    env = {
        "BA_SERVER": json.dumps([sys.executable, "-m", "backend_architect", "serve"]),
        "BA_ROOT": str(workspace),
        "BA_HOVER_LINE": str(line),
        "BA_HOVER_COL": str(col),
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
    return json.loads(lines[-1])


def test_neovim_sees_diagnostic_route_card_and_lenses(tmp_path: Path) -> None:
    workspace = tmp_path / "lsp_app"
    shutil.copytree(WORKSPACES / "lsp_app", workspace)
    users = workspace / "app" / "routers" / "users.py"
    text = users.read_text().splitlines()
    line = next(i for i, t in enumerate(text) if "def read_user" in t)
    out = run_probe(workspace, users, line, text[line].index("read_user") + 2)

    ba301 = [d for d in out["diagnostics"] if d["code"] == "BA301"]
    assert len(ba301) == 1, out["diagnostics"]
    create_line = next(i for i, t in enumerate(text) if '"/create"' in t)
    assert ba301[0]["lnum"] == create_line
    assert ba301[0]["col"] == text[create_line].index('"/create"') + 2
    assert ba301[0]["source"] == "backend-architect"

    assert out["hover"] is not None
    assert "`GET /api/v1/users/{user_id}`" in out["hover"]
    assert "get_current_user" in out["hover"]
    routes = sorted(t for t in out["lenses"] if t.startswith(("GET", "POST")))
    assert routes == ["GET /api/v1/users/{user_id}", "POST /api/v1/users/create"]

"""A real headless Neovim (the built-in LSP client) sees the diagnostics and the route card."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _support import WORKSPACES, Neovim, run_nvim

PROBE = Path(__file__).with_name("probe.lua")
pytestmark = pytest.mark.editor


def test_neovim_sees_diagnostic_route_card_and_lenses(tmp_path: Path, neovim: Neovim) -> None:
    workspace = tmp_path / "lsp_app"
    shutil.copytree(WORKSPACES / "lsp_app", workspace)
    users = workspace / "app" / "routers" / "users.py"
    text = users.read_text().splitlines()
    line = next(i for i, t in enumerate(text) if "def read_user" in t)
    col = text[line].index("read_user") + 2
    out = run_nvim(
        PROBE,
        workspace,
        users,
        {"BA_HOVER_LINE": str(line), "BA_HOVER_COL": str(col)},
        nvim=neovim.path,
    )

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

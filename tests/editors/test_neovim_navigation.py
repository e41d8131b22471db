"""A real headless Neovim (the built-in LSP client) goes from a URL string in client code to
the handler, and finds routes with workspace/symbol."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _support import WORKSPACES, Neovim, run_nvim

PROBE = Path(__file__).with_name("probe_navigation.lua")
pytestmark = pytest.mark.editor


def test_neovim_definition_from_url_and_workspace_symbol(tmp_path: Path, neovim: Neovim) -> None:
    workspace = tmp_path / "nav_app"
    shutil.copytree(WORKSPACES / "nav_app", workspace)
    calls = workspace / "clients" / "calls.py"
    users = workspace / "app" / "routers" / "users.py"
    text = calls.read_text().splitlines()
    line = next(i for i, t in enumerate(text) if '"/api/v1/users/1"' in t)
    col = text[line].index("/api/v1/users/1") + 4
    out = run_nvim(
        PROBE,
        workspace,
        calls,
        {"BA_LINE": str(line), "BA_COL": str(col), "BA_QUERY": "POST users"},
        nvim=neovim.path,
    )

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

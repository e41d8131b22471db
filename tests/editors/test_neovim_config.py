"""Neovim configured as the docs say starts the server by itself: the README's exact
`vim.lsp.config` snippet (read out of the README, on 0.11), the `lsp/backend_architect.lua`
shipped in editors/neovim (0.11's runtime path) and docs/editors.md's 0.7 set-up (on both); in
each, `:BackendArchitectRoutes` (editors/neovim/plugin) fills the quickfix list from
`backendArchitect/routes`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from _support import REPO, Neovim, run_nvim, server_on_path, write_tree
from backend_architect.workspace import Workspace

PROBE = Path(__file__).with_name("neovim") / "config.lua"
RUNTIME = REPO / "editors" / "neovim"
pytestmark = pytest.mark.editor

APP = {
    "pyproject.toml": "",
    "app.py": """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/items/create")
        def create_item():
            try:
                return {"ok": True}
            except Exception:
                pass
        """,
}


def readme_snippet() -> str:
    """The README's Neovim 0.11 configuration, as a user copies it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```lua\n(.*?)```", readme, re.S)
    [snippet] = [b for b in blocks if 'vim.lsp.config("backend_architect"' in b]
    return snippet


def run(
    tmp_path: Path, neovim: Neovim, setup: str, env: dict[str, str], ignore: list[str]
) -> tuple[dict[str, Any], Path]:
    """Neovim set up by ``setup`` on a copy of APP; it waits for the diagnostics the index
    gives with ``ignore`` (the set-up's settings)."""
    workspace = tmp_path / "app"
    write_tree(workspace, APP)
    app = workspace / "app.py"
    line = app.read_text().splitlines().index("def create_item():")
    out = run_nvim(
        PROBE,
        workspace,
        None,
        {
            "BA_SETUP": setup,
            "BA_FILE": str(app),
            "BA_WAIT_CODES": ",".join(expected_codes(workspace, ignore)),
            "BA_LINE": str(line),
            "BA_COL": "6",
            "PATH": server_on_path(tmp_path),
            **env,
        },
        nvim=neovim.path,
        args=["--cmd", f"set runtimepath^={RUNTIME}"],
        timeout=120,
    )
    assert out["errors"] == [], out
    return out, workspace


def expected_codes(workspace: Path, ignore: list[str]) -> list[str]:
    ws = Workspace(str(workspace))
    ws.build()
    codes = [f.code for f in ws.diagnose(str(workspace / "app.py"))]
    assert any(c.startswith("BA5") for c in codes), codes  # so `ignore` has something to drop
    return sorted(c for c in codes if not c.startswith(tuple(ignore)))


def assert_codes(out: dict[str, Any], workspace: Path, ignore: list[str], neovim: Neovim) -> None:
    """The diagnostics Neovim shows are the index's under the set-up's settings."""
    shown = sorted(d["code"] for d in out["diagnostics"])
    assert shown == expected_codes(workspace, ignore)


def assert_quickfix(
    out: dict[str, Any], workspace: Path, settings: dict[str, Any] | None = None
) -> None:
    """The quickfix list holds every route the index has (with the client's settings)."""
    ws = Workspace(str(workspace))
    ws.configure_from(settings, None)
    ws.build()
    entries = ws.route_list()
    assert entries
    assert out["qf_title"] == "backend-architect routes"
    assert out["quickfix"] == [
        {
            "file": e.file,
            "lnum": e.span.start.line + 1,
            "col": e.span.start.column + 1,
            "text": f"{e.method} {e.path}  [{' > '.join(e.group)}]  "
            f"{'auth: ' + ', '.join(e.auth) if e.auth else 'no auth'} · "
            f"{e.findings} finding{'' if e.findings == 1 else 's'}",
        }
        for e in entries
    ]


def test_the_readme_snippet_starts_the_server_on_neovim_0_11(
    tmp_path: Path, neovim_0_11: Neovim
) -> None:
    neovim = neovim_0_11
    snippet = tmp_path / "readme.lua"
    snippet.write_text(readme_snippet())
    settings = re.search(r"ignore = \{ (.*?) \}", readme_snippet())
    assert settings is not None
    ignore = re.findall(r'"(\w+)"', settings.group(1))
    out, workspace = run(tmp_path, neovim, "readme", {"BA_SNIPPET": str(snippet)}, ignore)
    assert [c["name"] for c in out["clients"]] == ["backend_architect"], out
    assert out["clients"][0]["root"] == str(workspace)  # found by root_markers
    # Neovim hands the server the snippet's settings when it asks for them
    assert out["configuration"] == [{"ignore": ignore}], out["configuration"]
    assert "`GET /items/create`" in out["hover"]
    assert_quickfix(out, workspace, {"ignore": ignore})  # the route's findings without BA5
    assert_codes(out, workspace, ignore, neovim)


def docs_snippet(section: str) -> str:
    """The first Lua block under ``## {section}`` in docs/editors.md."""
    docs = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    body = docs.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```lua\n(.*?)```", body, re.S)
    assert match is not None, section
    return match.group(1)


def test_the_shipped_lsp_file_starts_the_server_on_neovim_0_11(
    tmp_path: Path, neovim_0_11: Neovim
) -> None:
    """editors/neovim on 'runtimepath' and vim.lsp.enable() is all it takes."""
    neovim = neovim_0_11
    out, workspace = run(tmp_path, neovim, "runtime", {}, [])
    assert [c["name"] for c in out["clients"]] == ["backend_architect"], out
    assert sorted(d["code"] for d in out["diagnostics"]) == expected_codes(workspace, [])
    assert "`GET /items/create`" in out["hover"]
    assert_quickfix(out, workspace)


def test_the_docs_neovim_0_7_snippet_starts_the_server(tmp_path: Path, neovim: Neovim) -> None:
    """docs/editors.md's start_client set-up (0.7 has no vim.lsp.config; it works on 0.11 too),
    its init_options applied; :BackendArchitectRoutes works with it."""
    snippet = tmp_path / "docs.lua"
    snippet.write_text(docs_snippet("Neovim 0.7"))
    out, workspace = run(tmp_path, neovim, "docs", {"BA_SNIPPET": str(snippet)}, ["BA5"])
    assert [c["name"] for c in out["clients"]] == ["backend-architect"], out
    assert "`GET /items/create`" in out["hover"]
    assert_quickfix(out, workspace, {"ignore": ["BA5"]})
    assert_codes(out, workspace, ["BA5"], neovim)

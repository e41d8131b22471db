"""A real Emacs (Debian's emacs-nox with elpa-eglot, in batch mode) set up with the README's
eglot snippet: eglot starts the server, Flymake shows its diagnostics at their columns and the
hover is the route card."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _support import REPO, WORKSPACES, require_tool, server_on_path
from backend_architect.workspace import Workspace

PROBE = Path(__file__).with_name("emacs") / "eglot-probe.el"
pytestmark = pytest.mark.editor


def readme_snippet() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [snippet] = [b for b in re.findall(r"```elisp\n(.*?)```", readme, re.S) if "eglot" in b]
    return snippet


def test_eglot_shows_diagnostics_and_the_route_card(tmp_path: Path) -> None:
    emacs = require_tool("emacs")
    workspace = tmp_path / "lsp_app"
    shutil.copytree(WORKSPACES / "lsp_app", workspace)
    # a project as project.el finds one (a VC root): else eglot roots the server at the file's
    # folder, where the app that mounts the router is out of sight
    subprocess.run([require_tool("git"), "init", "-q", str(workspace)], check=True)
    users = workspace / "app" / "routers" / "users.py"
    lines = users.read_text().splitlines()
    line = next(i for i, t in enumerate(lines) if "def read_user" in t)
    col = lines[line].index("read_user") + 2
    snippet = tmp_path / "init.el"
    snippet.write_text(readme_snippet())
    env = {
        "HOME": str(tmp_path),
        "PATH": server_on_path(tmp_path),
        "BA_SNIPPET": str(snippet),
        "BA_FILE": str(users),
        "BA_WAIT": "/api/v1/",
        "BA_LINE": str(line),
        "BA_COL": str(col),
        "BA_EVENTS": str(tmp_path / "eglot-events.log"),  # the protocol, to read on failure
        # the server of the checkout under test
        **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
    }
    proc = subprocess.run(
        [emacs, "--batch", "--no-init-file", "-l", str(PROBE)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert found, f"no output from emacs ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}"
    out = json.loads(found[-1])

    assert out["server"] == "backend-architect serve", out  # the README's command
    index = Workspace(str(workspace))
    index.build()
    expected = sorted(
        (f"backend-architect [{f.code}]: {f.message}", f.span.start.line, f.span.start.column)
        for f in index.diagnose(str(users))
    )
    assert expected and any("BA301" in e[0] for e in expected)
    assert sorted((d["text"], d["line"], d["col"]) for d in out["diagnostics"]) == expected, out
    assert "`GET /api/v1/users/{user_id}`" in out["hover"], out["hover"]
    assert "get_current_user" in out["hover"]

"""A real headless Neovim runs the actions: the agent actions among the code actions, "Review
endpoint" against the scripted Anthropic API (findings as diagnostics, the report offered through
the showMessage fallback: Neovim 0.7 has no showDocument), and quick fixes applied to the buffer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from _support import REPO, Neovim, run_nvim
from agent.fake_api import FakeAnthropic, Reply
from backend_architect.core.model import Finding
from backend_architect.workspace import Workspace

SCRIPT = Path(__file__).with_name("neovim") / "actions.lua"
ITEMS = Path("app/api/v1/endpoints/items.py")
SHIPPING = Path("app/services/shipping.py")
KEY = "sk-ant-nvim-e2e-0123456789"
pytestmark = pytest.mark.editor


def apply_fix(text: str, finding: Finding) -> list[str]:
    """The core's own edits applied to ``text``: what the editor must end up with."""
    assert finding.fix is not None
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    for edit in sorted(finding.fix.edits, key=lambda e: e.span.start, reverse=True):
        a = starts[edit.span.start.line] + edit.span.start.column
        b = starts[edit.span.end.line] + edit.span.end.column
        text = text[:a] + edit.text + text[b:]
        lines = text.splitlines(keepends=True)
        starts = [0]
        for ln in lines:
            starts.append(starts[-1] + len(ln))
    return text.splitlines()


@pytest.fixture
def fake_api() -> Any:
    api = FakeAnthropic().start()
    yield api
    api.stop()


def test_neovim_code_actions_review_and_quick_fixes(
    tmp_path: Path, fake_api: FakeAnthropic, neovim: Neovim
) -> None:
    workspace = tmp_path / "fastapi_shop"
    shutil.copytree(REPO / "examples" / "fastapi_shop", workspace)
    index = Workspace(str(workspace))
    index.build()
    route = next(
        r
        for r in index.index.routes_in(str(workspace / ITEMS))
        if r.handler.endswith(":list_items")
    )
    items = (workspace / ITEMS).read_text().splitlines()
    line = next(i for i, t in enumerate(items) if 'text(f"SELECT' in t)
    snippet = items[line].strip()
    replacement = 'text("SELECT id FROM items WHERE title LIKE :pattern ORDER BY id LIMIT :limit")'
    message = "The search term is pasted into the SQL text: bind it as a parameter"
    fake_api.then(
        Reply(
            tool_input={
                "findings": [
                    {
                        "severity": "high",
                        "category": "security",
                        "message": message,
                        "snippet": snippet,
                        "replacement": replacement,
                    }
                ],
                "report": "One injection risk in the search query.",
            }
        )
    )
    shipping_text = (workspace / SHIPPING).read_text()
    rule_fix = next(f for f in index.diagnose(str(workspace / SHIPPING)) if f.fix is not None)

    init = {"anthropicBaseUrl": fake_api.url, "cacheDir": str(tmp_path / "cache"), "maxRetries": 0}
    env = {
        "BA_INIT": json.dumps(init),
        "BA_LINE": str(route.span.start.line),
        "BA_COL": str(route.span.start.column + 1),
        "BA_FIX_FILE": str(workspace / SHIPPING),
        "BA_FIX_CODE": rule_fix.code,
        "ANTHROPIC_API_KEY": KEY,  # the server inherits Neovim's environment
    }
    out = run_nvim(SCRIPT, workspace, workspace / ITEMS, env, timeout=150, nvim=neovim.path)
    log = tmp_path / ".cache" / "nvim" / "lsp.log"  # the server's stderr, via Neovim's LSP log
    assert out["errors"] == [], (out["errors"], log.read_text()[-4000:] if log.exists() else "")

    # the file's own findings arrived first
    assert any(d["code"] == "BA101" for d in out["diagnostics_before"]), out

    # the agent action is among the code actions on the handler, as a command
    review = [a for a in out["actions"] if a["kind"] == "refactor.backend-architect.review"]
    assert [a["title"] for a in review] == [f"Review endpoint {route.label}"], out["actions"]

    # executing it: one request to the API with the key, the findings as diagnostics
    assert len(fake_api.requests) == 1
    headers = {k.lower(): v for k, v in fake_api.requests[0].headers.items()}
    assert KEY in (
        headers.get("x-api-key"),
        headers.get("authorization", "").removeprefix("Bearer "),
    )
    agent = [
        d for d in out["diagnostics_after_review"] if d["source"] == "backend-architect (agent)"
    ]
    col = items[line].index(snippet)
    assert [(d["message"], d["lnum"], d["col"], d["end_col"]) for d in agent] == [
        (message, line, col, col + len(snippet))
    ], out["diagnostics_after_review"]

    # the report: shown with window/showDocument from 0.8 on; Neovim 0.7 has none, so a
    # message names the report file instead
    assert out["review"]["agent"], out["review"]
    report = Path(out["review"]["report"])
    if neovim.version >= (0, 8):
        assert out["shown"] == [report.as_uri()], out
    else:
        named = [m for m in out["messages"] if f"Report: {report}" in m]
        assert named and out["shown"] == [], out
    text = report.read_text()
    assert f"# Review of `{route.label}`" in text and message in text

    # the agent's quick fix and a rule's quick fix, applied by Neovim to its buffers
    assert out["agent_fix"], out
    assert out["handler_lines"][line] == items[line].replace(snippet, replacement)
    assert out["rule_fix"].endswith(rule_fix.fix.title), out["rule_fix"]  # type: ignore[union-attr]
    assert out["fix_lines"] == apply_fix(shipping_text, rule_fix)
    assert out["fix_lines"] != shipping_text.splitlines()

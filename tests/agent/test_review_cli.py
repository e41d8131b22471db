"""``backend-architect review FILE:LINE`` end to end: a subprocess, the real SDK, the fake API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import CODE_SECRET, SQL_SNIPPET, good_input
from .fake_api import FakeAnthropic, Reply


def cli(root: Path, *args: str, key: str | None, url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTHROPIC_BASE_URL=url)
    env.pop("ANTHROPIC_API_KEY", None)
    if key:
        env["ANTHROPIC_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "backend_architect", "review", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_static_review_without_key(review_ws: Path, fake_api: FakeAnthropic) -> None:
    out = cli(review_ws, "app/routers/orders.py:13", key=None, url=fake_api.url)
    assert out.returncode == 0, out.stderr
    assert "needs an Anthropic API key" in out.stdout and "BA101" in out.stdout
    assert not fake_api.requests


def test_agent_review_json(review_ws: Path, fake_api: FakeAnthropic) -> None:
    fake_api.then(Reply(tool_input=good_input()))
    out = cli(review_ws, "app/routers/orders.py:15", "--format", "json", key="k", url=fake_api.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["route"] == "GET /api/v1/orders/{order_id}"
    assert data["findings"][0]["snippet"] == SQL_SNIPPET and data["findings"][0]["line"] == 18
    assert CODE_SECRET in data["findings"][1]["snippet"]  # anchored in the real text
    assert data["model"].startswith("claude-")


def test_exit_codes(review_ws: Path, fake_api: FakeAnthropic) -> None:
    fake_api.then(Reply(status=401))
    failed = cli(review_ws, "app/routers/orders.py:13", key="bad", url=fake_api.url)
    assert failed.returncode == 3 and "401" in failed.stderr and "bad" not in failed.stderr
    assert failed.stdout == ""
    assert cli(review_ws, "app/routers/orders.py", key=None, url=fake_api.url).returncode == 2
    assert cli(review_ws, "app/routers/orders.py:2", key=None, url=fake_api.url).returncode == 2
    assert cli(review_ws, "nope.py:3", key=None, url=fake_api.url).returncode == 2

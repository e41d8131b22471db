"""Fixtures for the agent tests: the scripted Messages API on 127.0.0.1, a private copy of the
review workspace, and the scripted replies (good and flawed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _support import WORKSPACES

from .fake_api import FakeAnthropic

CODE_SECRET = "plantedcodesecret-9f8e7d6c"  # hard-coded in the handler
ENV_SECRET = "env-only-value-77aa"  # from .env, also written in the handler
CLAUDE_MARKER = "CLAUDE-RULES-7731"
SQL_SNIPPET = 'conn.execute("SELECT id, total FROM orders WHERE id = " + str(order_id))'
SQL_FIX = 'conn.execute("SELECT id, total FROM orders WHERE id = ?", (order_id,))'


@pytest.fixture
def fake_api() -> Iterator[FakeAnthropic]:
    server = FakeAnthropic().start()
    yield server
    server.stop()


@pytest.fixture
def review_ws(tmp_path: Path) -> Path:
    dest = tmp_path / "review_app"
    shutil.copytree(WORKSPACES / "review_app", dest)
    return dest


@pytest.fixture(autouse=True)
def no_real_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may reach the real API or share a result cache with another test."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")  # discard port: fails fast
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def good_findings() -> list[dict[str, Any]]:
    return [
        {
            "severity": "critical",
            "category": "security",
            "message": "SQL built by string concatenation: pass order_id as a parameter.",
            "snippet": SQL_SNIPPET,
            "replacement": SQL_FIX,
        },
        {
            "severity": "high",
            "category": "security",
            "message": "A hard-coded API key; read it from the environment.",
            # what the agent saw: the redacted placeholder, not the value
            "snippet": 'api_key = "[REDACTED secret 1]"',
            "replacement": 'api_key = os.environ["ORDERS_API_KEY"]',
        },
        {
            "severity": "medium",
            "category": "documentation",
            "message": "The docstring does not say what 404 means for the client.",
            "snippet": '"""Return one order."""',
        },
    ]


def good_report() -> str:
    return (
        "## Overview\nThe endpoint returns one order by id.\n\n"
        "## Implementation\nUse a bound parameter and a repository function.\n\n"
        "## Testing\n`curl -H 'Authorization: Bearer TOKEN' localhost:8000/api/v1/orders/1`\n"
    )


def good_input(extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"findings": good_findings() + (extra or []), "report": good_report()}

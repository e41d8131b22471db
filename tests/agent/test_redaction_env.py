"""Every form of a `.env` value that python-dotenv reads is redacted before the request leaves:
checked on what the scripted Messages API receives, not on the redactor alone."""

from __future__ import annotations

import json
from pathlib import Path

from backend_architect.actions.review import review
from backend_architect.agents.redact import read_env_values
from backend_architect.config import Settings
from backend_architect.core.model import Position
from backend_architect.workspace import Workspace

from .conftest import good_input
from .fake_api import FakeAnthropic, Reply

# each form, and the values the application would see (and code may therefore hold)
ENV_FILE = """\
# the first line is the one seen leaking: a quoted value with a comment after it
API_TOKEN="s3cr3t-value-1" # prod token
export EXPORTED_KEY=exported-value-2
PLAIN=plain-value-3 # a trailing comment
SINGLE='single-quoted-4'
MULTI="first-line-value-5
second-line-value-6"
BASE=base-host-value-7
URL="https://${BASE}/v1"
ESCAPED="tab\\tinside-8"
EMPTY=
BARE_NAME
DEBUG=true
PORT=8000
"""
SECRETS = [
    "s3cr3t-value-1",
    "exported-value-2",
    "plain-value-3",
    "single-quoted-4",
    "second-line-value-6",  # the second line of a multi-line value, on its own
    "first-line-value-5",
    "base-host-value-7",
    "https://base-host-value-7/v1",  # ${BASE} expanded
    "tab\tinside-8",
]


def test_env_values_read_as_dotenv_reads_them(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(ENV_FILE)
    values = read_env_values(tmp_path)
    for secret in SECRETS:
        assert secret in values
    assert '"s3cr3t-value-1"' not in values  # quotes are not part of the value
    assert not any(v in {"true", "8000", ""} for v in values)  # nothing that blanks out code


async def test_no_env_value_reaches_the_api(fake_api: FakeAnthropic, review_ws: Path) -> None:
    (review_ws / ".env").write_text(ENV_FILE)
    handler = review_ws / "app/routers/orders.py"
    lines = handler.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if '"""Return one order."""' in line) + 1
    held = "".join(f"    value_{n} = {s!r}\n" for n, s in enumerate(SECRETS))
    handler.write_text("".join([*lines[:at], held, *lines[at:]]))
    fake_api.then(Reply(tool_input=good_input()))
    settings = Settings(
        anthropic_base_url=fake_api.url,
        anthropic_api_key="test-key",
        timeout=5.0,
        max_retries=0,
        cache_dir=str(review_ws.parent / "ba-cache"),
    )
    ws = Workspace(str(review_ws), settings)
    ws.build()
    await review(ws, str(handler), Position(12, 4))
    assert len(fake_api.requests) == 1
    sent = json.dumps(fake_api.requests[0].body, ensure_ascii=False)
    assert "value_0 = " in sent  # the lines holding them were sent
    for secret in SECRETS:
        assert secret not in sent and repr(secret)[1:-1] not in sent, secret
    assert "[REDACTED env-value" in sent

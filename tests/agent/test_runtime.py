"""The agent runtime against the scripted Messages API: what is sent, what comes back, and every
failure a user meets (each must raise a clear AgentError and apply nothing)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from backend_architect.actions.anchoring import anchor
from backend_architect.actions.review import review
from backend_architect.agents.client import AgentConfigError, AgentError
from backend_architect.agents.models import DEFAULT_MODELS, ModelError, resolve_model
from backend_architect.agents.redact import Redactor, read_env_values
from backend_architect.config import Settings
from backend_architect.core.model import Position, Span
from backend_architect.workspace import Workspace

from .conftest import (
    CLAUDE_MARKER,
    CODE_SECRET,
    ENV_SECRET,
    SQL_FIX,
    SQL_SNIPPET,
    good_input,
)
from .fake_api import FakeAnthropic, Reply

HANDLER_LINE = 12  # 0-based line of ``def read_order``


def make_ws(root: Path, url: str, **extra: object) -> Workspace:
    settings = Settings(
        anthropic_base_url=url,
        anthropic_api_key="test-key",
        timeout=5.0,
        max_retries=2,
        cache_dir=str(root.parent / "ba-cache"),
    )
    for k, v in extra.items():
        setattr(settings, k, v)
    ws = Workspace(str(root), settings)
    ws.build()
    return ws


async def run(ws: Workspace, **kw: object):
    path = str(Path(ws.root) / "app/routers/orders.py")
    return await review(ws, path, Position(HANDLER_LINE, 4), **kw)  # type: ignore[arg-type]


# --- what is sent ---------------------------------------------------------------------------


async def test_request_carries_agent_prompt_model_cache_control_and_no_secret(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    fake_api.then(Reply(tool_input=good_input()))
    ws = make_ws(review_ws, fake_api.url)
    result = await run(ws)
    assert len(fake_api.requests) == 1
    sent = fake_api.requests[0]
    body = sent.body
    assert sent.path == "/v1/messages" and body["stream"] is True
    # the key travels only in its header (this SDK sends it as a bearer token)
    assert "test-key" in (sent.headers.get("x-api-key", "") + sent.headers.get("authorization", ""))
    agent = (Path(__file__).parents[2] / "agents" / "backend-architect.md").read_text()
    assert body["system"][0]["text"] == agent.split("\n---\n", 1)[1].strip()
    assert body["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert body["model"] == DEFAULT_MODELS["sonnet"] and body["model"].startswith("claude-")
    stable, focus = body["messages"][0]["content"]
    assert stable["cache_control"] == {"type": "ephemeral"} and "cache_control" not in focus
    assert CLAUDE_MARKER in stable["text"]  # the project's CLAUDE.md
    assert "def read_order" in focus["text"] and "class OrderOut" in focus["text"]
    assert "def get_current_user" in focus["text"]  # its auth dependency, from another file
    assert "BA101" in focus["text"]  # the checklist finding in its range
    assert "never an instruction" in focus["text"]
    assert body["tool_choice"] == {"type": "tool", "name": "report_review"}
    everything = json.dumps(body)
    assert CODE_SECRET not in everything and ENV_SECRET not in everything
    assert "[REDACTED secret 1]" in everything and "[REDACTED env-value 1]" in everything
    assert result.agent == "backend-architect" and result.model == body["model"]


async def test_good_reply_anchored_in_the_handler_with_placeholders_restored(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    fake_api.then(Reply(tool_input=good_input()))
    result = await run(make_ws(review_ws, fake_api.url))
    assert [f.category for f in result.findings] == ["security", "security", "documentation"]
    sql, key, doc = result.findings
    text = (review_ws / "app/routers/orders.py").read_text().splitlines()
    assert sql.snippet == SQL_SNIPPET and sql.replacement == SQL_FIX
    assert text[sql.span.start.line][sql.span.start.column :].startswith("conn.execute(")
    # the agent quoted the placeholder; the anchor found the real line and the value
    assert key.snippet == f'api_key = "{CODE_SECRET}"'
    assert key.span.start.line == 14 and key.replacement == 'api_key = os.environ["ORDERS_API_KEY"]'
    assert doc.replacement is None and not result.dropped
    findings = result.agent_findings
    assert all(f.source == "backend-architect (agent)" for f in findings)
    assert findings[0].fix is not None and findings[2].fix is None
    assert "## Agent report" in result.report and "## Overview" in result.report


async def test_flawed_snippets_are_dropped_with_a_note(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    flawed = [
        {
            "severity": "low",
            "category": "x",
            "message": "Invented code",
            "snippet": "eval(request.body)",
        },
        {
            "severity": "low",
            "category": "x",
            "message": "From the other handler",
            "snippet": 'conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))',
        },
    ]
    fake_api.then(Reply(tool_input=good_input(flawed)))
    result = await run(make_ws(review_ws, fake_api.url))
    assert len(result.findings) == 3
    assert len(result.dropped) == 2
    assert "not in the file" in result.dropped[0]
    assert "outside the reviewed handler" in result.dropped[1]
    assert "### Not applied" in result.report and "Invented code" in result.report


def test_anchor_refuses_other_functions_and_missing_code() -> None:
    text = "def a():\n    x = 1\n\ndef b():\n    x = 1\n    y = 2\n"
    b = Span(Position(3, 0), Position(5, 9))
    assert anchor("x = 1", text, b) == Span(Position(4, 4), Position(4, 9))
    assert anchor("y  =  2", text, b) == Span(Position(5, 4), Position(5, 9))  # whitespace
    a = Span(Position(0, 0), Position(1, 9))
    assert anchor("y = 2", text, a) == "its code is outside the reviewed handler"
    assert anchor("z = 3", text, a) == "its code is not in the file as it is now"


async def test_json_reply_without_streaming_too(fake_api: FakeAnthropic) -> None:
    """The fake speaks both shapes; the SDK parses the JSON one into the same tool call."""
    import anthropic

    fake_api.then(Reply(tool_input={"findings": [], "report": "ok"}))
    client = anthropic.AsyncAnthropic(api_key="k", base_url=fake_api.url)
    msg = await client.messages.create(
        model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )
    assert msg.content[0].type == "tool_use" and msg.content[0].input == {
        "findings": [],
        "report": "ok",
    }


async def test_result_cache_answers_the_same_context_without_a_call(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    fake_api.then(Reply(tool_input=good_input()))
    ws = make_ws(review_ws, fake_api.url)
    first = await run(ws)
    second = await run(ws)
    assert len(fake_api.requests) == 1 and not first.cached and second.cached
    assert [f.span for f in second.findings] == [f.span for f in first.findings]
    # a change to the handler is a new context: a new call
    path = review_ws / "app/routers/orders.py"
    path.write_text(path.read_text().replace("Return one order.", "Return one order by id."))
    ws.index.update(str(path))
    fake_api.then(Reply(tool_input=good_input()))
    third = await run(ws)
    assert len(fake_api.requests) == 2 and not third.cached


# --- failures: a clear error, nothing applied, nothing cached ---------------------------------


@pytest.mark.parametrize(
    ("replies", "kind", "words", "calls"),
    [
        ([Reply(status=401)], "auth", "refused the API key (401)", 1),
        ([Reply(status=429, headers={"retry-after": "0.05"})] * 3, "rate_limit", "429", 3),
        ([Reply(status=500)] * 3, "server", "server error (500)", 3),
        ([Reply(status=529)] * 3, "overloaded", "overloaded (529)", 3),
        ([Reply(tool_input=good_input(), cut_after_events=6)], "dropped", "", 1),
        ([Reply(text="Here is my review: looks fine.")], "no_tool", "plain text", 1),
        (
            [
                Reply(
                    tool_input={"findings": [{"severity": "urgent", "message": "m"}], "report": "r"}
                )
            ],
            "malformed",
            "does not match",
            1,
        ),
    ],
    ids=["401", "429", "500", "529", "dropped-stream", "plain-text", "malformed"],
)
async def test_failures_are_clear_and_apply_nothing(
    fake_api: FakeAnthropic,
    review_ws: Path,
    replies: list[Reply],
    kind: str,
    words: str,
    calls: int,
) -> None:
    fake_api.then(*replies)
    ws = make_ws(review_ws, fake_api.url)
    with pytest.raises(AgentError) as err:
        await run(ws)
    assert err.value.kind in ({kind, "connection"} if kind == "dropped" else {kind})
    assert words in err.value.message and "test-key" not in err.value.message
    assert len(fake_api.requests) == calls  # the SDK's retries, and no more
    assert not ws.agent_findings(str(review_ws / "app/routers/orders.py"), "")
    assert not list((review_ws.parent / "ba-cache").rglob("*.json"))


async def test_429_then_success_uses_the_sdk_retry(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    fake_api.then(
        Reply(status=429, headers={"retry-after": "0.05"}), Reply(tool_input=good_input())
    )
    result = await run(make_ws(review_ws, fake_api.url))
    assert len(fake_api.requests) == 2 and len(result.findings) == 3


@pytest.mark.parametrize("header", ["retry-after", "retry-after-ms"])
async def test_429_asking_for_a_wait_past_the_timeout_is_not_retried(
    fake_api: FakeAnthropic, review_ws: Path, header: str
) -> None:
    """The SDK honours any retry-after: 100,000 s left the review pending for a day. A wait
    longer than the timeout setting is not waited for, and the message says why."""
    wait = "100000" if header == "retry-after" else "100000000"
    fake_api.then(Reply(status=429, headers={header: wait}), Reply(tool_input=good_input()))
    ws = make_ws(review_ws, fake_api.url, timeout=5.0)
    with pytest.raises(AgentError) as err:
        await asyncio.wait_for(run(ws), 15)  # before: still waiting after 15 s
    assert err.value.kind == "rate_limit" and len(fake_api.requests) == 1
    assert "100,000 s" in err.value.message and "timeout setting (5 s)" in err.value.message


async def test_a_short_retry_after_within_the_timeout_is_still_honoured(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    fake_api.then(Reply(status=529, headers={"retry-after": "0.2"}), Reply(tool_input=good_input()))
    result = await run(make_ws(review_ws, fake_api.url, timeout=5.0))
    assert len(fake_api.requests) == 2 and len(result.findings) == 3


async def test_timeout(fake_api: FakeAnthropic, review_ws: Path) -> None:
    fake_api.then(Reply(tool_input=good_input(), delay=3))
    ws = make_ws(review_ws, fake_api.url, timeout=0.5, max_retries=0)
    with pytest.raises(AgentError) as err:
        await run(ws)
    assert err.value.kind == "timeout" and "0.5 s" in err.value.message


async def test_no_key_gives_the_static_review(fake_api: FakeAnthropic, review_ws: Path) -> None:
    ws = make_ws(review_ws, fake_api.url, anthropic_api_key=None)
    result = await run(ws)
    assert result.needs_key and result.agent is None and not fake_api.requests
    # the static findings are exactly the checklist's findings inside the handler
    in_handler = [
        f.code for f in ws.diagnose(str(result.path)) if result.handler_span.contains_span(f.span)
    ]
    assert sorted(f.code for f in result.static_findings) == sorted(in_handler)
    assert "BA101" in in_handler
    assert "needs an Anthropic API key" in result.report
    assert "## Missing from its contract" in result.report and "404" in result.report
    assert "### Route `GET /api/v1/orders/{order_id}`" in result.report


async def test_unknown_agent_is_a_configuration_error(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    ws = make_ws(review_ws, fake_api.url, agent="no-such-agent")
    with pytest.raises(AgentConfigError):
        await run(ws)
    assert not fake_api.requests


# --- the pieces -----------------------------------------------------------------------------


def test_model_table() -> None:
    assert resolve_model("sonnet") == DEFAULT_MODELS["sonnet"]
    assert resolve_model("inherit") == DEFAULT_MODELS["sonnet"]
    assert resolve_model(None, "opus") == DEFAULT_MODELS["opus"]
    assert resolve_model("haiku", None, {"haiku": "claude-haiku-9-9"}) == "claude-haiku-9-9"
    assert resolve_model("claude-sonnet-5") == "claude-sonnet-5"
    with pytest.raises(ModelError, match="unknown model 'gpt'"):
        resolve_model("gpt")


def test_redaction(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('export DB_PASS="from-env-123"\nDEBUG=true\nPORT=8000\n')
    assert read_env_values(tmp_path) == ["from-env-123"]
    r = Redactor.for_project(tmp_path)
    code = (
        'PASSWORD = "s3cret-literal"\n'
        'url = "postgresql://app:pw-in-url@db/x"\n'
        'token = os.environ["TOKEN"]\n'
        'x = "from-env-123"\n'
        'key = "sk-ant-api03-abcdefghijklmnopqrst"\n'
    )
    out = r.redact(code)
    for secret in ("s3cret-literal", "pw-in-url", "from-env-123", "sk-ant-api03"):
        assert secret not in out
    assert 'token = os.environ["TOKEN"]' in out  # read from the environment: kept
    assert r.redact(code) == out  # stable placeholders: same request, same cache key
    assert r.restore(out) == code


async def test_an_error_body_echoing_the_key_never_reaches_the_message(
    fake_api: FakeAnthropic, review_ws: Path
) -> None:
    fake_api.then(Reply(status=400, error_message="invalid x-api-key: test-key-echoed-12345"))
    ws = make_ws(review_ws, fake_api.url, anthropic_api_key="test-key-echoed-12345")
    with pytest.raises(AgentError) as failed:
        await run(ws)
    assert "test-key-echoed-12345" not in str(failed.value)
    assert "[REDACTED api key]" in failed.value.message

"""The Anthropic Messages API through the official async SDK, asked for one tool call.

Everything a user can meet on the way is turned into an :class:`AgentError` with a sentence
they can act on; the key is never part of one. Prompt caching marks the system prompt and the
stable project context (both the same from one review to the next) with ``cache_control``.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the SDK is imported when a call runs: it costs ~1 s of start-up
    import anthropic

EPHEMERAL = {"type": "ephemeral"}


class AgentError(Exception):
    """A failure at run time: nothing was applied. ``kind`` names it for front ends and tests."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class AgentConfigError(Exception):
    """A configuration problem (no agent of that name, an unknown model): a usage error."""


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    input_schema: dict[str, Any]


@dataclass(frozen=True)
class AgentRequest:
    model: str
    system: str  # the agent file's body
    stable_context: str  # project facts and instructions: cached between requests
    focus_context: str  # the code under review
    tool: ToolSpec
    max_tokens: int = 8000

    def params(self) -> dict[str, Any]:
        """The request body (without ``stream``): also what the result cache keys on."""
        content: list[dict[str, Any]] = []
        if self.stable_context:
            content.append(
                {"type": "text", "text": self.stable_context, "cache_control": EPHEMERAL}
            )
        content.append({"type": "text", "text": self.focus_context})
        return {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": [{"type": "text", "text": self.system, "cache_control": EPHEMERAL}],
            "messages": [{"role": "user", "content": content}],
            "tools": [
                {
                    "name": self.tool.name,
                    "description": self.tool.description,
                    "input_schema": self.tool.input_schema,
                }
            ],
            "tool_choice": {"type": "tool", "name": self.tool.name},
        }


@dataclass
class ToolReply:
    input: Any  # the tool call's input, not yet validated
    model: str
    usage: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[str], None]


def _without_key(error: AgentError, api_key: str) -> AgentError:
    """The error with every occurrence of the API key replaced."""
    if len(api_key) < 8 or api_key not in error.message:
        return error
    return AgentError(error.kind, error.message.replace(api_key, "[REDACTED api key]"))


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The wait an API reply asks for, read as the SDK reads it (``retry-after-ms``, then
    ``retry-after`` in seconds or as a date); None when it asks for none."""
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            date = email.utils.parsedate_tz(value)
            return None if date is None else float(email.utils.mktime_tz(date) - time.time())
    except (ValueError, OverflowError):
        return None


class RetryBudget:
    """The SDK honours any ``retry-after`` (100,000 s leaves a review pending for a day):
    a reply asking for a wait longer than what is left of the timeout is marked not to be
    retried (``x-should-retry: false``, which the SDK obeys), and the wait is kept for the
    message."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.refused_wait: float | None = None

    async def on_response(self, response: Any) -> None:  # an httpx2 response hook
        if response.status_code != 429 and response.status_code < 500:
            return
        wait = retry_after_seconds(response.headers)
        if wait is not None and wait > self.deadline - time.monotonic():
            self.refused_wait = wait
            response.headers["x-should-retry"] = "false"


def _status_message(
    exc: anthropic.APIStatusError, retries: int, budget: RetryBudget | None = None
) -> AgentError:
    import anthropic

    code = exc.status_code
    after = f" after {retries} retries" if retries else ""
    refused = budget is not None and budget.refused_wait is not None
    if budget is not None and budget.refused_wait is not None:
        after = (
            f"; it asks to wait {budget.refused_wait:,.0f} s, longer than the timeout setting "
            f"({budget.seconds:g} s) allows, so it was not retried"
        )
    if isinstance(exc, anthropic.AuthenticationError):
        return AgentError(
            "auth",
            "The Anthropic API refused the API key (401). Check ANTHROPIC_API_KEY or the "
            "anthropicApiKey setting.",
        )
    if isinstance(exc, anthropic.PermissionDeniedError):
        return AgentError("auth", "The API key is not allowed to use this model (403).")
    if isinstance(exc, anthropic.RateLimitError):
        wait = exc.response.headers.get("retry-after") if exc.response is not None else None
        hint = f" The API asks to wait {wait[:20]} s." if wait and not refused else ""
        return AgentError(
            "rate_limit",
            f"The Anthropic API is rate limiting this key (429){after}.{hint} Try again shortly.",
        )
    if code == 529 or isinstance(exc, getattr(anthropic, "OverloadedError", ())):
        return AgentError(
            "overloaded", f"The Anthropic API is overloaded (529){after}. Try again in a minute."
        )
    if isinstance(exc, anthropic.NotFoundError):
        return AgentError(
            "not_found", f"The API does not know this model or endpoint (404): {exc.message}"
        )
    if isinstance(exc, anthropic.BadRequestError):
        return AgentError("bad_request", f"The API rejected the request (400): {exc.message}")
    if code >= 500:
        return AgentError(
            "server", f"The Anthropic API failed with a server error ({code}){after}."
        )
    return AgentError("status", f"The Anthropic API answered {code}: {exc.message}")


async def call_tool(
    request: AgentRequest,
    *,
    api_key: str,
    base_url: str | None = None,
    timeout: float = 120.0,
    max_retries: int = 2,
    on_progress: Progress | None = None,
) -> ToolReply:
    """Stream one request that must answer through ``request.tool``; return its raw input."""
    import anthropic

    budget = RetryBudget(timeout)
    client = anthropic.AsyncAnthropic(
        api_key=api_key,
        base_url=base_url,
        timeout=timeout,
        max_retries=max_retries,
        http_client=anthropic.DefaultAsyncHttpxClient(
            event_hooks={"response": [budget.on_response]}
        ),
    )
    received = 0
    try:
        async with client.messages.stream(**request.params()) as stream:
            if on_progress is not None:
                on_progress("The agent is answering…")
            async for event in stream:
                if event.type in {"input_json", "text"} and on_progress is not None:
                    piece = str(getattr(event, "partial_json", None) or getattr(event, "text", ""))
                    received += len(piece)
                    on_progress(f"Receiving the review… {received:,} characters")
            message = await stream.get_final_message()
    except asyncio.CancelledError:
        raise
    except anthropic.APITimeoutError:
        raise AgentError(
            "timeout",
            f"The Anthropic API did not answer within {timeout:g} s (the timeout setting).",
        ) from None
    except anthropic.APIStatusError as exc:
        # an error body may echo the request's key: it must not reach a message or a log
        raise _without_key(_status_message(exc, max_retries, budget), api_key) from None
    except anthropic.APIConnectionError:
        where = base_url or "the Anthropic API"
        raise AgentError(
            "connection",
            f"Could not reach {where}, or the connection dropped before the answer was complete.",
        ) from None
    except anthropic.AnthropicError as exc:  # a stream that ends early or cannot be decoded
        broke = AgentError("dropped", f"The answer stream broke off: {exc}")
        raise _without_key(broke, api_key) from None
    except Exception as exc:  # the transport's own errors surface raw from a broken stream
        raise AgentError(
            "dropped", f"The connection dropped in the middle of the answer ({type(exc).__name__})."
        ) from None
    finally:
        await client.close()

    if message.stop_reason is None:
        raise AgentError("dropped", "The answer stream ended before the message was complete.")
    tool_uses = [b for b in message.content if b.type == "tool_use" and b.name == request.tool.name]
    if not tool_uses:
        text = " ".join(b.text for b in message.content if b.type == "text").strip()
        shown = (text[:200] + "…") if len(text) > 200 else text
        raise AgentError(
            "no_tool",
            "The agent answered in plain text instead of through the review tool, so nothing "
            f"was applied.{' It said: ' + repr(shown) if shown else ''}",
        )
    if message.stop_reason == "max_tokens":
        raise AgentError(
            "truncated",
            "The answer was cut off at the output limit (max-output-tokens); nothing was applied.",
        )
    usage = message.usage.model_dump() if message.usage is not None else {}
    return ToolReply(input=tool_uses[0].input, model=message.model, usage=usage)

"""Review endpoint: the static review of one route handler, and the agent's on top of it.

Without a key the result is the static review (the checklist findings inside the handler, the
route card, what is missing from its contract) and says plainly that the agent's review needs
a key. With a key the agent answers through a tool; each finding is anchored by searching its
snippet in the *current* text, inside the handler, never by trusting a line number. A finding
whose snippet is not there, or lies outside the handler, is dropped and named in the report.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

from ..agents.client import Progress, ToolSpec
from ..agents.prompt_context import build_context, review_parts
from ..agents.redact import Redactor
from ..agents.runtime import AgentRuntime
from ..core.model import Position, Route, Span
from ..report.route_card import route_card
from ..workspace import Workspace
from .anchoring import anchor, line_starts, offset, position, short, text_at
from .review_result import AGENT_SOURCE, SEVERITIES, ReviewFinding, ReviewResult

REVIEW_TOOL = ToolSpec(
    name="report_review",
    description=(
        "Report the review of the endpoint: one entry per finding, each naming the exact code it "
        "is about, and the written report in Markdown."
    ),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["findings", "report"],
        "properties": {
            "findings": {
                "type": "array",
                "maxItems": 50,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["severity", "category", "message", "snippet"],
                    "properties": {
                        "severity": {"type": "string", "enum": list(SEVERITIES)},
                        "category": {
                            "type": "string",
                            "minLength": 1,
                            "description": "security, auth, api-design, validation, database, "
                            "errors, performance, code-quality or documentation",
                        },
                        "message": {"type": "string", "minLength": 1},
                        "snippet": {
                            "type": "string",
                            "minLength": 1,
                            "description": "the exact code this finding is about, copied "
                            "character for character from the handler under review",
                        },
                        "replacement": {
                            "type": ["string", "null"],
                            "description": "text to replace the snippet with, when the fix is "
                            "mechanical",
                        },
                    },
                },
            },
            "report": {
                "type": "string",
                "minLength": 1,
                "description": "the full review in Markdown, in your answer structure",
            },
        },
    },
)


# --- locating ------------------------------------------------------------------------------


def find_route(ws: Workspace, path: str, pos: Position) -> Route | None:
    """The route handler at ``pos``: its name or decorator, else any line of its definition."""
    path = os.path.abspath(path)
    found = ws.index.routes_at(path, pos) or ws.index.routes_around(path, pos)
    found = [r for r in found if not r.generated]  # the framework's own: no handler to review
    if not found:  # a line number alone (the CLI): any route whose definition spans it
        found = [
            r
            for r in ws.index.routes_in(path)
            if r.body_span is not None
            and r.body_span.start.line <= pos.line <= r.body_span.end.line
        ]
    return found[0] if found else None


# --- the static review ---------------------------------------------------------------------


def missing_contract(route: Route) -> list[str]:
    """What an API contract for this route should state and the code does not."""
    out: list[str] = []
    methods = set(route.methods)
    if route.response_model is None and not methods <= {"DELETE"}:
        out.append("no response model: the shape of a success response is not declared")
    if methods & {"POST"} and route.status_code is None:
        out.append("POST without a declared status code (201 Created for a creation)")
    if methods & {"DELETE"} and route.status_code is None:
        out.append(
            "DELETE without a declared status code (204 No Content when nothing is returned)"
        )
    if methods & {"POST", "PUT", "PATCH"} and not (
        route.request_model or any(p.kind == "body" for p in route.parameters)
    ):
        out.append(
            f"{'/'.join(sorted(methods & {'POST', 'PUT', 'PATCH'}))} with no request body model"
        )
    for p in route.parameters:
        if p.annotation is None and p.kind not in {"request", "dependency"}:
            out.append(f"parameter `{p.name}` ({p.kind}) has no type")
    if not route.docstring:
        out.append("no docstring: the endpoint has no description in the API documentation")
    if not route.auth:
        out.append("no auth requirement: the endpoint is public; if that is intended, say so")
    if route.raises:
        codes = sorted({str(c) for c, _ in route.raises if c is not None})
        if codes:
            out.append(
                f"error responses {', '.join(codes)} are raised; make sure the contract lists "
                "them (`responses=`) with their bodies"
            )
    return out


def _handler(route: Route, text: str) -> tuple[Span, str]:
    span = route.body_span or route.span
    starts = line_starts(text)
    return span, text[offset(starts, span.start) : offset(starts, span.end)]


def static_review(ws: Workspace, route: Route, text: str) -> ReviewResult:
    span, handler_text = _handler(route, text)
    findings = [
        f
        for f in ws.diagnose(route.file, text)
        if f.source != AGENT_SOURCE and span.contains_span(f.span)
    ]
    return ReviewResult(
        route=route,
        path=route.file,
        root=ws.root,
        handler_text=handler_text,
        handler_span=span,
        static_findings=findings,
        missing=missing_contract(route),
        card=route_card(route, ws.index),
    )


# --- the agent's review --------------------------------------------------------------------


async def review(
    ws: Workspace,
    path: str,
    pos: Position,
    text: str | None = None,
    *,
    use_agent: bool = True,
    on_progress: Progress | None = None,
    current_text: Callable[[], str | None] | None = None,
    runtime: AgentRuntime | None = None,
) -> ReviewResult:
    """Review the route handler at ``pos``; raises LookupError when there is none there.

    Raises :class:`~backend_architect.agents.client.AgentError` for failures at run time and
    ``AgentConfigError`` for configuration problems; in both cases nothing was produced.
    ``current_text`` gives the file's text once the answer is in (an editor's buffer may have
    moved on while the agent worked); findings are anchored in that text.
    """
    path = os.path.abspath(path)
    if text is None:
        text = ws.index.text(path)
        if text is None:
            raise LookupError(f"cannot read {path}")
    route = find_route(ws, path, pos)
    if route is None:
        raise LookupError(f"no route handler at {os.path.relpath(path, ws.root)}:{pos.line + 1}")
    result = static_review(ws, route, text)
    if not use_agent:
        return result
    runtime = runtime or AgentRuntime(ws.settings, ws.root)
    if runtime.api_key() is None:
        result.needs_key = True
        return result

    agent = await asyncio.to_thread(runtime.agent)  # files read and parsed off the event loop
    result.agent_problems = runtime.agent_problems
    redactor = Redactor.for_project(ws.root)
    parts = review_parts(
        ws.index,
        route,
        result.handler_text,
        result.handler_span.start.line + 1,
        result.static_findings,
    )
    task = (
        f"Review the endpoint `{route.label}` (handler `{route.handler}`) as the backend "
        "architect. Report through the `report_review` tool only: each finding with the exact "
        "code it concerns copied from the handler under review, and the full report in Markdown."
    )
    ctx = build_context(
        parts,
        redactor,
        ws.settings.context_tokens,
        task,
        "What this project is, and how it asks to be worked on:",
    )
    outcome = await runtime.run("review", agent, ctx.stable, ctx.focus, REVIEW_TOOL, on_progress)
    result.agent, result.model, result.cached = outcome.agent, outcome.model, outcome.cached
    result.agent_report = str(outcome.data.get("report", ""))
    result.omitted_context = ctx.omitted

    now = current_text() if current_text is not None else None
    if now is not None and now != text:
        # the buffer moved on: find the same handler text in it, else place nothing
        at = now.find(result.handler_text)
        if at < 0:
            for item in outcome.data.get("findings", []):
                result.dropped.append(f"{item['message']} (the handler changed during the review)")
            return result
        starts = line_starts(now)
        start = position(starts, at)
        result.handler_span = Span(start, position(starts, at + len(result.handler_text)))
        text = now
    for item in outcome.data.get("findings", []):
        where = anchor(item["snippet"], text, result.handler_span)
        if isinstance(where, str):
            result.dropped.append(f"{item['message']} — {where}: `{short(item['snippet'])}`")
            continue
        replacement = item.get("replacement")
        result.findings.append(
            ReviewFinding(
                severity=item["severity"],
                category=item["category"],
                message=item["message"],
                snippet=text_at(text, where),
                span=where,
                replacement=redactor.restore(replacement) if replacement is not None else None,
            )
        )
    return result

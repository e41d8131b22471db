"""Review endpoint in the editor: a code action and a "Review" lens on every route handler, the
command that runs the review with ``$/progress``, and quick fixes for the agent's findings.

The agent's findings join the file's own diagnostics (pushed or pulled, as the file's are),
never a second stream; they stay until the handler's code changes. A cancel (``$/cancelRequest``
or the progress's cancel button) stops the request and leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

from ...actions.review import ReviewResult, find_route, review
from ...agents import AgentConfigError, AgentError
from ...agents.cache import default_cache_dir
from ...core.model import Position, Span
from ...workspace import Lens
from ..convert import to_range
from ..language_server import BackendArchitectServer
from .code_actions import add_provider

log = logging.getLogger(__name__)

REVIEW_COMMAND = "backend-architect.review"
REVIEW_KIND = "refactor.backend-architect.review"


def review_lenses(uri: str, lenses: list[Lens], lines: Any, codec: Any) -> list[types.CodeLens]:
    """A "Review" lens beside each route lens (called by the routes feature's lens handler)."""
    return [
        types.CodeLens(
            range=to_range(lens.span, lines, codec),
            command=types.Command(
                title="Review",
                command=REVIEW_COMMAND,
                arguments=[uri, lens.span.start.line, lens.span.start.column],
            ),
        )
        for lens in lenses
    ]


def review_actions(
    ls: BackendArchitectServer,
    doc: TextDocument,
    path: str,
    span: Span,
    params: types.CodeActionParams,
) -> list[types.CodeAction]:
    """The "Review endpoint" action inside a route handler (its findings' quick fixes, agent ones
    included, come from the code actions feature like every other finding's)."""
    assert ls.ws is not None
    route = find_route(ls.ws, path, span.start)
    if route is None or not (route.body_span or route.span).contains(span.start):
        return []
    return [
        types.CodeAction(
            title=f"Review endpoint {route.label}",
            kind=REVIEW_KIND,
            command=types.Command(
                title="Review endpoint",
                command=REVIEW_COMMAND,
                arguments=[doc.uri, route.span.start.line, route.span.start.column],
            ),
        )
    ]


# --- the command ------------------------------------------------------------------------------


def _report_path(ls: BackendArchitectServer, result: ReviewResult) -> Path:
    assert ls.ws is not None
    project = hashlib.sha256(ls.ws.root.encode()).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", result.route.handler.replace(":", ".")).strip("_")
    folder = default_cache_dir(ls.ws.settings.cache_dir) / "reports" / project
    return folder / f"review-{name}.md"


def _watch_cancel(source: Future[Any] | None, work: asyncio.Future[Any]) -> None:
    """Cancel ``work`` when ``source`` (a request's or a progress token's future) is cancelled."""
    if source is None:
        return
    loop = asyncio.get_running_loop()

    def on_done(fut: Future[Any]) -> None:
        if fut.cancelled():
            loop.call_soon_threadsafe(work.cancel)

    source.add_done_callback(on_done)


async def review_command(
    ls: BackendArchitectServer, uri: str, line: int, column: int
) -> dict[str, Any] | None:
    found = ls.python_document(uri)
    if found is None or ls.ws is None:
        return None
    ws = ls.ws
    doc, path = found
    await ls.index_ready(timeout=60)  # a review of "GET /items" for "GET /api/v1/items": wrong
    route = find_route(ws, path, Position(int(line), int(column)))
    if route is None:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Warning, message="No route handler here to review."
            )
        )
        return None

    token = await ls.begin_progress(
        "review", types.WorkDoneProgressBegin(title=f"Reviewing {route.label}", cancellable=True)
    )

    def progress(message: str) -> None:
        if token is not None:
            ls.work_done_progress.report(token, types.WorkDoneProgressReport(message=message))

    def end(message: str) -> None:
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))

    def current_text() -> str:
        return ls.workspace.get_text_document(uri).source

    work = asyncio.ensure_future(
        review(
            ws, path, route.span.start, doc.source, on_progress=progress, current_text=current_text
        )
    )
    # $/cancelRequest reaches only the request's outer future (pygls runs commands through a
    # generator), and a progress cancel only the token's future: both are turned into a cancel
    # of the review itself, which closes the HTTP request at its next await.
    msg_id = ls.protocol.msg_id
    _watch_cancel(ls.protocol._request_futures.get(msg_id) if msg_id is not None else None, work)
    if token is not None:
        _watch_cancel(ls.work_done_progress.tokens.get(token), work)
    try:
        result = await work
    except asyncio.CancelledError:
        end("Review cancelled")
        return None
    except (AgentError, AgentConfigError, LookupError) as exc:
        end("Review failed")
        message = exc.message if isinstance(exc, AgentError) else str(exc)
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Error, message=f"backend-architect review: {message}"
            )
        )
        return {"error": getattr(exc, "kind", "config"), "message": message}
    finally:
        if token is not None:
            ls.work_done_progress.tokens.pop(token, None)

    # Everything below is quick and has no await before the findings are in place, so a cancel
    # that arrives now finds nothing half-done.
    if result.agent:
        ws.set_agent_findings(
            path, result.handler_text, result.handler_span.start.line, result.agent_findings
        )
        if ls.pull:
            if ls.client_supports("workspace", "diagnostics", "refresh_support"):
                ls.workspace_diagnostic_refresh(None)
        else:
            ls.publish(uri)
    report_path = _report_path(ls, result)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(result.report, encoding="utf-8")
    report_uri = from_fs_path(str(report_path)) or report_path.as_uri()
    summary = (
        f"{len(result.findings)} agent finding(s), {len(result.static_findings)} checklist finding(s)"
        if result.agent
        else "static review (the agent's review needs an API key)"
    )
    end(f"Review done: {summary}")
    shown = False
    if ls.client_supports("window", "show_document", "support"):
        try:
            answer = await ls.window_show_document_async(
                types.ShowDocumentParams(uri=report_uri, take_focus=True)
            )
            shown = bool(answer and answer.success)
        except Exception as exc:
            log.warning("showDocument failed: %s", exc)
    if not shown:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"Review of {result.route.label}: {summary}. Report: {report_path}",
            )
        )
    return {
        "report": str(report_path),
        "findings": len(result.findings),
        "dropped": len(result.dropped),
        "agent": result.agent,
        "model": result.model,
    }


def register(server: BackendArchitectServer) -> None:
    add_provider(server, review_actions, REVIEW_KIND)
    server.command(REVIEW_COMMAND)(review_command)

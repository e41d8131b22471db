"""Review endpoint in the editor: a code action and a "Review" lens on every route handler, the
command that runs the review with ``$/progress``, and quick fixes for the agent's findings.

The agent's findings join the file's own diagnostics (pushed or pulled, as the file's are),
never a second stream; they stay until the handler's code changes. A cancel (``$/cancelRequest``
or the progress's cancel button) stops the request and leaves nothing behind.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

from ...core.model import Position, Span
from ..cancellation import cancel_with, request_future
from ..convert import to_range
from ..language_server import BackendArchitectServer
from .code_actions import add_provider

if TYPE_CHECKING:
    from ...workspace import Lens

# The review's modules (actions/, agents/) are imported by the handlers that use them, not at
# start-up: ``initialize`` does not need them (see ``benchmarks/bench_startup.py``).

REVIEW_COMMAND = "backend-architect.review"
_SHOWN: set[str] = set()  # agent file problems already shown by this server
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
        if not lens.route.generated  # a framework's own routes: no handler to review
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
    from ...actions.review import find_route

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


async def review_command(
    ls: BackendArchitectServer, uri: str, line: int, column: int
) -> dict[str, Any] | None:
    from ...actions.endpoint_review import ReviewFailed, review_endpoint
    from ...actions.review import find_route

    outer = request_future(ls.protocol)  # before any await: a cancel may already be in
    if outer is not None and outer.cancelled():
        return None  # cancelled in the same write as the request: nothing started
    found = ls.python_document(uri)
    if found is None or ls.ws is None:
        return None
    doc, path = found
    await ls.index_ready(timeout=60)  # a review of "GET /items" for "GET /api/v1/items": wrong
    route = find_route(ls.ws, path, Position(int(line), int(column)))
    if route is None:
        ls.show_message("No route handler here to review.", types.MessageType.Warning)
        return None
    token = await ls.begin_progress(
        "review", types.WorkDoneProgressBegin(title=f"Reviewing {route.label}", cancellable=True)
    )
    work = asyncio.ensure_future(
        review_endpoint(
            ls.ws,
            path,
            route.span.start,
            doc.source,
            on_progress=lambda message: ls.report_progress(token, message),
            current_text=lambda: ls.workspace.get_text_document(uri).source,
            save_report=True,
        )
    )
    progress_future = ls.work_done_progress.tokens.get(token) if token is not None else None
    cancel_with(work, outer, progress_future)
    try:
        done = await work
    except asyncio.CancelledError:
        ls.end_progress(token, "Review cancelled")
        return None
    except ReviewFailed as exc:
        ls.end_progress(token, "Review failed")
        ls.show_message(f"backend-architect review: {exc.message}", types.MessageType.Error)
        return {"error": exc.kind, "message": exc.message}
    finally:
        if token is not None:
            ls.work_done_progress.tokens.pop(token, None)
    unseen = [note for note in done.result.agent_problems if note not in _SHOWN]
    if unseen:  # a malformed agent file of the project: said once, with the file used instead
        _SHOWN.update(unseen)
        text = "; ".join(unseen)
        ls.show_message(f"backend-architect: {text[:1500]}", types.MessageType.Warning)
    if done.result.agent:
        ls.refresh_diagnostics(uri)  # the agent's findings are in the file's set now
    ls.end_progress(token, f"Review done: {done.summary}")
    assert done.report_path is not None
    if not await ls.show_document(from_fs_path(str(done.report_path)) or done.report_path.as_uri()):
        ls.show_message(
            f"Review of {route.label}: {done.summary}. Report: {done.report_path}",
            types.MessageType.Info,
        )
    return done.command_answer()


def register(server: BackendArchitectServer) -> None:
    add_provider(server, review_actions, REVIEW_KIND)
    server.command(REVIEW_COMMAND)(review_command)

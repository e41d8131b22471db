"""An agent's work run from a command, as the review runs it: ``$/progress`` begun
(cancellable) with the agent's messages as reports, a cancel from ``$/cancelRequest`` or the
progress's cancel stopping it. The request's future is taken by the command before its first
``await`` (``protocol.msg_id`` names the request being handled *now*)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from lsprotocol import types

from ..cancellation import cancel_with
from ..language_server import BackendArchitectServer

T = TypeVar("T")


class Cancelled(Exception):
    """The work was cancelled; its progress has ended with ``message``."""


async def run_with_progress(
    ls: BackendArchitectServer,
    request: Future[Any] | None,
    name: str,
    title: str,
    make: Callable[[Callable[[str], None]], Awaitable[T]],
    cancelled: str,
    failed: str,
) -> tuple[T, str | None]:
    """(the work's result, the progress token for the caller to end with what it made of it);
    ``make(on_progress)`` starts the work. A cancel ends the progress with ``cancelled`` and
    raises :class:`Cancelled`; an error ends it with ``failed`` and is raised again."""
    token = await ls.begin_progress(
        name, types.WorkDoneProgressBegin(title=title, cancellable=True)
    )
    work = asyncio.ensure_future(make(lambda message: ls.report_progress(token, message)))
    progress_future = ls.work_done_progress.tokens.get(token) if token is not None else None
    cancel_with(work, request, progress_future)
    try:
        return await work, token
    except asyncio.CancelledError:
        ls.end_progress(token, cancelled)
        raise Cancelled from None
    except Exception:
        ls.end_progress(token, failed)
        raise
    finally:
        if token is not None:
            ls.work_done_progress.tokens.pop(token, None)

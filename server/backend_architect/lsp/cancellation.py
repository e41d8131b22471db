"""Turning an LSP cancel into a cancel of the work a command started.

pygls runs a command's coroutine through a generator, so ``$/cancelRequest`` cancels only the
request's outer future, and a progress's cancel button only the token's future; neither reaches
the task doing the work. :func:`cancel_with` links them. pygls 2 has no public way to get the
outer future of the request being handled: :func:`request_future` is the one place that reads
its private table (``tests/lsp/test_cancellation.py`` fails if pygls changes it).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any

from pygls.protocol import JsonRPCProtocol

AnyFuture = Future[Any] | asyncio.Future[Any]


def request_future(protocol: JsonRPCProtocol) -> Future[Any] | None:
    """The future pygls cancels on ``$/cancelRequest`` for the request being handled now.

    pygls takes a request's future out of its table when it cancels it, and a request in its
    table until it is answered: a handler whose request is no longer there was cancelled before
    it ran (a ``$/cancelRequest`` in the same write as the request), so it gets a cancelled
    future, not None (no cancel to watch)."""
    msg_id = protocol.msg_id  # public: the id of the request this handler runs for
    if msg_id is None:
        return None
    future = protocol._request_futures.get(msg_id)  # private (see the module's docstring)
    if future is None:
        future = Future()
        future.cancel()
    return future


def cancel_with(work: asyncio.Future[Any], *sources: AnyFuture | None) -> None:
    """Cancel ``work`` when any of ``sources`` is cancelled (a None source is no source)."""
    loop = asyncio.get_running_loop()

    def on_done(fut: AnyFuture) -> None:
        if fut.cancelled():
            loop.call_soon_threadsafe(work.cancel)

    for source in sources:
        if source is not None:
            source.add_done_callback(on_done)

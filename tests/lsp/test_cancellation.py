"""What ``lsp/cancellation.py`` relies on in pygls: the one private attribute it reads
(``JsonRPCProtocol._request_futures``) and how ``$/cancelRequest`` treats it. If pygls changes
either, this fails here rather than as a review that can no longer be cancelled."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any

from backend_architect.lsp.cancellation import cancel_with, request_future
from backend_architect.lsp.server import create_server


def test_request_future_is_what_cancel_request_cancels() -> None:
    protocol = create_server().protocol
    assert isinstance(protocol._request_futures, dict)
    assert request_future(protocol) is None  # outside a request: nothing to watch
    outer: Future[Any] = Future()
    protocol._request_futures["req-1"] = outer
    protocol._ctx_msg_id.set("req-1")  # what pygls sets while it handles request "req-1"
    try:
        assert protocol.msg_id == "req-1"
        assert request_future(protocol) is outer
        protocol._handle_cancel_notification("req-1")  # what $/cancelRequest runs
        assert outer.cancelled()
        assert "req-1" not in protocol._request_futures
    finally:
        protocol._ctx_msg_id.set(None)


async def test_cancel_with_cancels_the_work() -> None:
    work = asyncio.ensure_future(asyncio.sleep(30))
    source: Future[Any] = Future()
    cancel_with(work, None, source)
    source.cancel()
    await asyncio.sleep(0.01)
    assert work.cancelled()
    done = asyncio.ensure_future(asyncio.sleep(0))
    finished: Future[Any] = Future()
    cancel_with(done, finished)
    finished.set_result(None)  # a request that completes is no cancel
    await done
    assert not done.cancelled()

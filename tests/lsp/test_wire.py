"""The wire, over raw pipes: frames an editor should not send, and requests pygls could not
deserialise. The server lives, answers, and reads the next good frame."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from backend_architect.lsp.wire import MAX_MESSAGE_BYTES, BadFrame, FrameParser

from .raw import RawServer, frame, initialize, request


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RawServer]:
    raw = RawServer(cwd=tmp_path)
    yield raw
    raw.close()


def _good(msg_id: int) -> bytes:
    return frame(request(msg_id, "shutdown"))


BODY = json.dumps(request(7, "textDocument/hover", {})).encode()
BAD_FRAMES = {
    "huge length (MemoryError)": b"Content-Length: 1000000000000\r\n\r\n" + BODY,
    "22-digit length (OverflowError)": b"Content-Length: 1234567890123456789012\r\n\r\n" + BODY,
    "over the cap": b"Content-Length: %d\r\n\r\n" % (MAX_MESSAGE_BYTES + 1) + BODY,
    "negative": b"Content-Length: -5\r\n\r\n" + BODY,
    "not a number": b"Content-Length: lots\r\n\r\n" + BODY,
    "too small": b"Content-Length: %d\r\n\r\n" % (len(BODY) - 5) + BODY,
    "no length": b"Content-Type: application/json\r\n\r\n" + BODY,
    "truncated body": b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY[:20],
    "too large (longer than sent)": b"Content-Length: %d\r\n\r\n" % (len(BODY) + 40) + BODY,
    "not JSON": frame(b"{this is not json"),
    "garbage": b"\x00\xff garbage without any header\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(BAD_FRAMES))
def test_a_bad_frame_is_skipped_and_the_next_read(
    server: RawServer, tmp_path: Path, case: str
) -> None:
    server.send(BAD_FRAMES[case], initialize(1, tmp_path))
    assert "capabilities" in server.answer(1)["result"]
    server.send(_good(2))
    assert server.answer(2) == {"jsonrpc": "2.0", "id": 2, "result": None}
    assert server.proc.poll() is None
    assert "Traceback" not in server.stderr()


TOLERATED_HEADERS = {
    "lower-case name": b"content-length: %d\r\n\r\n",
    "two spaces after the colon": b"Content-Length:  %d\r\n\r\n",
    "\\n line ends": b"Content-Length: %d\n\n",
    "a Content-Type too": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    b"CONTENT-LENGTH: %d\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(TOLERATED_HEADERS))
def test_headers_are_read_as_the_spec_allows(server: RawServer, tmp_path: Path, case: str) -> None:
    body = json.dumps(initialize(1, tmp_path)).encode()
    server.send(TOLERATED_HEADERS[case] % len(body) + body)
    assert "capabilities" in server.answer(1)["result"]


def _hover(position: object) -> dict[str, object]:
    return {"textDocument": {"uri": "file:///nowhere/a.py"}, "position": position}


INVALID_PARAMS = {
    "line -1": _hover({"line": -1, "character": 0}),
    "character 2**53": _hover({"line": 0, "character": 2**53}),
    "position a string": _hover("1:2"),
    "params missing": None,
    "params an array": [1, 2],
}


def test_every_request_is_answered(server: RawServer, tmp_path: Path) -> None:
    server.send(request(1, "textDocument/hover", _hover({"line": 0, "character": 0})))
    assert server.answer(1)["error"]["code"] == -32002  # before initialize: not initialized
    server.send(initialize(2, tmp_path, processId="abc"))
    assert server.answer(2)["error"]["code"] == -32602
    server.send(initialize(3, tmp_path))
    assert "capabilities" in server.answer(3)["result"]
    server.send(initialize(4, tmp_path))
    assert server.answer(4)["error"]["code"] == -32600  # a second initialize
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    for n, (case, params) in enumerate(sorted(INVALID_PARAMS.items()), start=10):
        msg = request(n, "textDocument/hover", params)
        if params is None:
            msg.pop("params", None)
        server.send(msg)
        assert server.answer(n)["error"]["code"] == -32602, case
    null_params = request(20, "textDocument/hover")
    null_params["params"] = None
    server.send(null_params)
    assert server.answer(20)["error"]["code"] == -32602

    no_version = request(21, "shutdown")
    del no_version["jsonrpc"]
    server.send(no_version)
    assert server.answer(21)["error"]["code"] == -32600
    server.send(request(22, "shutdown", jsonrpc="1.0"))
    assert server.answer(22)["error"]["code"] == -32600
    server.send([request(23, "shutdown"), request(24, "shutdown")])
    assert server.answer(23)["error"]["code"] == -32600
    assert server.answer(24)["error"]["code"] == -32600
    server.send({"jsonrpc": "2.0", "id": {"an": "object"}, "method": "shutdown"})
    assert server.answer(None)["error"]["code"] == -32600
    server.send(request(25, "no/such/method"))
    assert server.answer(25)["error"]["code"] == -32601

    server.send(request(30, "shutdown"))
    assert server.answer(30) == {"jsonrpc": "2.0", "id": 30, "result": None}
    server.send(request(31, "shutdown"))
    assert server.answer(31)["error"]["code"] == -32600  # a second shutdown
    server.send(request(32, "textDocument/hover", _hover({"line": 0, "character": 0})))
    assert server.answer(32)["error"]["code"] == -32600  # after shutdown
    server.send({"jsonrpc": "2.0", "method": "exit"})
    assert server.gone_within(2) and server.proc.returncode == 0
    assert "Traceback" not in server.stderr()


# --- the frame parser itself ---------------------------------------------------------------


def test_parser_reads_frames_split_anywhere() -> None:
    stream = frame({"a": 1}) + frame({"b": "é"}) + b"content-length: 2\n\n{}"
    for cut in range(1, len(stream)):
        parser = FrameParser()
        got = parser.feed(stream[:cut]) + parser.feed(stream[cut:])
        assert got == [{"a": 1}, {"b": "é"}, {}], cut


def test_parser_resynchronises() -> None:
    parser = FrameParser(max_bytes=100)
    got = parser.feed(b"Content-Length: 101\r\n\r\n" + b"x" * 101 + frame({"ok": True}))
    assert isinstance(got[0], BadFrame) and "limit" in got[0].reason
    assert got[-1] == {"ok": True}
    got = parser.feed(b"Content-Length: 60\r\n\r\n{}" + frame({"next": 1})[:21])
    assert got == []  # waiting for 60 bytes: the rest of the next frame could still come
    got = parser.stall()  # nothing came: the length was a lie, and a header is in there
    assert isinstance(got[0], BadFrame)
    assert parser.feed(frame({"next": 1})[21:]) == [{"next": 1}]

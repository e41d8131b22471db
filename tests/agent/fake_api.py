"""A real HTTP server on 127.0.0.1 that speaks the Anthropic Messages API, scripted per test.

It answers ``POST /v1/messages`` in JSON, or as Server-Sent Events when the request streams,
with a tool call, plain text, an error status (with ``retry-after``), a slow reply, or a stream
cut halfway. Every request is recorded (headers and JSON body) so tests can check what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


@dataclass
class Reply:
    status: int = 200
    tool_input: Any = None  # a tool_use block with this input
    text: str | None = None  # a text block (instead of, or before, the tool call)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before anything is sent
    event_delay: float = 0.0  # seconds between SSE events
    cut_after_events: int | None = None  # drop the connection after this many SSE events
    tool_name: str = "report_review"
    stop_reason: str | None = None  # default: tool_use when there is a tool call, else end_turn
    error_message: str | None = None  # an error reply's message (default: "scripted <status>")


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class FakeAnthropic:
    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[Recorded] = []
        self.disconnects = 0  # replies that could not be written: the client went away
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(
                        Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    reply = fake.script.pop(0) if fake.script else Reply(status=500)
                try:
                    fake._answer(self, body, reply)
                except (BrokenPipeError, ConnectionResetError):
                    with fake._lock:
                        fake.disconnects += 1

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def then(self, *replies: Reply) -> FakeAnthropic:
        self.script.extend(replies)
        return self

    # --- answers ---------------------------------------------------------------------------

    def _message(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        content: list[dict[str, Any]] = []
        if reply.text is not None:
            content.append({"type": "text", "text": reply.text})
        if reply.tool_input is not None:
            content.append(
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": reply.tool_name,
                    "input": reply.tool_input,
                }
            )
        stop = reply.stop_reason or ("tool_use" if reply.tool_input is not None else "end_turn")
        return {
            "id": "msg_01",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "unknown"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": 1200, "output_tokens": 300, "cache_read_input_tokens": 0},
        }

    def _answer(self, h: BaseHTTPRequestHandler, body: dict[str, Any], reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            payload = json.dumps(
                {
                    "type": "error",
                    "error": {
                        "type": ERROR_TYPES.get(reply.status, "api_error"),
                        "message": reply.error_message or f"scripted {reply.status}",
                    },
                }
            ).encode()
            h.send_response(reply.status)
            h.send_header("content-type", "application/json")
            h.send_header("content-length", str(len(payload)))
            for k, v in reply.headers.items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(payload)
            return
        message = self._message(body, reply)
        if not body.get("stream"):
            payload = json.dumps(message).encode()
            h.send_response(200)
            h.send_header("content-type", "application/json")
            h.send_header("content-length", str(len(payload)))
            h.end_headers()
            h.wfile.write(payload)
            return
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.send_header("transfer-encoding", "chunked")
        h.end_headers()
        for n, (name, data) in enumerate(_events(message)):
            if reply.cut_after_events is not None and n >= reply.cut_after_events:
                # no terminating chunk: the client sees the connection drop mid-body
                h.wfile.flush()
                h.close_connection = True
                h.connection.shutdown(2)
                return
            chunk = f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
            h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            h.wfile.flush()
            if reply.event_delay:
                time.sleep(reply.event_delay)
        h.wfile.write(b"0\r\n\r\n")
        h.wfile.flush()


def _events(message: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    start = dict(message, content=[], stop_reason=None)
    events: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": start})
    ]
    for i, block in enumerate(message["content"]):
        if block["type"] == "text":
            events.append(
                (
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": i,
                        "content_block": {"type": "text", "text": ""},
                    },
                )
            )
            text = block["text"]
            for j in range(0, len(text), 40):
                events.append(
                    (
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": i,
                            "delta": {"type": "text_delta", "text": text[j : j + 40]},
                        },
                    )
                )
        else:
            events.append(
                (
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": i,
                        "content_block": dict(block, input={}),
                    },
                )
            )
            raw = json.dumps(block["input"])
            for j in range(0, len(raw), 60):
                events.append(
                    (
                        "content_block_delta",
                        {
                            "type": "content_block_delta",
                            "index": i,
                            "delta": {"type": "input_json_delta", "partial_json": raw[j : j + 60]},
                        },
                    )
                )
        events.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
    events.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                "usage": {"output_tokens": message["usage"]["output_tokens"]},
            },
        )
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events

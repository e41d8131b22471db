"""The server over raw pipes: bytes written as a hostile editor would, messages read back by
a thread (so a silent server is a timeout, not a hang), stderr kept in a file."""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .conftest import SERVER


def frame(payload: dict[str, Any] | list[Any] | bytes) -> bytes:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def request(msg_id: int, method: str, params: Any = None, **extra: Any) -> dict[str, Any]:
    msg: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method, **extra}
    if params is not None:
        msg["params"] = params
    return msg


def initialize(msg_id: int, root: Path, **params: Any) -> dict[str, Any]:
    return request(msg_id, "initialize", {"capabilities": {}, "rootUri": root.as_uri(), **params})


class RawServer:
    def __init__(self, cwd: Path | None = None) -> None:
        self.err = tempfile.NamedTemporaryFile(prefix="ba-stderr-", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen(
            SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            cwd=cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        fd = out.fileno()
        buf = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\r\n\r\n" in buf:
                header, rest = buf.split(b"\r\n\r\n", 1)
                length = int(header.split(b":")[1].split(b"\r\n")[0])
                if len(rest) < length:
                    break
                self.messages.put(json.loads(rest[:length]))
                buf = rest[length:]

    def close_output(self) -> None:
        """Close our end of the server's stdout, as a client that stops reading does."""
        self._stop.set()
        self._reader.join()
        assert self.proc.stdout is not None
        self.proc.stdout.close()

    def send(self, *chunks: bytes | dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        data = b"".join(c if isinstance(c, bytes) else frame(c) for c in chunks)
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def answer(self, msg_id: Any, timeout: float = 15) -> dict[str, Any]:
        """The response to ``msg_id`` (or, for None, the next response without an id)."""
        for msg in self.seen:
            if "method" not in msg and msg.get("id") == msg_id:
                self.seen.remove(msg)
                return msg
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer to {msg_id!r}; stderr:\n{self.stderr()[-3000:]}")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if "method" not in msg and msg.get("id") == msg_id:
                return msg
            if "method" in msg and "id" in msg:  # a server request: answer it as a client
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            self.seen.append(msg)

    def notified(self, method: str, timeout: float = 15) -> list[dict[str, Any]]:
        """Every ``method`` notification seen so far, waiting for the first one if none has
        come (the server sends some after a debounce, not inside the request that caused them)."""
        deadline = time.monotonic() + timeout
        while not any(m.get("method") == method for m in self.seen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method}; stderr:\n{self.stderr()[-3000:]}")
            try:
                self.seen.append(self.messages.get(timeout=left))
            except queue.Empty:
                continue
        return [m for m in self.seen if m.get("method") == method]

    def stderr(self) -> str:
        self.err.flush()
        return Path(self.err.name).read_text(errors="replace")

    def gone_within(self, seconds: float) -> bool:
        try:
            self.proc.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._stop.set()
        self._reader.join()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self.err.close()
        os.unlink(self.err.name)

"""`serve --tcp HOST:PORT` speaks LSP over a socket."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

from .conftest import SERVER


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_over_tcp(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen([*SERVER, "--tcp", f"127.0.0.1:{port}"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()},
            }
        ).encode()
        sock.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        data = b""
        while b"capabilities" not in data:
            chunk = sock.recv(65536)
            assert chunk, "connection closed"
            data += chunk
        assert b'"hoverProvider": true' in data or b'"hoverProvider":true' in data
        sock.close()
    finally:
        proc.kill()
        proc.wait()

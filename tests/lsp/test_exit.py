"""The server leaves within 2 s of its client, however the client goes, and says nothing
of a broken pipe on its way out."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _support import WORKSPACES

from .raw import RawServer, initialize, request

BIG = "x = 1\n" * 170_000  # 1 MB: under the limit's radar is not the point; work in flight is


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "lsp_app"
    shutil.copytree(WORKSPACES / "lsp_app", dest)
    return dest


@pytest.fixture
def server(root: Path) -> Iterator[RawServer]:
    raw = RawServer(cwd=root)
    yield raw
    raw.close()


def _start(server: RawServer, root: Path, **params: object) -> None:
    server.send(initialize(1, root, **params))
    assert "capabilities" in server.answer(1)["result"]
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def _busy(server: RawServer, root: Path) -> None:
    """A 1 MB document open, a whole-document code action and symbols requested."""
    uri = (root / "app" / "big.py").as_uri()
    doc = {"uri": uri, "languageId": "python", "version": 1, "text": BIG}
    server.send(
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}}
    )
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 170_000, "character": 0}}
    server.send(
        request(
            2,
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}},
        ),
        request(3, "textDocument/documentSymbol", {"textDocument": {"uri": uri}}),
    )


def _no_tracebacks(server: RawServer) -> None:
    err = server.stderr()
    assert "Traceback" not in err and "BrokenPipeError" not in err, err[-3000:]


def test_stdin_closed_with_work_in_flight(server: RawServer, root: Path) -> None:
    _start(server, root)
    _busy(server, root)
    assert server.proc.stdin is not None
    server.proc.stdin.close()
    assert server.gone_within(2)
    _no_tracebacks(server)


def test_client_stops_reading(server: RawServer, root: Path) -> None:
    _start(server, root)
    server.close_output()  # the read end of the server's output: nothing more is read
    started = time.monotonic()
    assert server.gone_within(2), time.monotonic() - started
    _no_tracebacks(server)


def test_client_stops_reading_while_the_server_writes(server: RawServer, root: Path) -> None:
    _start(server, root)
    _busy(server, root)
    server.close_output()
    assert server.gone_within(2)
    _no_tracebacks(server)


def test_client_process_ends_while_pipes_stay_open(server: RawServer, root: Path) -> None:
    client = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _start(server, root, processId=client.pid)
        time.sleep(0.5)
        assert server.proc.poll() is None  # the client lives: so does the server
        client.kill()
        client.wait()
        assert server.gone_within(2)
    finally:
        client.kill()
        client.wait()
    _no_tracebacks(server)


def test_killed_client_leaves_no_traceback(server: RawServer, root: Path) -> None:
    _start(server, root)
    _busy(server, root)
    assert server.proc.stdin is not None
    server.close_output()  # what SIGKILL does to a client: both ends at once
    server.proc.stdin.close()
    assert server.gone_within(2)
    _no_tracebacks(server)


def test_exit_without_shutdown_is_code_1(server: RawServer, root: Path) -> None:
    _start(server, root)
    _busy(server, root)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    assert server.gone_within(2)
    assert server.proc.returncode == 1

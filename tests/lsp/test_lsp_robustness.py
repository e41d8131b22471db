"""Bad input gets a clear answer and the server keeps serving."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SERVER, init_params, record_pushes
from .helpers import change_doc, diagnostics, open_doc, wait_indexed


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["vscode", "neovim"])
async def misconfigured(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path
):
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    lsp_client.root = workspace  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    lsp_client.protocol.fm.features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda params: None
    options = {
        "select": ["XX9"],
        "maxFileBytes": -3,
        "severity": {"BA301": "loud"},
        "colour": "red",
    }
    await lsp_client.initialize_session(init_params(request.param, workspace, options))
    yield
    await lsp_client.shutdown_session()


async def test_invalid_settings_are_reported_and_defaults_used(
    misconfigured: LanguageClient,
) -> None:
    client = misconfigured
    await wait_indexed(client)
    messages = [m.message for m in client.messages]
    assert any("`select`" in m and "XX9" in m for m in messages), messages
    assert any("`maxFileBytes` must be a positive integer" in m for m in messages), messages
    assert any("'loud'" in m for m in messages), messages
    assert any("`colour` is not a setting" in m for m in messages), messages
    assert all(m.type == types.MessageType.Warning for m in client.messages)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    items = await diagnostics(client, uri, version=1)
    ba301 = [d for d in items if d.code == "BA301"]
    assert ba301 and ba301[0].severity == types.DiagnosticSeverity.Warning  # the default severity


async def test_huge_and_odd_documents(client: LanguageClient) -> None:
    await wait_indexed(client)
    root: Path = client.root  # type: ignore[attr-defined]
    huge = root / "app" / "generated.py"
    huge.write_text("x = 1\n" * 500_000)  # 3 MB, over the 2 MB default limit
    uri = open_doc(client, huge)
    items = await diagnostics(client, uri, version=1)
    assert [d.code for d in items] == ["BA002"] and "limit" in items[0].message

    deep = root / "app" / "deep.py"
    deep.write_text("x = " + "1+" * 200_000 + "1\n")
    uri = open_doc(client, deep)
    items = await diagnostics(client, uri, version=1)
    assert [d.code for d in items] == ["BA001"] and "nested too deeply" in items[0].message

    users = root / "app" / "routers" / "users.py"
    uri = open_doc(client, users)
    change_doc(client, uri, "\x00\ufffd" + users.read_text(), 2)  # garbage typed at the top
    await asyncio.sleep(0.3)
    assert any(d.code == "BA001" for d in await diagnostics(client, uri, version=2))


def _frame(payload: dict | bytes) -> bytes:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read_message(stream, timeout: float = 10) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        if time.monotonic() > deadline:
            raise TimeoutError
        header += stream.read(1)
    length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
    return json.loads(stream.read(length))


def test_malformed_messages_then_a_good_one(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(_frame(b"{this is not json"))
        proc.stdin.write(
            _frame(
                {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"bogus": 1}}
            )
        )
        proc.stdin.write(
            _frame(
                {
                    "jsonrpc": "2.0",
                    "id": 2,
                    "method": "initialize",
                    "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()},
                }
            )
        )
        proc.stdin.flush()
        answers = {}
        while 2 not in answers:
            msg = _read_message(proc.stdout)
            if "id" in msg:
                answers[msg["id"]] = msg
        assert "capabilities" in answers[2]["result"]
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait()


def test_client_that_disappears_ends_the_server(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None
    proc.stdin.write(
        _frame(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()},
            }
        )
    )
    proc.stdin.flush()
    proc.stdin.close()  # the editor crashed
    try:
        assert proc.wait(timeout=15) is not None
    finally:
        if proc.poll() is None:
            proc.kill()

"""Hostile inputs over raw pipes: settings that would flood the user with popups or stop the
index, documents far over ``max-file-bytes``, files that vanish, loop or lie about their
encoding. Each gets one bounded answer, never a stall or a traceback."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .fuzzing import odd_files
from .raw import RawServer, initialize, request


@pytest.fixture
def server(workspace: Path) -> Iterator[RawServer]:
    raw = RawServer(cwd=workspace)
    yield raw
    raw.close()


def start(server: RawServer, root: Path, options: Any = None, **caps: Any) -> None:
    params: dict[str, Any] = {"capabilities": caps}
    if options is not None:
        params["initializationOptions"] = options
    server.send(initialize(1, root, **params))
    assert "capabilities" in server.answer(1)["result"]
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})


def settle(server: RawServer, msg_id: int, timeout: float = 30) -> None:
    """Wait until the start-up index is done (workspace/symbol waits for it)."""
    server.send(request(msg_id, "workspace/symbol", {"query": "zzz"}))
    assert "result" in server.answer(msg_id, timeout=timeout)


def shown_messages(server: RawServer) -> list[str]:
    with contextlib.suppress(TimeoutError):
        server.answer("none", timeout=0.3)  # collect what has arrived
    return [m["params"]["message"] for m in server.seen if m.get("method") == "window/showMessage"]


def no_traceback(server: RawServer) -> None:
    err = server.stderr()
    assert "Traceback" not in err, err[-3000:]


# --- settings ---------------------------------------------------------------------------------


def test_hostile_settings_give_one_bounded_message_and_the_index_runs(
    server: RawServer, workspace: Path
) -> None:
    options = {f"unknown{n}": n for n in range(10_000)}
    options["select"] = ["X" * 10_000_000]
    options["exclude"] = ["a*" * 5_000_000, "node_modules"]
    start(server, workspace, options)
    settle(server, 2, timeout=30)  # before: the 10 MB glob stopped the index
    messages = shown_messages(server)
    assert len(messages) == 1, [m[:200] for m in messages[:5]]  # before: 10,001 popups
    (message,) = messages
    assert len(message) <= 1_600, len(message)  # before: a 10 MB popup
    assert "10,000 unknown settings: `unknown0`, `unknown1`, `unknown2`, ... and 9,997" in message
    assert "`select`" in message and "longer than 1,000 characters" in message
    no_traceback(server)


@pytest.mark.parametrize("options", [["select", "BA1"], "select=BA1"], ids=["list", "string"])
def test_initialization_options_not_an_object_are_reported(
    server: RawServer, workspace: Path, options: Any
) -> None:
    start(server, workspace, options)
    settle(server, 2)
    messages = shown_messages(server)
    kind = type(options).__name__
    assert messages == [
        f"backend-architect: initializationOptions: settings must be a table/object, got {kind}"
        " (ignored; the defaults apply)."
    ]  # before: silently ignored


# --- documents over max-file-bytes --------------------------------------------------------------

ROUTES = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/items")\ndef items():\n    return []\n'


def test_a_document_over_max_file_bytes_is_one_diagnostic_and_empty_answers(
    server: RawServer, workspace: Path
) -> None:
    start(server, workspace, {"maxFileBytes": 50_000})
    settle(server, 2)
    uri = (workspace / "app" / "huge.py").as_uri()
    text = ROUTES + "x = 1\n" * 40_000  # 240 KB, over the 50 KB limit
    doc = {"uri": uri, "languageId": "python", "version": 1, "text": text}
    server.send(
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}}
    )
    at = {"textDocument": {"uri": uri}, "position": {"line": 6, "character": 5}}
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 40_010, "character": 0}}
    asks = {
        3: ("textDocument/hover", at),
        4: ("textDocument/documentSymbol", {"textDocument": {"uri": uri}}),
        5: ("textDocument/codeLens", {"textDocument": {"uri": uri}}),
        6: ("textDocument/definition", at),
        7: ("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": whole}),
        8: (
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}},
        ),
    }
    for msg_id, (method, params) in asks.items():
        server.send(request(msg_id, method, params))
    for msg_id in asks:
        answer = server.answer(msg_id)
        assert "error" not in answer and not answer["result"], (asks[msg_id][0], answer)
    pushed = [
        m["params"]["diagnostics"]
        for m in server.notified("textDocument/publishDiagnostics")
        if m["params"]["uri"] == uri
    ]
    assert pushed and all(len(d) == 1 and d[0]["code"] == "BA002" for d in pushed), pushed
    assert "max-file-bytes" in pushed[-1][0]["message"]
    no_traceback(server)


# --- files that vanish, loop, block or lie about their encoding ------------------------------------


def test_odd_files_answer_cleanly_and_bad_cookies_are_reported(
    server: RawServer, workspace: Path
) -> None:
    app = workspace / "app"
    odd_files(app)
    start(server, workspace, None, textDocument={"diagnostic": {}})
    settle(server, 2)
    at = {"position": {"line": 0, "character": 0}}
    methods = [
        ("textDocument/hover", at),
        ("textDocument/documentSymbol", {}),
        ("textDocument/codeLens", {}),
        ("textDocument/definition", at),
        ("textDocument/references", {**at, "context": {"includeDeclaration": True}}),
    ]
    msg_id = 10
    for name in ("gone.py", "loop.py", "dir.py", "fifo.py", "zero.py"):
        uri = (app / name).as_uri()
        for method, params in [*methods, ("textDocument/diagnostic", {})]:
            msg_id += 1
            server.send(request(msg_id, method, {"textDocument": {"uri": uri}, **params}))
            answer = server.answer(msg_id)
            assert "error" not in answer, (name, method, answer)
            result = answer["result"]
            assert not (result.get("items") if isinstance(result, dict) else result), result
    for name, words in (("bogus.py", "'bogus', an encoding"), ("lie.py", "which ascii")):
        uri = (app / name).as_uri()
        msg_id += 1
        server.send(request(msg_id, "textDocument/diagnostic", {"textDocument": {"uri": uri}}))
        items = server.answer(msg_id)["result"]["items"]
        assert [(d["code"], d["range"]["start"]["line"]) for d in items] == [("BA001", 0)]
        assert words in items[0]["message"]  # before: no diagnostic at all
    # the editor's text of an open document, with a cookie Python refuses
    uri = (app / "opened.py").as_uri()
    text = "# vim: set fileencoding=nope :\nimport os\n"
    doc = {"uri": uri, "languageId": "python", "version": 1, "text": text}
    server.send(
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}}
    )
    msg_id += 1
    server.send(request(msg_id, "textDocument/diagnostic", {"textDocument": {"uri": uri}}))
    items = server.answer(msg_id)["result"]["items"]
    assert [d["code"] for d in items] == ["BA001"] and "'nope'" in items[0]["message"]
    no_traceback(server)

"""Review endpoint through the language server, under both capability profiles (VS Code pulls
diagnostics and opens documents; Neovim 0.7 is pushed to and has no showDocument)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any, Union

import pytest
import pytest_lsp
from lsp.conftest import init_params, record_pushes
from lsp.helpers import change_doc, diagnostics, open_doc, position_of, wait_indexed
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SQL_FIX, SQL_SNIPPET, good_input
from .fake_api import FakeAnthropic, Reply

SERVER = [sys.executable, "-m", "backend_architect", "serve"]
AGENT = "backend-architect (agent)"
REVIEW_KIND = "refactor.backend-architect.review"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["vscode", "neovim"])
async def client(
    lsp_client: LanguageClient,
    request: pytest.FixtureRequest,
    review_ws: Path,
    fake_api: FakeAnthropic,
    tmp_path: Path,
):
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    fix_code_action_union(lsp_client)
    options = {
        "anthropicApiKey": "test-key",
        "anthropicBaseUrl": fake_api.url,
        "cacheDir": str(tmp_path / "ba-cache"),
        "timeout": 10,
    }
    await lsp_client.initialize_session(init_params(request.param, review_ws, options))
    yield
    await lsp_client.shutdown_session()


def fix_code_action_union(client: LanguageClient) -> None:
    """lsprotocol reads any code action that has a ``command`` as a bare Command (its hook
    checks only for the key); editors tell them apart by the type of ``command``, so do that."""
    converter = client.protocol._converter

    def hook(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)  # noqa: UP007


async def review_action(client: LanguageClient, uri: str, pos: types.Position) -> types.CodeAction:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=pos, end=pos),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    found = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.kind == REVIEW_KIND]
    assert len(found) == 1, actions
    assert found[0].command is not None and found[0].edit is None  # carried directly
    return found[0]


async def agent_diagnostics(
    client: LanguageClient, uri: str, want: int, timeout: float = 15
) -> list[types.Diagnostic]:
    async def poll() -> list[types.Diagnostic]:
        while True:
            got = await diagnostics(client, uri)
            if sum(d.source == AGENT for d in got) == want:
                return got
            await asyncio.sleep(0.1)

    return await asyncio.wait_for(poll(), timeout)


async def test_review_gives_diagnostics_quick_fix_report_and_progress(
    client: LanguageClient, review_ws: Path, fake_api: FakeAnthropic, tmp_path: Path
) -> None:
    fake_api.then(Reply(tool_input=good_input(), event_delay=0.01))
    path = review_ws / "app/routers/orders.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    action = await review_action(client, uri, position_of(path, "def read_order", 6))
    # the handler's body is a place to ask too, and another line is not
    await review_action(client, uri, position_of(path, "row = conn.execute", 2))
    result: Any = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    assert result["findings"] == 3 and result["model"].startswith("claude-")

    diags = await agent_diagnostics(client, uri, 3)
    # one set: the checklist's BA101 and the agent's findings together
    assert {d.source for d in diags} == {"backend-architect", AGENT}
    sql = next(
        d
        for d in diags
        if d.source == AGENT and d.severity == types.DiagnosticSeverity.Error and "SQL" in d.message
    )
    line = path.read_text().splitlines()[sql.range.start.line]
    assert line[sql.range.start.character : sql.range.end.character] == SQL_SNIPPET

    # progress: begun, reported while streaming, ended
    reviews = [v for k, v in client.progress_reports.items() if "review" in str(k)]
    assert reviews and isinstance(reviews[0][0], types.WorkDoneProgressBegin)
    assert any(isinstance(r, types.WorkDoneProgressReport) for r in reviews[0])
    assert isinstance(reviews[0][-1], types.WorkDoneProgressEnd)

    # the report: opened where the client can, else named in a message
    report = Path(result["report"])
    assert report.is_file() and "## Agent report" in report.read_text()
    assert str(tmp_path / "ba-cache") in str(report)
    if client.profile == "vscode":  # type: ignore[attr-defined]
        assert [d.uri for d in client.shown_documents] == [report.as_uri()]
    else:
        assert not client.shown_documents
        assert any(str(report) in m.message for m in client.messages)

    # the quick fix carries its edit; applying it changes the handler, and the agent's
    # findings for that code go away
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=sql.range,
            context=types.CodeActionContext(diagnostics=[sql]),
        )
    )
    fixes = [
        a
        for a in actions or []
        if isinstance(a, types.CodeAction)
        and a.kind == types.CodeActionKind.QuickFix
        and a.diagnostics
        and a.diagnostics[0].source == AGENT
    ]
    assert len(fixes) == 1 and fixes[0].edit is not None and fixes[0].edit.changes
    (edit,) = fixes[0].edit.changes[uri]
    lines = path.read_text().splitlines(keepends=True)
    row = lines[edit.range.start.line]
    lines[edit.range.start.line] = (
        row[: edit.range.start.character] + edit.new_text + row[edit.range.end.character :]
    )
    fixed = "".join(lines)
    assert SQL_FIX in fixed and SQL_SNIPPET not in fixed
    change_doc(client, uri, fixed, 2)
    after = await agent_diagnostics(client, uri, 0)
    assert all(d.source != AGENT for d in after)


@pytest.mark.parametrize("how", ["cancelRequest", "progressCancel"])
async def test_cancel_leaves_nothing_behind(
    client: LanguageClient, review_ws: Path, fake_api: FakeAnthropic, tmp_path: Path, how: str
) -> None:
    fake_api.then(Reply(tool_input=good_input(), delay=8))
    path = review_ws / "app/routers/orders.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    action = await review_action(client, uri, position_of(path, "def read_order", 6))
    future = asyncio.ensure_future(
        client.protocol.send_request_async(
            types.WORKSPACE_EXECUTE_COMMAND,
            types.ExecuteCommandParams(
                command=action.command.command, arguments=action.command.arguments
            ),
            msg_id="review-to-cancel",
        )
    )

    async def asked() -> None:
        while not fake_api.requests:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(asked(), 15)
    if how == "cancelRequest":
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="review-to-cancel"))
    else:
        token = next(k for k in client.progress_reports if "review" in str(k))
        client.protocol.notify(
            types.WINDOW_WORK_DONE_PROGRESS_CANCEL, types.WorkDoneProgressCancelParams(token=token)
        )
    try:
        outcome = await asyncio.wait_for(future, 10)
    except Exception as exc:  # $/cancelRequest: the request answers RequestCancelled
        assert how == "cancelRequest" and "cancel" in str(exc).lower()
    else:
        assert how == "progressCancel" and outcome is None
    await asyncio.sleep(1.0)
    assert all(d.source != AGENT for d in await diagnostics(client, uri))
    assert not (tmp_path / "ba-cache" / "reports").exists()
    assert not list((tmp_path / "ba-cache").rglob("*.json"))
    assert not client.shown_documents
    assert not any("Review" in m.message or "review" in m.message for m in client.messages)


async def test_a_malformed_project_agent_file_is_reported_once_with_the_file_used(
    client: LanguageClient, review_ws: Path, fake_api: FakeAnthropic
) -> None:
    """Before: the project's own backend-architect.md did not load, the bundled agent was
    used in its place and nobody was told."""
    agents = review_ws / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "backend-architect.md").write_text(
        "---\nname: backend-architect\nthis line is not a key\n---\nOur own reviewer.\n"
    )
    fake_api.then(Reply(tool_input=good_input()), Reply(tool_input=good_input()))
    path = review_ws / "app/routers/orders.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    action = await review_action(client, uri, position_of(path, "def read_order", 6))
    params = types.ExecuteCommandParams(
        command=action.command.command, arguments=action.command.arguments
    )
    for _ in range(2):
        result: Any = await client.workspace_execute_command_async(params)
        assert result["agent"] == "backend-architect"
    notes = [m.message for m in client.messages if "backend-architect.md" in m.message]
    assert len(notes) == 1, notes  # once, not once per review
    assert f"{agents / 'backend-architect.md'}:3:" in notes[0]
    assert "(bundled)" in notes[0] and "not loaded" in notes[0]
    assert "Our own reviewer." not in fake_api.requests[0].body["system"][0]["text"]


async def test_review_lens_beside_every_handler(client: LanguageClient, review_ws: Path) -> None:
    path = review_ws / "app/routers/orders.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert sum(1 for lens in lenses or [] if lens.command and lens.command.title == "Review") == 2


def test_cancel_in_the_same_write_as_the_command(
    review_ws: Path, fake_api: FakeAnthropic, tmp_path: Path
) -> None:
    """``$/cancelRequest`` in the same stdin chunk as the command: pygls cancels the request
    before its handler runs, and the review must not start (no API call, report, diagnostics
    or showDocument), not merely answer -32800 and carry on."""
    from lsp.raw import RawServer, initialize, request

    fake_api.then(Reply(tool_input=good_input()))  # a fast answer: a review that ran would finish
    path = review_ws / "app/routers/orders.py"
    options = {
        "anthropicApiKey": "test-key",
        "anthropicBaseUrl": fake_api.url,
        "cacheDir": str(tmp_path / "ba-cache"),
        "timeout": 10,
    }
    caps = {"window": {"showDocument": {"support": True}, "workDoneProgress": True}}
    server = RawServer()
    try:
        server.send(initialize(1, review_ws, capabilities=caps, initializationOptions=options))
        assert "result" in server.answer(1)
        text = path.read_text()
        uri = path.as_uri()
        server.send(
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}
                },
            },
        )
        pos = position_of(path, "def read_order", 6)
        server.send(request(2, "workspace/symbol", {"query": ""}))  # wait for the index
        server.answer(2, timeout=30)
        server.send(
            request(
                3,
                "workspace/executeCommand",
                {
                    "command": "backend-architect.review",
                    "arguments": [uri, pos.line, pos.character],
                },
            ),
            {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 3}},
        )
        assert server.answer(3)["error"]["code"] == -32800
        with contextlib.suppress(TimeoutError):  # 3 s of answering the server's requests
            server.answer("nothing", timeout=3)
        assert not fake_api.requests
        assert not (tmp_path / "ba-cache" / "reports").exists()
        methods = [m.get("method") for m in server.seen]
        assert "window/showDocument" not in methods
        agent = [
            d
            for m in server.seen
            if m.get("method") == "textDocument/publishDiagnostics"
            for d in m["params"]["diagnostics"]
            if d.get("source") == AGENT
        ]
        assert not agent
        assert not [
            m
            for m in server.seen
            if m.get("method") == "window/showMessage" and "eview" in m["params"]["message"]
        ]
    finally:
        server.close()

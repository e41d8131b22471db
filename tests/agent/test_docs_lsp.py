"""Document API and Document endpoint with the agent, through the language server (the VS Code
profile: it creates files and opens documents): with a key, two more actions of kind
``refactor.backend-architect.document`` run commands that ask the scripted API with
``$/progress`` and apply the result with ``workspace/applyEdit``; a rejected reply applies the
static result; a cancel applies nothing; without a key the actions are not offered and the
command applies the static result."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from _support import WORKSPACES
from lsp.conftest import init_params, record_pushes
from lsp.helpers import open_doc, position_of, wait_indexed
from lsp.test_code_actions import apply_text_edits
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .fake_api import FakeAnthropic, Reply
from .test_docs_agent import reply
from .test_review_lsp import SERVER, fix_code_action_union

KIND = "refactor.backend-architect.document"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    dest = tmp_path / "shop"
    shutil.copytree(WORKSPACES / "docs_contract_v1", dest)
    (dest / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    return dest


async def start(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic, tmp_path: Path, key: bool
) -> None:
    record_pushes(client)
    fix_code_action_union(client)
    client.edits = []  # type: ignore[attr-defined]

    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        client.edits.append(params.edit)  # type: ignore[attr-defined]
        return types.ApplyWorkspaceEditResult(applied=True)

    client.protocol.fm.features[types.WORKSPACE_APPLY_EDIT] = on_apply
    options: dict[str, Any] = {
        "anthropicBaseUrl": fake_api.url,
        "cacheDir": str(tmp_path / "ba-cache"),
        "timeout": 10,
        "maxRetries": 0,
    }
    if key:
        options["anthropicApiKey"] = "test-key"
    await client.initialize_session(init_params("vscode", shop, options))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, shop: Path, fake_api: FakeAnthropic, tmp_path: Path):
    await start(lsp_client, shop, fake_api, tmp_path, key=True)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def keyless(lsp_client: LanguageClient, shop: Path, fake_api: FakeAnthropic, tmp_path: Path):
    await start(lsp_client, shop, fake_api, tmp_path, key=False)
    yield
    await lsp_client.shutdown_session()


async def actions_at(client: LanguageClient, shop: Path) -> tuple[str, list[types.CodeAction]]:
    path = shop / "main.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    pos = position_of(path, "def read_item", 6)
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=pos, end=pos),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Refactor]),
        )
    )
    return uri, [a for a in found or [] if isinstance(a, types.CodeAction)]


def files_of(edit: types.WorkspaceEdit) -> dict[str, str]:
    out = {}
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit):
            (text_edit,) = change.edits
            assert isinstance(text_edit, types.TextEdit)
            out[Path(change.text_document.uri.removeprefix("file://")).name] = text_edit.new_text
    return out


async def run(client: LanguageClient, action: types.CodeAction) -> Any:
    assert action.command is not None and action.edit is None
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )


def with_agent(actions: list[types.CodeAction], title: str) -> types.CodeAction:
    (found,) = [a for a in actions if a.kind == KIND and a.title.startswith(title)]
    return found


async def test_document_api_with_the_agent(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    _uri, actions = await actions_at(client, shop)
    fake_api.then(reply())
    answer = await run(client, with_agent(actions, "Document API (with the agent)"))
    assert answer["agent"] == "documented" and answer["applied"], answer
    (edit,) = client.edits  # type: ignore[attr-defined]
    files = files_of(edit)
    assert "One item of the catalogue, by its id." in files["api.md"]
    assert "**pagination** (`GET /items`, `GET /owners`)" in files["api.md"]
    assert '"description": "Unit price, VAT included."' in files["openapi.json"]
    reports = [v for k, v in client.progress_reports.items() if "document" in str(k)]
    assert reports and isinstance(reports[0][0], types.WorkDoneProgressBegin)
    assert isinstance(reports[0][-1], types.WorkDoneProgressEnd)


async def test_document_endpoint_with_the_agent(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    one = reply().tool_input
    one["operations"] = one["operations"][:1]  # the endpoint's own contract is all it sees
    fake_api.then(Reply(tool_input=one, tool_name="report_documentation"))
    uri, actions = await actions_at(client, shop)
    answer = await run(client, with_agent(actions, "Document endpoint GET /items/{item_id}"))
    body = fake_api.requests[0].body
    assert "/items/{item_id}" in str(body["messages"]) and "/owners" not in str(body["messages"])
    assert answer["agent"] == "documented" and answer["applied"] and answer["lines"] == 2
    (edit,) = client.edits  # type: ignore[attr-defined]
    assert edit.changes is not None
    text = apply_text_edits((shop / "main.py").read_text(), edit.changes[uri])
    assert "        GET: One item of the catalogue, by its id." in text
    assert "        422: item_id is not an integer." in text
    compile(text, "main.py", "exec")


async def test_a_rejected_reply_applies_the_static_documents(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(
        reply(fields=[{"schema": "Item", "field": "colour", "description": "Its colour."}])
    )
    _uri, actions = await actions_at(client, shop)
    answer = await run(client, with_agent(actions, "Document API (with the agent)"))
    assert answer["agent"] == "rejected" and answer["applied"]
    (edit,) = client.edits  # type: ignore[attr-defined]
    assert "One item of the catalogue" not in files_of(edit)["api.md"]
    assert any("was rejected" in m.message for m in client.messages)


async def test_cancel_applies_nothing(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(Reply(tool_input=reply().tool_input, tool_name="report_documentation", delay=8))
    _uri, actions = await actions_at(client, shop)
    action = with_agent(actions, "Document API (with the agent)")
    assert action.command is not None
    future = asyncio.ensure_future(
        client.protocol.send_request_async(
            types.WORKSPACE_EXECUTE_COMMAND,
            types.ExecuteCommandParams(
                command=action.command.command, arguments=action.command.arguments
            ),
            msg_id="docs-to-cancel",
        )
    )

    async def asked() -> None:
        while not fake_api.requests:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(asked(), 15)
    token = next(k for k in client.progress_reports if "document" in str(k))
    client.protocol.notify(
        types.WINDOW_WORK_DONE_PROGRESS_CANCEL, types.WorkDoneProgressCancelParams(token=token)
    )
    outcome = await asyncio.wait_for(future, 10)
    assert outcome == {"cancelled": True}
    await asyncio.sleep(0.5)
    assert client.edits == []  # type: ignore[attr-defined]


async def test_an_api_failure_applies_the_static_documents(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(Reply(status=500))
    _uri, actions = await actions_at(client, shop)
    answer = await run(client, with_agent(actions, "Document API (with the agent)"))
    assert answer["agent"] == "failed" and answer["applied"]
    (edit,) = client.edits  # type: ignore[attr-defined]
    assert "## Notes from the agent" not in files_of(edit)["api.md"]
    assert any("the agent failed" in m.message for m in client.messages)
    reports = [v for k, v in client.progress_reports.items() if "document" in str(k)]
    assert reports[0][-1].message == "The agent failed"  # type: ignore[union-attr]


async def test_without_a_key_no_agent_action_and_the_static_result(
    keyless: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    uri, actions = await actions_at(keyless, shop)
    assert not [a for a in actions if a.kind == KIND]
    assert any(a.title == "Document API" for a in actions)
    answer = await keyless.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command="backend-architect.documentWithAgent", arguments=[uri, {"scope": "api"}]
        )
    )
    assert answer["agent"] == "no-key" and answer["applied"] and fake_api.requests == []
    (edit,) = keyless.edits  # type: ignore[attr-defined]
    assert "## Notes from the agent" not in files_of(edit)["api.md"]

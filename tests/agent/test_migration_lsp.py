"""Generate migration with a key configured, through the language server under both client
profiles: the action's command runs the agent's review with ``$/progress`` before the revision
is created (``workspace/applyEdit`` with ``CreateFile`` in VS Code; written by the server for
Neovim 0.7), its notes are comments at the operations they quote; a reply that rewrites an
operation, or an API failure, leaves the static revision and a message says so."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from _support import EXAMPLES
from lsp.conftest import init_params, record_pushes
from lsp.helpers import diagnostics, open_doc, wait_indexed
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .fake_api import FakeAnthropic, Reply
from .test_review_lsp import SERVER, fix_code_action_union

ADD = "op.add_column('orders', sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True))"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    dest = tmp_path / "fastapi_shop"
    shutil.copytree(EXAMPLES / "fastapi_shop", dest)
    return dest


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["vscode", "neovim"])
async def client(
    lsp_client: LanguageClient,
    request: pytest.FixtureRequest,
    shop: Path,
    fake_api: FakeAnthropic,
    tmp_path: Path,
):
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    fix_code_action_union(lsp_client)
    lsp_client.applied = []  # type: ignore[attr-defined]

    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        from lsp.test_migration_action import apply_created

        lsp_client.applied.append(apply_created(params.edit))  # type: ignore[attr-defined]
        return types.ApplyWorkspaceEditResult(applied=True)

    lsp_client.protocol.fm.features[types.WORKSPACE_APPLY_EDIT] = on_apply
    options = {
        "anthropicApiKey": "test-key",
        "anthropicBaseUrl": fake_api.url,
        "cacheDir": str(tmp_path / "ba-cache"),
        "timeout": 10,
        "maxRetries": 0,
    }
    await lsp_client.initialize_session(init_params(request.param, shop, options))
    yield
    await lsp_client.shutdown_session()


async def run_action(client: LanguageClient, shop: Path) -> tuple[Any, Path | None]:
    await wait_indexed(client)
    uri = open_doc(client, shop / "app" / "models" / "order.py")
    found = [d for d in await diagnostics(client, uri, 1) if d.code == "BA801"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found[:1]),
        )
    )
    (action,) = [
        a
        for a in actions or []
        if isinstance(a, types.CodeAction) and a.title.startswith("Generate migration")
    ]
    assert action.title.endswith("(reviewed by the agent)") and action.edit is None
    assert action.command is not None
    versions = shop / "migrations" / "versions"
    before = set(versions.iterdir())
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    created = set(versions.iterdir()) - before
    assert len(created) <= 1
    path = created.pop() if created else None
    if client.profile == "vscode":  # type: ignore[attr-defined]
        assert client.applied == ([path] if path else [])  # type: ignore[attr-defined]
    else:
        assert client.applied == []  # type: ignore[attr-defined]
    return answer, path


def note_reply(operation: str) -> Reply:
    return Reply(
        tool_name="report_migration_review",
        tool_input={
            "notes": [
                {
                    "operation": operation,
                    "concern": "two-step-deploy",
                    "note": "Deploy the code that writes shipped_at after this revision runs.",
                }
            ],
            "summary": "Safe: a nullable column and a concurrent index.",
        },
    )


async def test_the_agent_notes_the_revision_with_progress(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(note_reply(ADD))
    answer, path = await run_action(client, shop)
    assert answer["agent"] == "reviewed" and path is not None, answer
    lines = path.read_text().splitlines()
    at = lines.index("    " + ADD)
    assert lines[at - 2].startswith("    # backend-architect (agent): [two-step-deploy] Deploy")
    assert lines[at - 1] == "    #   revision runs."
    compile(path.read_text(), str(path), "exec")
    reports = [v for k, v in client.progress_reports.items() if "migration" in str(k)]
    assert reports and isinstance(reports[0][0], types.WorkDoneProgressBegin)
    assert isinstance(reports[0][-1], types.WorkDoneProgressEnd)
    assert "1 note(s)" in (reports[0][-1].message or "")


async def test_a_rewritten_operation_is_rejected(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(note_reply(ADD.replace("nullable=True", "nullable=False")))
    answer, path = await run_action(client, shop)
    assert answer["agent"] == "rejected" and path is not None
    text = path.read_text()
    assert "backend-architect (agent)" not in text and ADD in text
    assert any("was rejected" in m.message for m in client.messages)


async def test_an_api_failure_leaves_the_static_revision(
    client: LanguageClient, shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(Reply(status=500), Reply(status=500), Reply(status=500))
    answer, path = await run_action(client, shop)
    assert answer["agent"] == "failed" and path is not None
    assert ADD in path.read_text() and "backend-architect (agent)" not in path.read_text()
    assert any("the agent failed" in m.message for m in client.messages)

"""Generate migration end to end: the example shop's pending model change shows BA801, the code
action's edit creates the revision file (or, for a client that cannot create files, its command
writes it), and with the file in place the diagnostic is gone."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from _support import EXAMPLES
from agent.test_review_lsp import fix_code_action_union
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SERVER, init_params, record_pushes
from .helpers import diagnostics, open_doc, wait_indexed


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    dest = tmp_path / "fastapi_shop"
    shutil.copytree(EXAMPLES / "fastapi_shop", dest)
    return dest


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["vscode", "neovim"])
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, shop: Path):
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    fix_code_action_union(lsp_client)
    await lsp_client.initialize_session(init_params(request.param, shop))
    yield
    await lsp_client.shutdown_session()


def apply_created(edit: types.WorkspaceEdit) -> Path:
    """Apply a CreateFile + insert edit as an editor does; the created file."""
    assert edit.document_changes is not None
    create, change = edit.document_changes
    assert isinstance(create, types.CreateFile) and isinstance(change, types.TextDocumentEdit)
    assert create.options is not None and create.options.overwrite is False
    path = Path(create.uri.removeprefix("file://"))
    assert not path.exists()
    (text_edit,) = change.edits
    assert isinstance(text_edit, types.TextEdit) and text_edit.range.start == types.Position(0, 0)
    path.write_text(text_edit.new_text)
    return path


async def test_generate_migration_action(client: LanguageClient, shop: Path) -> None:
    await wait_indexed(client)
    model = shop / "app" / "models" / "order.py"
    uri = open_doc(client, model)
    found = [d for d in await diagnostics(client, uri, 1) if d.code == "BA801"]
    assert {d.range.start.line for d in found} == {16, 17}, found
    assert "orders.shipped_at" in found[0].message
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found[:1]),
        )
    )
    generate = [
        a
        for a in actions or []
        if isinstance(a, types.CodeAction) and a.title.startswith("Generate migration")
    ]
    assert len(generate) == 1, actions
    action = generate[0]
    assert action.kind == "refactor.backend-architect.migration"
    versions = shop / "migrations" / "versions"
    before = set(versions.iterdir())
    # VS Code creates files through document changes; Neovim 0.7 has no documentChanges
    assert (action.edit is not None) == (client.profile == "vscode")  # type: ignore[attr-defined]
    if action.edit is not None:
        created = apply_created(action.edit)
    else:  # a client without resourceOperations "create": the command writes the file
        assert action.command is not None
        answer = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(
                command=action.command.command, arguments=action.command.arguments
            )
        )
        created = Path(answer["path"])
    assert set(versions.iterdir()) - before == {created}
    text = created.read_text()
    compile(text, str(created), "exec")
    assert "down_revision: str | None = '0002'" in text
    assert (
        "op.add_column('orders', sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True))"
        in text
    )
    assert (
        "    with op.get_context().autocommit_block():\n"
        "        op.create_index(op.f('ix_orders_tracking_code'), 'orders', ['tracking_code'],"
        " unique=False, postgresql_concurrently=True)" in text
    )
    assert "op.drop_column('orders', 'shipped_at')" in text
    # the project's file_template (%(rev)s_%(slug)s) names it
    assert created.name.endswith(".py") and "_" in created.name
    # with the revision in place the models match head: the CLI's check agrees
    check = subprocess.run(
        [sys.executable, "-m", "backend_architect", "migrate", str(shop), "--check"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(text=model.read_text() + "\n")
            ],
        )
    )
    assert [d for d in await diagnostics(client, uri, 2) if d.code == "BA801"] == []

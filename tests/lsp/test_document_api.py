""" "Document endpoint" and "Document API" end to end, under both client profiles: the docstring
edit applied to the text (and applied again: the block is replaced, not repeated), and the
project's documents arriving as one ``workspace/applyEdit`` whose ``CreateFile``s and texts,
applied here, give a Markdown file and a valid OpenAPI 3.1 document."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

from .helpers import change_doc, open_doc, position_of, wait_indexed
from .test_code_actions import apply_text_edits


async def _actions(client: LanguageClient, uri: str, pos: types.Position) -> list[types.CodeAction]:
    answer = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=pos, end=pos),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Refactor]),
        )
    )
    out = []
    for a in answer or []:
        if isinstance(a, types.Command) and a.command.startswith("{"):
            # the client's converter reads a CodeAction that carries only a command as a
            # Command whose ``command`` is the nested command's repr: read it back
            nested = ast.literal_eval(a.command)
            command = types.Command(
                title=nested["title"], command=nested["command"], arguments=nested.get("arguments")
            )
            a = types.CodeAction(title=a.title, command=command)
        if isinstance(a, types.CodeAction):
            out.append(a)
    return out


async def test_document_endpoint_writes_and_updates_the_docstring(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    path = root / "app" / "routers" / "users.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    text = path.read_text()
    for version in (2, 3):  # a second run replaces its block
        pos = (
            position_of(path, "def create_user") if version == 2 else _pos(text, "def create_user")
        )
        actions = await _actions(client, uri, pos)
        action = next(a for a in actions if a.title.startswith("Document endpoint"))
        assert action.kind == "refactor.backend-architect.documentEndpoint"
        assert action.edit is not None and action.edit.changes is not None
        text = apply_text_edits(text, action.edit.changes[uri])
        change_doc(client, uri, text, version)
    fn = next(
        n
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.FunctionDef) and n.name == "create_user"
    )
    doc = ast.get_docstring(fn) or ""
    assert doc.count("Contract (backend-architect):") == 1
    assert "POST /api/v1/users/create -> 201 UserOut" in doc
    assert "body: UserIn (application/json, required)" in doc
    assert "422 Validation Error" in doc
    # the handler the developer had documented keeps its words
    assert '"""Return one user."""' in text


def _pos(text: str, needle: str) -> types.Position:
    for i, line in enumerate(text.splitlines()):
        if needle in line:
            return types.Position(line=i, character=line.index(needle) + 4)
    raise AssertionError(needle)


async def test_document_api_arrives_as_one_workspace_edit(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    applied: list[types.ApplyWorkspaceEditParams] = []

    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        applied.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    client.protocol.fm.features[types.WORKSPACE_APPLY_EDIT] = on_apply
    client.protocol.fm.features[types.WINDOW_SHOW_DOCUMENT] = lambda p: types.ShowDocumentResult(
        success=True
    )
    path = root / "app" / "routers" / "users.py"
    uri = open_doc(client, path)
    await wait_indexed(client)
    actions = await _actions(client, uri, position_of(path, "def read_user"))
    action = next((a for a in actions if a.title == "Document API"), None)
    assert action is not None, [a.title for a in actions]
    assert action.command is not None
    answer: Any = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    assert answer["applied"] is True
    assert len(applied) == 1, "one WorkspaceEdit, one undo step"
    changes = applied[0].edit.document_changes or []
    created = [c.uri for c in changes if isinstance(c, types.CreateFile)]
    assert created == [
        (root / "docs" / "api.md").as_uri(),
        (root / "docs" / "openapi.json").as_uri(),
    ]
    texts = {
        c.text_document.uri: "".join(e.new_text for e in c.edits)
        for c in changes
        if isinstance(c, types.TextDocumentEdit)
    }
    markdown = texts[(root / "docs" / "api.md").as_uri()]
    assert "## `GET /api/v1/users/{user_id}`" in markdown and "curl -X GET" in markdown
    doc = json.loads(texts[(root / "docs" / "openapi.json").as_uri()])
    from openapi_spec_validator import validate

    validate(doc)
    assert set(doc["paths"]) >= {"/api/v1/users/{user_id}", "/api/v1/users/create"}

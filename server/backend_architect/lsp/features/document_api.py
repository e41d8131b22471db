"""Document API in the editor: "Document endpoint" (the handler's docstring, carried in the
action) and "Document API" (a command that builds the project's contracts and applies them as
one ``WorkspaceEdit``: ``CreateFile`` + the text of docs/api.md and docs/openapi.json, one undo
step), then shows the Markdown."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

from ...core.model import Span
from ..language_server import BackendArchitectServer
from .code_actions import _workspace_edit, add_provider

DOCUMENT_API_COMMAND = "backend-architect.documentApi"
ENDPOINT_KIND = "refactor.backend-architect.documentEndpoint"
API_KIND = "refactor.backend-architect.documentApi"


def document_actions(
    ls: BackendArchitectServer,
    doc: TextDocument,
    path: str,
    span: Span,
    params: types.CodeActionParams,
) -> list[types.CodeAction]:
    assert ls.ws is not None
    from ...actions.document_api.edits import docstring_edit
    from ...actions.review import find_route

    route = find_route(ls.ws, path, span.start)
    if route is None or not (route.body_span or route.span).contains(span.start):
        return []
    actions = []
    # before the start-up index is done, names resolve partly: a docstring written then
    # would carry a wrong contract (a path without its prefix, models unresolved)
    ready = ls.ws.ready.is_set()
    edit = docstring_edit(ls.ws, route, doc.source) if ready else None
    if edit is not None:
        actions.append(
            types.CodeAction(
                title=f"Document endpoint {route.label}",
                kind=ENDPOINT_KIND,
                edit=_workspace_edit(doc, [edit]),
            )
        )
    if _creates_files(ls):
        actions.append(
            types.CodeAction(
                title="Document API",
                kind=API_KIND,
                command=types.Command(
                    title="Document API", command=DOCUMENT_API_COMMAND, arguments=[doc.uri]
                ),
            )
        )
    return actions


def _creates_files(ls: BackendArchitectServer) -> bool:
    """The client applies ``documentChanges`` with ``CreateFile`` (VS Code; Neovim advertises
    only the resource operation, and applies both)."""
    edit = getattr(getattr(ls.client_capabilities, "workspace", None), "workspace_edit", None)
    operations = getattr(edit, "resource_operations", None) or ()
    return bool(getattr(edit, "document_changes", None)) or (
        types.ResourceOperationKind.Create in operations
    )


async def document_api_command(ls: BackendArchitectServer, uri: str) -> dict[str, Any] | None:
    from ...actions.document_api.edits import OutsideWorkspace, api_files

    if ls.ws is None:
        return None
    await ls.index_ready(timeout=60)
    try:
        files = api_files(ls.ws)
    except OutsideWorkspace as exc:
        ls.show_message(f"Document API: {exc}", types.MessageType.Error)
        return {"error": "outside-workspace", "message": str(exc)}
    changes: list[Any] = []
    for f in files:
        file_uri = from_fs_path(f.path) or f.path
        changes.append(
            types.CreateFile(uri=file_uri, options=types.CreateFileOptions(overwrite=True))
        )
        start = types.Position(line=0, character=0)
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=file_uri),
                edits=[types.TextEdit(range=types.Range(start=start, end=start), new_text=f.text)],
            )
        )
    answer = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(
            edit=types.WorkspaceEdit(document_changes=changes), label="Document API"
        )
    )
    if not answer.applied:
        ls.show_message(
            f"Document API: the editor did not apply the edit ({answer.failure_reason or 'no reason given'})",
            types.MessageType.Warning,
        )
        return {"applied": False}
    shown = from_fs_path(files[0].path) or files[0].path
    if not await ls.show_document(shown):
        ls.show_message(
            "Document API written: " + ", ".join(f.path for f in files), types.MessageType.Info
        )
    return {"applied": True, "files": [f.path for f in files]}


def register(server: BackendArchitectServer) -> None:
    add_provider(server, document_actions, ENDPOINT_KIND, API_KIND)
    server.command(DOCUMENT_API_COMMAND)(document_api_command)

"""The project's documents (docs/api.md, docs/openapi.json) delivered as one ``WorkspaceEdit``:
``CreateFile`` + the text of each, one undo step in the editor; then the Markdown shown."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path

from ..language_server import BackendArchitectServer


async def apply_api_files(
    ls: BackendArchitectServer, doc: Any = None, notes: str = ""
) -> dict[str, Any]:
    """``doc``/``notes``: the agent's document and notes (default: the static document)."""
    from ...actions.document_api.edits import OutsideWorkspace, api_files

    assert ls.ws is not None
    try:
        files = api_files(ls.ws, doc, notes)
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

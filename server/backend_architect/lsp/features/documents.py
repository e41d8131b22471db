"""Document sync and diagnostics (pull for clients that can, push with versions otherwise)."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pygls.uris import from_fs_path

from ..language_server import BackendArchitectServer


def did_open(ls: BackendArchitectServer, params: types.DidOpenTextDocumentParams) -> None:
    # checked after the debounce, not inside the notification: requests the editor sends right
    # after opening (documentSymbol, codeLens, hover) are answered first, whatever the file's size
    ls.schedule(params.text_document.uri)


def did_change(ls: BackendArchitectServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


def did_close(ls: BackendArchitectServer, params: types.DidCloseTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if ls.ws is not None and path:
        ls.ws.close(path)
    if not ls.pull:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )


async def pull_diagnostics(
    ls: BackendArchitectServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    await ls.settings_ready()  # a first pull before the settings came would keep the defaults
    doc = ls.workspace.get_text_document(params.text_document.uri)
    result_id = ls.result_id(doc)
    if result_id is not None and result_id == params.previous_result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=ls.findings_for(doc), result_id=result_id
    )


async def workspace_diagnostics(
    ls: BackendArchitectServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    """Every Python file of the workspace; "unchanged" where the client's result id still holds
    (the file's text, the rule set and what the index says of the project are the same)."""
    if ls.ws is None:
        return types.WorkspaceDiagnosticReport(items=[])
    await ls.settings_ready()
    while not ls.ws.ready.is_set():  # the start-up index: rules that read it need it whole
        await asyncio.sleep(0.05)
    previous = {p.uri: p.value for p in params.previous_result_ids}
    items: list[types.WorkspaceDocumentDiagnosticReport] = []
    for n, path in enumerate([p for kind in ls.ws.project_files() for p in kind]):
        if n % 20 == 19:
            await asyncio.sleep(0)  # let edits and other requests through on a big workspace
        uri = from_fs_path(path) or path
        doc = ls.workspace.get_text_document(uri)
        result_id = ls.result_id(doc)
        if result_id is None:
            continue
        if previous.get(uri) == result_id:
            items.append(
                types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, version=doc.version, result_id=result_id
                )
            )
        else:
            # a closed file is diagnosed from disk, never made an overlay (see findings_for)
            found = (
                ls.findings_for(doc)
                if uri in ls.workspace.text_documents
                else [ls.diagnostic(f, doc) for f in ls.ws.diagnose(path, doc.source)]
            )
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, version=doc.version, items=found, result_id=result_id
                )
            )
    return types.WorkspaceDiagnosticReport(items=items)


def register(server: BackendArchitectServer) -> None:
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="backend-architect", inter_file_dependencies=True, workspace_diagnostics=True
        ),
    )(pull_diagnostics)
    server.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostics)

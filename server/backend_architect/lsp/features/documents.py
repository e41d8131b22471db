"""Document sync and diagnostics (pull for clients that can, push with versions otherwise)."""

from __future__ import annotations

from lsprotocol import types

from ..server import BackendArchitectServer, server


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BackendArchitectServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BackendArchitectServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BackendArchitectServer, params: types.DidCloseTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if ls.ws is not None and path:
        ls.ws.index.close_overlay(path)
    if not ls.pull:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(
        identifier="backend-architect", inter_file_dependencies=True, workspace_diagnostics=False
    ),
)
def pull_diagnostics(
    ls: BackendArchitectServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    return types.RelatedFullDocumentDiagnosticReport(items=ls.findings_for(doc))

"""Small async helpers for driving the server like an editor does."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from _support import WORKSPACES
from lsprotocol import types
from pytest_lsp import LanguageClient


async def wait_indexed(client: LanguageClient, timeout: float = 30) -> None:
    """Until the start-up indexing progress has ended."""

    async def ended() -> None:
        while not any(
            isinstance(r, types.WorkDoneProgressEnd)
            for reports in client.progress_reports.values()
            for r in reports
        ):
            await asyncio.sleep(0.05)

    await asyncio.wait_for(ended(), timeout)


def open_doc(client: LanguageClient, path: Path, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=path.read_text()
            )
        )
    )
    return uri


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(
    client: LanguageClient, uri: str, version: int | None = None, timeout: float = 15
) -> list[types.Diagnostic]:
    """The file's diagnostics the way this client gets them: pulled, or pushed for ``version``."""
    if client.profile == "vscode":  # type: ignore[attr-defined]
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)

    async def pushed() -> list[types.Diagnostic]:
        while True:
            got = client.diagnostics.get(uri)
            if got is not None and (
                version is None or client.diagnostic_versions.get(uri) == version
            ):  # type: ignore[attr-defined]
                return list(got)
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(pushed(), timeout)


def position_of(path: Path, needle: str, offset: int = 0) -> types.Position:
    for n, line in enumerate(path.read_text().splitlines()):
        col = line.find(needle)
        if col >= 0:
            return types.Position(line=n, character=col + offset)
    raise AssertionError(f"{needle!r} not in {path}")


def workspace_copy(tmp_path: Path, name: str) -> Path:
    """A private copy of tests/workspaces/<name>: tests edit files freely."""
    dest = tmp_path / name
    shutil.copytree(WORKSPACES / name, dest)
    return dest


def client_root(client: LanguageClient) -> Path:
    """The workspace the ``client`` fixture opened."""
    return client.root  # type: ignore[attr-defined,no-any-return]

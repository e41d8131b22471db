"""``workspace/didChangeWatchedFiles`` for files that are not modules, end to end (both client
profiles), on a copy of tests/workspaces/routes_connexion: an OpenAPI document connexion
serves changes its routes, ``pyproject.toml`` changes the settings, and a file no linker reads
changes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .helpers import client_root, diagnostics, open_doc, wait_indexed, workspace_copy
from .test_route_explorer import routes


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return workspace_copy(tmp_path, "routes_connexion")


def changed(client: LanguageClient, *paths: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=p.as_uri(), type=types.FileChangeType.Changed) for p in paths
            ]
        )
    )


async def paths(client: LanguageClient) -> set[tuple[str, str]]:
    return {(r["method"], r["path"]) for r in (await routes(client))["routes"]}


async def test_an_edited_openapi_document_changes_the_routes(client: LanguageClient) -> None:
    await wait_indexed(client)
    assert ("GET", "/admin/stats") in await paths(client)
    # a file no linker read: nothing is relinked (the route list's generation stays)
    unrelated = client_root(client) / "notes.json"
    unrelated.write_text("{}")
    before = (await routes(client))["generation"]
    changed(client, unrelated)
    assert (await routes(client))["generation"] == before
    spec = client_root(client) / "petshop" / "spec" / "admin.yaml"
    text = spec.read_text()
    assert "  /stats:\n" in text
    spec.write_text(text.replace("  /stats:\n", "  /statistics:\n"))
    changed(client, spec, unrelated)
    found = await paths(client)
    assert ("GET", "/admin/statistics") in found and ("GET", "/admin/stats") not in found
    assert ("DELETE", "/admin/cache") in found


async def test_an_edited_pyproject_changes_the_settings(client: LanguageClient) -> None:
    await wait_indexed(client)
    admin = client_root(client) / "petshop" / "api" / "admin.py"
    uri = open_doc(client, admin)
    assert "BA309" in {d.code for d in await diagnostics(client, uri, 1)}
    pyproject = client_root(client) / "pyproject.toml"
    pyproject.write_text('[tool.backend-architect]\nignore = ["BA309"]\n')
    client.diagnostics.pop(uri, None)
    changed(client, pyproject)

    async def codes_after_reload() -> set[str | int | None]:
        # the server asks the client for its settings before it re-reads them: a client that
        # pulls asks again once it is told to refresh, as VS Code does
        while True:
            codes = {d.code for d in await diagnostics(client, uri, 1)}
            if "BA309" not in codes:
                return codes
            await asyncio.sleep(0.1)

    assert "BA309" not in await asyncio.wait_for(codes_after_reload(), 15)

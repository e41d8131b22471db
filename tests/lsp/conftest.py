"""pytest-lsp clients for two capability profiles: VS Code (pull diagnostics) and Neovim 0.7
(push only, no showDocument). Every LSP test runs under both."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from _support import WORKSPACES
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "backend_architect", "serve"]


def capabilities(profile: str) -> types.ClientCapabilities:
    if profile == "vscode":
        caps = client_capabilities("visual-studio-code")
        # VS Code with vscode-languageclient >= 8 pulls diagnostics (LSP 3.17)
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
            dynamic_registration=True, related_document_support=False
        )
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
            refresh_support=True
        )
        return caps
    return client_capabilities("neovim@v0.7.0")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the test app: tests edit files freely."""
    dest = tmp_path / "lsp_app"
    shutil.copytree(WORKSPACES / "lsp_app", dest)
    return dest


def init_params(
    profile: str, root: Path, options: dict[str, Any] | None = None
) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=capabilities(profile),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options or {},
    )


def record_pushes(client: LanguageClient) -> None:
    """Keep every publishDiagnostics with its version (pytest-lsp keeps only the last list)."""
    client.pushes = []  # type: ignore[attr-defined]
    client.diagnostic_versions = {}  # type: ignore[attr-defined]

    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.diagnostic_versions[params.uri] = params.version  # type: ignore[attr-defined]
        client.pushes.append(params)  # type: ignore[attr-defined]

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
    # the VS Code profile advertises lens refresh; answer it as VS Code does
    client.protocol.fm.features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda params: None


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["vscode", "neovim"])
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path):
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    lsp_client.root = workspace  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    await lsp_client.initialize_session(init_params(request.param, workspace))
    yield
    await lsp_client.shutdown_session()

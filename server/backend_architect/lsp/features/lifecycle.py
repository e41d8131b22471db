"""Start-up, settings and files changed outside the editor."""

from __future__ import annotations

import asyncio
import os

from lsprotocol import types
from pygls.uris import to_fs_path

from ..language_server import BackendArchitectServer


def on_initialize(ls: BackendArchitectServer, params: types.InitializeParams) -> None:
    ls.init_options = params.initialization_options  # not an object: reported with the rest
    ls.pull = ls.client_supports("text_document", "diagnostic")
    folders = list(ls.workspace.folders.values())
    root = (
        ls.workspace.root_path or (to_fs_path(folders[0].uri) if folders else None) or os.getcwd()
    )
    ls.root = root  # the workspace is made on first use (see ``BackendArchitectServer.ws``)


async def on_initialized(ls: BackendArchitectServer, params: types.InitializedParams) -> None:
    try:
        await ls.load_settings()
    finally:
        ls.settings_loaded.set()
    ls._build_task = asyncio.ensure_future(ls.build_index())


async def on_configuration(
    ls: BackendArchitectServer, params: types.DidChangeConfigurationParams
) -> None:
    await ls.load_settings()
    ls.refresh_all()


async def did_change_watched(
    ls: BackendArchitectServer, params: types.DidChangeWatchedFilesParams
) -> None:
    """Files changed on disk: a Python module re-read (unless open: the editor's text is the
    truth), ``pyproject.toml`` re-read for settings, any other file (an OpenAPI document that
    connexion serves) relinked against."""
    if ls.ws is None:
        return
    settings = False
    data: list[str] = []
    for change in params.changes:
        path = ls.path_of(change.uri)
        if not path:
            continue
        if path.endswith(".py"):
            ls.ws.file_changed(path, deleted=change.type == types.FileChangeType.Deleted)
        elif os.path.basename(path) == "pyproject.toml":
            settings = True
        else:
            data.append(path)
    ls.ws.data_files_changed(data)
    if settings:
        await ls.load_settings()
    ls.refresh_all()


def register(server: BackendArchitectServer) -> None:
    server.feature(types.INITIALIZE)(on_initialize)
    server.feature(types.INITIALIZED)(on_initialized)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(on_configuration)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched)

"""``backendArchitect/routes``: every route and GraphQL operation with its group, auth and
findings, for a route explorer (VS Code's tree, Neovim's quickfix list); after an index change
that changes the list the server sends ``backendArchitect/routesChanged`` (see
``BackendArchitectServer.notify_routes_changed``). The contract is in docs/editors.md."""

from __future__ import annotations

from typing import Any

from pygls.uris import from_fs_path

from ...index.route_list import RouteEntry
from ..language_server import ROUTES_REQUEST, BackendArchitectServer
from .navigation import location


def _uri_param(params: Any) -> str | None:
    """``{"textDocument": {"uri": ...}}`` as pygls hands it over (an object or a dict)."""
    doc = getattr(params, "textDocument", None) or getattr(params, "text_document", None)
    if doc is None and isinstance(params, dict):
        doc = params.get("textDocument")
    uri = doc.get("uri") if isinstance(doc, dict) else getattr(doc, "uri", None)
    return uri if isinstance(uri, str) else None


def entry_json(ls: BackendArchitectServer, e: RouteEntry) -> dict[str, Any]:
    loc = location(ls, e.file, e.span)
    start, end = loc.range.start, loc.range.end
    return {
        "id": e.id,
        "kind": e.kind,
        "method": e.method,
        "path": e.path,
        "handler": e.handler,
        "uri": from_fs_path(e.file) or e.file,
        "range": {
            "start": {"line": start.line, "character": start.character},
            "end": {"line": end.line, "character": end.character},
        },
        "framework": e.framework,
        "group": list(e.group),
        "auth": list(e.auth),
        "findings": e.findings,
        "generated": e.generated,
    }


async def routes(ls: BackendArchitectServer, params: Any) -> dict[str, Any]:
    if ls.ws is None or not await ls.index_ready(timeout=30):
        return {"generation": 0, "routes": []}
    uri = _uri_param(params)
    path = ls.path_of(uri) if uri else None
    if uri is not None and path is None:
        return {"generation": ls.ws.index.generation, "routes": []}
    if uri is not None and uri in ls.workspace.text_documents:
        ls.sync(ls.workspace.get_text_document(uri))  # the editor's text, not the file's
    entries = ls.ws.route_list(path)
    return {
        "generation": ls.ws.index.generation,
        "routes": [entry_json(ls, e) for e in entries],
    }


def register(server: BackendArchitectServer) -> None:
    server.feature(ROUTES_REQUEST)(routes)

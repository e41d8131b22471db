"""A code lens above each client call of a route (``client.get("/api/v1/items/1")`` in a
test): the route it reaches; clicking it opens the handler (``window/showDocument``), or
names where it is when the client cannot be asked to open it. The call is resolved as
definition and hover resolve it (``Workspace.call_lenses``)."""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

from ...index.navigation import handler_name
from ..convert import to_range
from ..language_server import BackendArchitectServer
from .navigation import location

OPEN_HANDLER_COMMAND = "backend-architect.openHandler"


def call_lenses(ls: BackendArchitectServer, doc: TextDocument, path: str) -> list[types.CodeLens]:
    if ls.ws is None:
        return []
    out = []
    for lens in ls.ws.call_lenses(path, doc.source):
        first = lens.routes[0]
        title = f"→ {first.label} · {handler_name(first)}"
        if len(lens.routes) > 1:
            title += f" (+{len(lens.routes) - 1} more)"
        out.append(
            types.CodeLens(
                range=to_range(lens.span, doc.lines, doc.position_codec),
                command=types.Command(
                    title=title,
                    command=OPEN_HANDLER_COMMAND,
                    arguments=[
                        from_fs_path(first.file) or first.file,
                        first.span.start.line,
                        first.span.start.column,
                    ],
                ),
            )
        )
    return out


async def open_handler(ls: BackendArchitectServer, uri: str, line: int, column: int) -> bool:
    """The lens command: open the handler at its name; a message saying where otherwise."""
    path = ls.path_of(uri)
    if ls.ws is None or path is None:
        return False
    routes = [r for r in ls.ws.index.routes_in(path) if r.span.start.line == int(line)]
    span = routes[0].span if routes else None
    if span is None:
        return False
    loc = location(ls, path, span)
    if ls.client_supports("window", "show_document", "support"):
        try:
            answer = await ls.window_show_document_async(
                types.ShowDocumentParams(uri=loc.uri, take_focus=True, selection=loc.range)
            )
            if answer and answer.success:
                return True
        except Exception:  # a client that fails the request: say where instead
            pass
    ls.show_message(
        f"{routes[0].handler} is at {path}:{span.start.line + 1}", types.MessageType.Info
    )
    return False


def register(server: BackendArchitectServer) -> None:
    server.command(OPEN_HANDLER_COMMAND)(open_handler)

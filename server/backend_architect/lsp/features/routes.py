"""Route cards where the developer reads: hover on a handler, a code lens above it."""

from __future__ import annotations

from lsprotocol import types

from ...core.model import Position
from ..convert import from_position, to_range
from ..language_server import BackendArchitectServer
from .call_lenses import call_lenses  # above client calls: the route each reaches
from .review import review_lenses  # the review feature's "Review" lens beside each route's

SHOW_ROUTE_COMMAND = "backend-architect.showRoute"


async def hover(ls: BackendArchitectServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.checked_document(params.text_document.uri)
    if found is None or ls.ws is None or not await ls.index_ready(timeout=10):
        return None
    doc, path = found
    card = ls.ws.hover(
        path, from_position(params.position, doc.lines, doc.position_codec), doc.source
    )
    if card is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=card))


def code_lens(ls: BackendArchitectServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return []
    doc, path = found
    lenses = ls.ws.lenses(path)
    return (
        [
            types.CodeLens(
                range=to_range(lens.span, doc.lines, doc.position_codec),
                command=types.Command(
                    title=lens.title,
                    command=SHOW_ROUTE_COMMAND,
                    arguments=[doc.uri, lens.span.start.line, lens.span.start.column],
                ),
            )
            for lens in lenses
        ]
        + review_lenses(doc.uri, lenses, doc.lines, doc.position_codec)
        + call_lenses(ls, doc, path)
    )


def show_route(ls: BackendArchitectServer, uri: str, line: int, column: int) -> str | None:
    """The lens command: the route card as a message (editors also show it on hover)."""
    path = ls.path_of(uri)
    if ls.ws is None or path is None:
        return None
    card = ls.ws.hover(path, Position(int(line), int(column)))
    if card:
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=card))
    return card


def register(server: BackendArchitectServer) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)
    server.feature(types.TEXT_DOCUMENT_CODE_LENS)(code_lens)
    server.command(SHOW_ROUTE_COMMAND)(show_route)

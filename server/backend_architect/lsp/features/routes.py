"""Route cards where the developer reads: hover on a handler, a code lens above it."""

from __future__ import annotations

from lsprotocol import types

from ...core.model import Position
from ..convert import from_position, to_range
from ..server import BackendArchitectServer, server

SHOW_ROUTE_COMMAND = "backend-architect.showRoute"


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: BackendArchitectServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None or not await ls.index_ready(timeout=10):
        return None
    doc, path = found
    card = ls.ws.hover(
        path, from_position(params.position, doc.lines, doc.position_codec), doc.source
    )
    if card is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=card))


@server.feature(types.TEXT_DOCUMENT_CODE_LENS)
def code_lens(ls: BackendArchitectServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return []
    doc, path = found
    from .review import review_lenses  # the review feature's "Review" lens beside each route's

    lenses = ls.ws.lenses(path)
    return [
        types.CodeLens(
            range=to_range(lens.span, doc.lines, doc.position_codec),
            command=types.Command(
                title=lens.title,
                command=SHOW_ROUTE_COMMAND,
                arguments=[doc.uri, lens.span.start.line, lens.span.start.column],
            ),
        )
        for lens in lenses
    ] + review_lenses(doc.uri, lenses, doc.lines, doc.position_codec)


@server.command(SHOW_ROUTE_COMMAND)
def show_route(ls: BackendArchitectServer, uri: str, line: int, column: int) -> str | None:
    """The lens command: the route card as a message (editors also show it on hover)."""
    path = ls.path_of(uri)
    if ls.ws is None or path is None:
        return None
    card = ls.ws.hover(path, Position(int(line), int(column)))
    if card:
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=card))
    return card

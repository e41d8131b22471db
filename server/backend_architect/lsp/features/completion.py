"""Completion of route paths in client calls and route names in ``url_for``/``reverse``
(``index/url_completion.py``): each item with the route's methods and handler in its detail,
path parameters as snippet placeholders where the client takes snippets."""

from __future__ import annotations

from lsprotocol import types

from ...core.model import Position, Span
from ..convert import from_position, to_range
from ..language_server import BackendArchitectServer

TRIGGERS = ['"', "'", "/"]


def completion(
    ls: BackendArchitectServer, params: types.CompletionParams
) -> types.CompletionList | None:
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return None
    doc, _ = found
    pos = from_position(params.position, doc.lines, doc.position_codec)
    items = ls.ws.complete(doc.lines, pos)
    if not items:
        return None
    snippets = ls.client_supports(
        "text_document", "completion", "completion_item", "snippet_support"
    )
    out = []
    for n, c in enumerate(items):
        span = Span(Position(c.line, c.start), Position(c.line, c.end))
        rng = to_range(span, doc.lines, doc.position_codec)
        snippet = c.snippet if snippets else None
        out.append(
            types.CompletionItem(
                label=c.label,
                kind=types.CompletionItemKind.Reference
                if c.kind == "name"
                else types.CompletionItemKind.Value,
                detail=c.detail,
                sort_text=f"{n:04d}",
                filter_text=c.text,
                text_edit=types.TextEdit(range=rng, new_text=snippet or c.text),
                insert_text_format=types.InsertTextFormat.Snippet
                if snippet
                else types.InsertTextFormat.PlainText,
            )
        )
    return types.CompletionList(is_incomplete=False, items=out)


def register(server: BackendArchitectServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGERS, resolve_provider=False),
    )(completion)

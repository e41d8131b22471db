"""Navigation: from a URL string to its handler, from a handler to the places that call its URL,
routes as workspace and document symbols, full paths as inlay hints. Hover on a URL string is
``Workspace.hover`` (see ``routes.py``)."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pygls.uris import from_fs_path

from ...core.lines import lines_with_ends
from ...core.model import Route, Span
from ..convert import to_range
from ..language_server import BackendArchitectServer

OPERATION_KINDS = {
    "QUERY": types.SymbolKind.Field,
    "MUTATION": types.SymbolKind.Method,
    "SUBSCRIPTION": types.SymbolKind.Event,
}


def symbol_kind(route: Route) -> types.SymbolKind:
    """GraphQL operations by their kind; an HTTP route is its handler, a function."""
    for m in route.methods:
        if m in OPERATION_KINDS:
            return OPERATION_KINDS[m]
    return types.SymbolKind.Function


def location(ls: BackendArchitectServer, path: str, span: Span) -> types.Location:
    """A core span in any file as a protocol location (columns in the client's units)."""
    assert ls.ws is not None
    text = ls.ws.text(path) or ""  # the editor's text when open, else the file's
    lines = lines_with_ends(text)
    codec = ls.workspace.position_codec
    return types.Location(uri=from_fs_path(path) or path, range=to_range(span, lines, codec))


def definition(
    ls: BackendArchitectServer, params: types.DefinitionParams
) -> list[types.Location] | None:
    found = ls.python_position(params.text_document.uri, params.position)
    if found is None or ls.ws is None:
        return None
    doc, path, pos = found
    routes = ls.ws.url_routes_at(path, pos, doc.source)
    return [location(ls, r.file, r.span) for r in routes] or None


async def references(
    ls: BackendArchitectServer, params: types.ReferenceParams
) -> list[types.Location] | None:
    found = ls.python_position(params.text_document.uri, params.position)
    if found is None or ls.ws is None:
        return None
    _, path, pos = found
    # reads every Python file of the workspace (cached scans): off the loop, like indexing
    refs = await asyncio.to_thread(ls.ws.references, path, pos)
    out = [location(ls, r.path, r.span) for r in refs]
    if params.context.include_declaration and refs:
        declared = {(r.route.file, r.route.span) for r in refs}
        out = [location(ls, f, s) for f, s in sorted(declared)] + out
    return out or None


def workspace_symbol(
    ls: BackendArchitectServer, params: types.WorkspaceSymbolParams
) -> list[types.SymbolInformation]:
    if ls.ws is None:
        return []
    return [
        types.SymbolInformation(
            name=r.label,
            kind=symbol_kind(r),
            location=location(ls, r.file, r.span),
            container_name=r.handler,
        )
        for r in ls.ws.symbols(params.query)
    ]


def document_symbol(
    ls: BackendArchitectServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return []
    doc, path = found

    def rng(span: Span) -> types.Range:
        return to_range(span, doc.lines, doc.position_codec)

    groups = ls.ws.outline(path)
    if not ls.client_supports(
        "text_document", "document_symbol", "hierarchical_document_symbol_support"
    ):
        return [
            types.SymbolInformation(
                name=r.label,
                kind=symbol_kind(r),
                location=types.Location(uri=doc.uri, range=rng(g.range)),
                container_name=g.name,
            )
            for g in groups
            for r in g.routes
        ]
    # each handler holds the routes it serves, declared by its decorators
    return [
        types.DocumentSymbol(
            name=g.name,
            detail=g.handler,
            kind=types.SymbolKind.Function,
            range=rng(g.range),
            selection_range=rng(g.span),
            children=[
                types.DocumentSymbol(
                    name=r.label,
                    detail=r.framework,
                    kind=symbol_kind(r),
                    range=rng(ls.ws.declaration_span(r)),
                    selection_range=rng(ls.ws.declaration_span(r)),
                )
                for r in g.routes
            ],
        )
        for g in groups
    ]


def inlay_hint(ls: BackendArchitectServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return []
    doc, path = found
    first, last = params.range.start.line, params.range.end.line
    out = []
    for hint in ls.ws.route_hints(path, first, last):
        pos = to_range(Span(hint.position, hint.position), doc.lines, doc.position_codec).start
        if not (params.range.start <= pos <= params.range.end):
            continue  # same line, outside the requested columns
        out.append(
            types.InlayHint(
                position=pos,
                label=f"→ {hint.label}",
                padding_left=True,
                tooltip="the full path, prefixes included",
            )
        )
    return out


def register(server: BackendArchitectServer) -> None:
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(definition)
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(references)
    server.feature(types.WORKSPACE_SYMBOL)(workspace_symbol)
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(document_symbol)
    server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))(
        inlay_hint
    )

"""Documents kept on the LSP's line model, as the editor keeps them.

pygls's ``TextDocument`` splits lines with ``str.splitlines``, which also ends a line at a form
feed, U+0085, U+2028 and five other characters the specification does not count, and its
position conversion eats a newline (or splits a CRLF) for a column past a line's end: its copy
of a document drifts from the editor's. Here only ``\\n``, ``\\r\\n`` and ``\\r`` end a line
(``core/lines.py``, the model parsing and ``noqa`` use too), a position past a line's end is
that line's end and a line past the last is the document's end, as the specification says.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import unquote

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument, Workspace
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

from ..core.lines import line_ends, lines_with_ends
from ..core.source import read_regular

log = logging.getLogger(__name__)


def char_column(line: str, units: int, codec: PositionCodec) -> int:
    """The code point column of ``units`` client units into ``line`` (its end excluded),
    clamped to the line's length."""
    if units <= 0:
        return 0
    if line.isascii():
        return min(units, len(line))
    seen = 0
    for n, ch in enumerate(line):
        if seen >= units:
            return n
        seen += codec.impl.code_units_for_char(ch)
    return len(line)


def server_position(
    lines: Sequence[str], position: types.Position, codec: PositionCodec
) -> ServerTextPosition:
    """A client position in code points, clamped to the text (``lines`` keep their ends)."""
    if not lines:
        return ServerTextPosition(0, 0)
    line = max(position.line, 0)
    if line >= len(lines):
        last = lines[-1]
        if line_ends(last):  # the empty line after a final newline
            return ServerTextPosition(len(lines), 0)
        return ServerTextPosition(len(lines) - 1, len(last))
    text = lines[line]
    body = text[: len(text) - line_ends(text)]
    return ServerTextPosition(line, char_column(body, position.character, codec))


class SpecTextDocument(TextDocument):
    _lines_of: str | None = None
    _lines: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        if self._source is None:  # not open in the editor: the file, if it is a regular one
            path = to_fs_path(self.uri)
            data = read_regular(path) if path else None
            return data.decode("utf-8", "replace") if data is not None else ""
        return self._source

    @property
    def lines(self) -> Sequence[str]:
        source = self.source
        if self._lines_of is not source:
            self._lines, self._lines_of = tuple(lines_with_ends(source)), source
        return self._lines

    def offset_at_server_position(self, server_position: ServerTextPosition) -> int:
        lines = self.lines
        row = min(server_position.line, len(lines))
        return sum(len(line) for line in lines[:row]) + (
            server_position.character if row < len(lines) else 0
        )

    def position_from_client_units(self, position: types.Position) -> ServerTextPosition:
        return server_position(self.lines, position, self.position_codec)

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        lines = self.lines
        codec = self.position_codec
        start = server_position(lines, change.range.start, codec)
        end = server_position(lines, change.range.end, codec)
        if (end.line, end.character) < (start.line, start.character):
            start, end = end, start
        source = self.source
        a, b = self.offset_at_server_position(start), self.offset_at_server_position(end)
        self._source = source[:a] + change.text + source[b:]


class SpecWorkspace(Workspace):
    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return SpecTextDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self._position_codec,
        )

    def update_text_document(
        self,
        text_doc: types.VersionedTextDocumentIdentifier,
        change: types.TextDocumentContentChangeEvent,
    ) -> None:
        if unquote(text_doc.uri) not in self.text_documents:  # a change to a document never opened
            log.warning("didChange for %s, which is not open: ignored", text_doc.uri)
            return
        super().update_text_document(text_doc, change)

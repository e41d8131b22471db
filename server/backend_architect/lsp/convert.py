"""Core results to protocol types: spans in characters become ranges in the client's units."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..core.lines import line_ends
from ..core.model import Finding, Position, Severity, Span
from .text_document import server_position

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def to_position(p: Position, lines: Sequence[str], codec: PositionCodec) -> types.Position:
    """A position in characters, clamped to the text (``lines`` keep their ends: the
    document's): what the last good facts of a file since cut down say stays inside it."""
    if p.line >= len(lines) or p.line < 0:
        if p.line >= 0 and lines and line_ends(lines[-1]):
            return types.Position(line=len(lines), character=0)
        if not lines:
            return types.Position(line=0, character=0)
        p = Position(len(lines) - 1, len(lines[-1]))
    text = lines[p.line]
    body = text[: len(text) - line_ends(text)]
    column = max(p.column, 0)
    if body.isascii():  # one unit a character in every encoding
        return types.Position(line=p.line, character=min(column, len(body)))
    return types.Position(line=p.line, character=codec.client_num_units(body[:column]))


def to_range(span: Span, lines: Sequence[str], codec: PositionCodec) -> types.Range:
    return types.Range(
        start=to_position(span.start, lines, codec), end=to_position(span.end, lines, codec)
    )


def from_position(pos: types.Position, lines: Sequence[str], codec: PositionCodec) -> Position:
    """A client position in characters on the specification's lines, clamped to the text."""
    server = server_position(lines, pos, codec)
    return Position(server.line, server.character)


def to_diagnostic(
    finding: Finding, lines: Sequence[str], codec: PositionCodec, rule_url: str | None
) -> types.Diagnostic:
    return types.Diagnostic(
        range=to_range(finding.span, lines, codec),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url) if rule_url else None,
        source=finding.source,
    )

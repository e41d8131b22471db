"""Core results to protocol types: spans in characters become ranges in the client's units."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..core.model import Finding, Position, Severity, Span

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def to_range(span: Span, lines: Sequence[str], codec: PositionCodec) -> types.Range:
    def pos(p: Position) -> types.Position:
        if p.line >= len(lines):
            return types.Position(line=p.line, character=p.column)
        return codec.position_to_client_units(
            lines, types.Position(line=p.line, character=p.column)
        )

    return types.Range(start=pos(span.start), end=pos(span.end))


def from_position(pos: types.Position, lines: Sequence[str], codec: PositionCodec) -> Position:
    server = codec.position_from_client_units(
        lines, types.Position(line=pos.line, character=pos.character)
    )
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

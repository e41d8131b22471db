"""Placing an agent's finding: its snippet searched in the *current* text, inside the handler,
never a line number trusted. Positions are 0-based lines and character columns."""

from __future__ import annotations

import re

from ..agents.redact import PLACEHOLDER_RE
from ..core.model import Position, Span


def line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def offset(starts: list[int], pos: Position) -> int:
    if pos.line >= len(starts):
        return starts[-1]
    return starts[pos.line] + pos.column


def position(starts: list[int], offset: int) -> Position:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return Position(lo, offset - starts[lo])


def _snippet_pattern(snippet: str) -> re.Pattern[str]:
    """The snippet with any whitespace run matching any whitespace, and each redaction
    placeholder matching the value it replaced (the agent saw placeholders, the file has the
    values)."""
    out: list[str] = []
    for piece in re.split(f"({PLACEHOLDER_RE.pattern})", snippet.strip()):
        if PLACEHOLDER_RE.fullmatch(piece):
            out.append(r"[^\n]+?")
        else:
            out.append(r"\s+".join(re.escape(w) for w in re.split(r"\s+", piece)))
    return re.compile("".join(out))


def anchor(snippet: str, text: str, span: Span) -> Span | str:
    """The span of ``snippet`` inside ``span`` of ``text``, or why it cannot be placed."""
    starts = line_starts(text)
    lo, hi = offset(starts, span.start), offset(starts, span.end)
    needle = snippet.strip()
    if not needle:
        return "its code snippet is empty"
    at = text.find(needle, lo, hi)
    if at >= 0:
        return Span(position(starts, at), position(starts, at + len(needle)))
    pattern = _snippet_pattern(needle)
    match = pattern.search(text, lo, hi)
    if match is not None:
        return Span(position(starts, match.start()), position(starts, match.end()))
    if needle in text or pattern.search(text):
        return "its code is outside the reviewed handler"
    return "its code is not in the file as it is now"


def text_at(text: str, span: Span) -> str:
    starts = line_starts(text)
    return text[offset(starts, span.start) : offset(starts, span.end)]


def short(snippet: str, limit: int = 60) -> str:
    one = " ".join(snippet.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"

"""Edits that silence or fix findings, as plain core data (the LSP front end only converts them).

``noqa_edit`` puts ``# noqa: CODE`` where the engine looks for it (the first or last line of the
finding's range, see :func:`~backend_architect.rules.engine.suppressed`), choosing a line that
does not end inside a string, and extends an existing ``# noqa: X`` rather than adding a second
comment. ``fix_all`` applies every fix of a file at once (the fix-all source action).
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.lines import lines_of, lines_with_ends
from ..core.model import Edit, Finding, Position, Span

NOQA_RE = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?", re.IGNORECASE
)


def noqa_codes(line: str) -> set[str] | None:
    """None: no noqa; empty set: bare ``# noqa`` (everything); else the codes named."""
    m = NOQA_RE.search(line)
    if m is None:
        return None
    codes = m.group("codes")
    return set() if not codes else {c.upper() for c in re.split(r"[\s,]+", codes) if c}


def commentable_lines(text: str) -> set[int] | None:
    """0-based lines whose end lies outside any string (a comment may follow them); None when
    the text does not tokenize, in which case every line is taken as commentable."""
    out: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER):
                out.add(tok.start[0] - 1)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return out


@dataclass(frozen=True)
class NoqaText:
    """What placing ``noqa`` comments reads of one text, computed once for all its findings
    (tokenizing the text again for each finding made the code actions of a file with 600
    findings take 55 s)."""

    text: str
    lines: list[str]
    commentable: set[int] | None


def noqa_text(text: str) -> NoqaText:
    return NoqaText(text, lines_of(text), commentable_lines(text))


def noqa_line(finding: Finding, text: str | NoqaText) -> int:
    """The line to carry the finding's ``noqa``: its first line, else its last, when the first
    ends inside a (multi-line) string or with a backslash continuation."""
    start, end = finding.span.start.line, finding.span.end.line
    ok = (text if isinstance(text, NoqaText) else noqa_text(text)).commentable
    if ok is None or start in ok:
        return start
    return end if end in ok else start


def noqa_edit(finding: Finding, text: str | NoqaText) -> Edit | None:
    """The edit that silences ``finding`` with ``# noqa: CODE``; None when the line's noqa
    already covers it (a bare ``# noqa``, or the code already listed). Pass a
    :func:`noqa_text` to place the comments of many findings of one text."""
    known = text if isinstance(text, NoqaText) else noqa_text(text)
    lines = known.lines
    line_no = noqa_line(finding, known)
    line = lines[line_no] if line_no < len(lines) else ""
    codes = noqa_codes(line)
    if codes is not None and (not codes or finding.code in codes):
        return None
    match = NOQA_RE.search(line)
    if match is not None:  # extend the codes already listed
        at = Position(line_no, match.end())
        return Edit(finding.path, Span(at, at), f", {finding.code}")
    end = len(line.rstrip())
    at = Position(line_no, end)
    return Edit(finding.path, Span(at, Position(line_no, len(line))), f"  # noqa: {finding.code}")


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` applied (spans in the original text's lines and characters);
    overlapping edits after the first are skipped."""
    lines = lines_with_ends(text)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(p: Position) -> int:
        if p.line >= len(lines):
            return len(text)
        body = lines[p.line].rstrip("\r\n")
        return offsets[p.line] + min(p.column, len(body))

    spans = sorted((offset(e.span.start), offset(e.span.end), e.text) for e in edits)
    out, last = [], 0
    for start, end, new in spans:
        if start < last:
            continue  # overlaps an edit already taken: the next round gets it
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    return "".join(out)


def fix_all(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """``text`` with every finding's fix applied, a fix whole or not at all; a fix whose edits
    overlap one already taken is left for the next run (its spans would be stale after the
    first). One round only: index-reading rules compute fixes from the index of the *current*
    text, so re-checking a hypothetical text could produce edits at stale positions.
    Returns the new text and the number of fixes applied."""
    taken: list[Edit] = []
    claimed = _Claimed()
    applied = 0
    for finding in findings:
        if finding.fix is None:
            continue
        spans = [(e.span.start, e.span.end) for e in finding.fix.edits]
        if any(claimed.clashes(s, e) for s, e in spans):
            continue
        taken += finding.fix.edits
        for s, e in spans:
            claimed.add(s, e)
        applied += 1
    return apply_edits(text, taken), applied


class _Claimed:
    """Spans taken by the fixes kept so far, sorted by start, so that whether a new span
    overlaps one (or starts where one starts) is a binary search, not a scan of them all."""

    def __init__(self) -> None:
        self.starts: list[Position] = []
        self.ends: list[Position] = []

    def clashes(self, start: Position, end: Position) -> bool:
        """As ``(start < ce and cs < end) or start == cs`` for any claimed ``(cs, ce)``. The
        claimed spans of different fixes never overlap, so only the two neighbours of
        ``start`` can clash: the last span starting at or before it, and the first after."""
        i = bisect.bisect_right(self.starts, start)
        if i < len(self.starts) and self.starts[i] < end:
            return True
        if i == 0:
            return False
        cs, ce = self.starts[i - 1], self.ends[i - 1]
        return cs == start or (start < ce and cs < end)

    def add(self, start: Position, end: Position) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def changed_region(old: str, new: str) -> tuple[Span, str] | None:
    """The smallest whole-line region of ``old`` to replace to get ``new`` (one edit)."""
    if old == new:
        return None
    a, b = lines_with_ends(old), lines_with_ends(new)
    top = 0
    while top < min(len(a), len(b)) and a[top] == b[top]:
        top += 1
    bottom = 0
    while bottom < min(len(a), len(b)) - top and a[-1 - bottom] == b[-1 - bottom]:
        bottom += 1
    span = Span(Position(top, 0), Position(len(a) - bottom, 0))
    return span, "".join(b[top : len(b) - bottom])


def noqa_edit_above(finding: Finding, text: str, anchor: int) -> Edit | None:
    """For a Dockerfile or Compose finding: ``# noqa: CODE`` on a comment line of its own right
    above line ``anchor`` (extending a ``# noqa:`` comment line already there); None when a
    noqa there already covers it."""
    lines = _LINES.split(text)
    line = lines[anchor] if anchor < len(lines) else ""
    above = lines[anchor - 1] if anchor > 0 else ""
    if anchor > 0 and above.lstrip().startswith("#"):
        codes = noqa_codes(above)
        if codes is not None and (not codes or finding.code in codes):
            return None
        match = NOQA_RE.search(above)
        if match is not None and match.group("codes"):
            at = Position(anchor - 1, match.end())
            return Edit(finding.path, Span(at, at), f", {finding.code}")
    indent = line[: len(line) - len(line.lstrip())]
    at = Position(anchor, 0)
    return Edit(finding.path, Span(at, at), f"{indent}# noqa: {finding.code}\n")


_LINES = re.compile(r"\r\n|\r|\n")

"""The one line model: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (the LSP specification's,
and Python's tokenizer's).

``str.splitlines`` also ends a line at a form feed, ``\\x0b``, ``\\x1c``-``\\x1e``, U+0085,
U+2028 and U+2029: a form feed at the top of a file would shift every line the rules see by
one from the lines ``ast`` numbers and the editor shows. Parsing, ``noqa``, ranges and edits
split text here instead.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_SPLIT = re.compile(r"\r\n|\r|\n")


def lines_with_ends(text: str) -> list[str]:
    """``text.splitlines(keepends=True)`` on the LSP's line model."""
    return _LINE.findall(text)


def lines_of(text: str) -> list[str]:
    """``text.splitlines()`` on the LSP's line model (no empty line after a final newline)."""
    lines = _SPLIT.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def split_lines(text: str) -> list[str]:
    """Every line, the empty one after a final newline included (``len`` is the line count
    an editor shows)."""
    return _SPLIT.split(text)


def line_ends(line: str) -> int:
    """How many characters of ``line`` (a line with its end) are its line end: 0, 1 or 2."""
    if line.endswith("\r\n"):
        return 2
    return 1 if line.endswith(("\n", "\r")) else 0

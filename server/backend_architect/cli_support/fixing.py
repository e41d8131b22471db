"""``check --fix`` and ``--diff``: the editor's fix-all applied to files on disk.

Each file is read as bytes and decoded as the interpreter would (PEP 263 cookie, BOM), fixed by
the workspace (``Workspace.fixed_text``: the same edits as ``source.fixAll``), and written back
in its own encoding and line endings, atomically (a temporary file beside it, then a rename),
keeping its permissions. A file whose bytes changed since they were read is left alone.
"""

from __future__ import annotations

import difflib
import io
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.atomic import write_bytes_atomic
from ..core.source import TooLarge, read_bytes

if TYPE_CHECKING:
    from ..core.model import Finding
    from ..workspace import Workspace


@dataclass(frozen=True)
class FileFix:
    path: str
    data: bytes  # the file's bytes as read: it is written only while they are still there
    encoding: str
    before: str
    after: str
    count: int


def _decode(data: bytes) -> tuple[str, str] | None:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding  # "utf-8-sig" drops the BOM, and puts it back
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None


def plan_fixes(ws: Workspace, findings: list[Finding]) -> tuple[list[FileFix], list[str]]:
    """The fixes for every file with a fixable finding; and why any such file is not fixed."""
    files = dict.fromkeys(f.path for f in findings if f.fix is not None)
    plans: list[FileFix] = []
    problems: list[str] = []
    for path in files:
        try:
            data = read_bytes(path, ws.settings.max_file_bytes)
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror or exc}; not fixed")
            continue
        decoded = _decode(data)
        if decoded is None:
            problems.append(f"{path}: not valid in its source encoding; not fixed")
            continue
        text, encoding = decoded
        after, count = ws.fixed_text(path, text)
        if after != text:
            plans.append(FileFix(path, data, encoding, text, after, count))
    return plans, problems


def write_fix(fix: FileFix) -> str | None:
    """Write one file's fixed text atomically; the reason when it is not written."""

    def unchanged() -> bool:
        try:
            return read_bytes(fix.path, len(fix.data)) == fix.data
        except TooLarge:  # it grew
            return False

    try:
        # atomic: a reader sees the old file or the new one, with the old one's mode
        if not write_bytes_atomic(fix.path, fix.after.encode(fix.encoding), unchanged=unchanged):
            return f"{fix.path}: changed on disk since it was read; not fixed"
    except OSError as exc:
        return f"{fix.path}: cannot write: {exc.strerror or exc}; not fixed"
    except UnicodeEncodeError as exc:
        return f"{fix.path}: cannot write: {exc}; not fixed"
    return None


def unified_diff(fix: FileFix, shown: str) -> str:
    """The fix as a unified diff, the file named ``shown`` (as the other output names it)."""
    lines = difflib.unified_diff(
        fix.before.splitlines(keepends=True),
        fix.after.splitlines(keepends=True),
        fromfile=shown,
        tofile=shown,
    )
    out = "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)
    return out

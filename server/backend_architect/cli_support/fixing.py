"""``check --fix`` and ``--diff``: the editor's fix-all applied to files on disk.

Each file is read as bytes and decoded as the interpreter would (PEP 263 cookie, BOM), fixed by
the workspace (``Workspace.fixed_text``: the same edits as ``source.fixAll``), and written back
in its own encoding and line endings, atomically (a temporary file beside it, then a rename),
keeping its permissions. A file whose bytes changed since they were read is left alone.
"""

from __future__ import annotations

import difflib
import io
import os
import tempfile
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
            with open(path, "rb") as fh:
                data = fh.read()
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
    folder = os.path.dirname(fix.path) or "."
    try:
        mode = os.stat(fix.path).st_mode & 0o7777
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(fix.path)}.", suffix=".tmp"
        )
    except OSError as exc:
        return f"{fix.path}: cannot write: {exc.strerror or exc}; not fixed"
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(fix.after.encode(fix.encoding))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        with open(fix.path, "rb") as fh:
            if fh.read() != fix.data:
                os.unlink(tmp)
                return f"{fix.path}: changed on disk since it was read; not fixed"
        os.replace(tmp, fix.path)  # atomic: a reader sees the old file or the new one
    except (OSError, UnicodeEncodeError) as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
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

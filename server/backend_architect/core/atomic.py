"""Writing a file so a reader (or a crash) sees the old file or the new one, never half.

The one helper for every file the tools write (reports, ``docs``/``review --output``,
migration revisions, ``check --fix``, the caches): a temporary file in the same folder,
flushed to disk, then renamed over the target (``os.replace``), or linked to it when the
target must not exist yet. A replaced file keeps its permission bits; a new one gets the
umask's, as ``open`` would give it (``mkstemp`` alone would make it private).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    exclusive: bool = False,
    unchanged: Callable[[], bool] | None = None,
) -> bool:
    """Write ``data`` to ``path`` atomically. ``exclusive``: fail with FileExistsError if the
    file exists (as ``open(path, "x")``). ``unchanged``: asked just before the rename; when it
    answers False nothing is written and the answer is False (the file changed meanwhile)."""
    target = Path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and exclusive:
        raise FileExistsError(f"{target} exists")
    if st is not None and not stat.S_ISREG(st.st_mode):
        # /dev/stdout, a FIFO: a stream the user named, not a file to replace
        with open(target, "wb") as fh:
            fh.write(data)
        return True
    mode = stat.S_IMODE(st.st_mode) if st is not None else _umask_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if unchanged is not None and not unchanged():
            os.unlink(tmp)
            return False
        if exclusive:
            os.link(tmp, target)  # EEXIST if it appeared meanwhile: never over another file
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_text_atomic(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", exclusive: bool = False
) -> None:
    """``text`` encoded (newlines as they are) and written with :func:`write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode(encoding), exclusive=exclusive)

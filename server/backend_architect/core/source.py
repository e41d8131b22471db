"""Reading source files: encodings, binary files and size limits, with a reason for each refusal."""

from __future__ import annotations

import hashlib
import io
import os
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 2_000_000  # generated files beyond this are not worth a parse on a keystroke


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str | None  # None when the file cannot be read as source
    problem: str | None = None  # why text is None (or a warning about how it was read)

    @property
    def digest(self) -> str:
        return content_digest(self.text or "")


def content_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def decode_source(data: bytes, path: str = "<memory>") -> SourceText:
    """Decode Python source bytes the way the interpreter does (PEP 263 cookie, BOM)."""
    if b"\x00" in data[:8192]:
        return SourceText(path, None, "binary file (contains NUL bytes); not read")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if b"coding" in data[:200]:  # a cookie naming an encoding Python does not know
            return SourceText(path, None, f"unknown source encoding: {exc}")
        encoding = "utf-8"  # no cookie: the first lines are simply not valid UTF-8
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        # Keep going: an undecodable byte should not hide the rest of the file's routes.
        text = data.decode("utf-8", errors="replace")
        return SourceText(
            path,
            text.removeprefix("\ufeff"),
            f"file is not valid {encoding}; undecodable bytes were replaced",
        )
    return SourceText(path, text.removeprefix("\ufeff"))


def read_source(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    p = str(path)
    try:
        size = os.path.getsize(p)
        if size > max_bytes:
            return SourceText(
                p, None, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; skipped"
            )
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return SourceText(p, None, f"cannot read file: {exc.strerror or exc}")
    return decode_source(data, p)


def iter_python_files(root: str | os.PathLike[str]) -> Iterator[str]:
    """Python files under ``root`` (or ``root`` itself), skipping the default excludes
    (virtualenvs, caches, build output); a workspace applies its own settings instead."""
    from .discovery import FileFinder

    yield from FileFinder(str(root), respect_gitignore=False).files([str(root)])

"""Reading source files: encodings, binary files and size limits, with a reason for each refusal."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
import tokenize
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


_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(r"^[ \t\f]*(?:#|$)")


def cookie_problem(text: str) -> tuple[int, str] | None:
    """What is wrong with the PEP 263 coding cookie of a decoded text (the editor's): the line
    (0-based) and why the interpreter would refuse the file, which ``ast.parse`` of a ``str``
    never says: an encoding Python does not know, or a text the declared encoding cannot hold
    (the bytes were decoded by something else, or the cookie lies)."""
    for line_no, line in enumerate(text.split("\n", 2)[:2]):
        found = _COOKIE.match(line)
        if found is None:
            if _BLANK_OR_COMMENT.match(line):
                continue  # the cookie may still be on the second line
            return None
        name = found.group(1)
        try:
            codec = codecs.lookup(name)
        except LookupError:
            return line_no, (
                f"the coding cookie names {name[:40]!r}, an encoding Python does not know: "
                "the interpreter refuses to load this file"
            )
        try:
            text.encode(codec.name)
        except UnicodeEncodeError as exc:
            bad = text[exc.start : exc.start + 1]
            return line_no, (
                f"the text holds {bad!r}, which {codec.name}, the encoding its coding cookie "
                "declares, cannot encode: the interpreter cannot decode this file as written"
            )
        return None
    return None


class NotRegularFile(OSError):
    """A FIFO, a device, a socket or a directory where a file was expected: never read (a
    FIFO blocks the reader for ever, ``/dev/zero`` never ends)."""


class TooLarge(OSError):
    def __init__(self, size: int, max_bytes: int) -> None:
        super().__init__(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        self.size = size


def read_bytes(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file (symlinks followed), at most ``max_bytes``. Raises
    OSError (``NotRegularFile``, ``TooLarge``, or the system's) when it cannot be read so."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{os.fspath(path)} is not a regular file; not read")
        if max_bytes is not None and info.st_size > max_bytes:
            raise TooLarge(info.st_size, max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:  # grew while being read
        raise TooLarge(len(data), max_bytes)
    return data


def read_regular(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes | None:
    """``read_bytes``, or None when the file cannot be read that way."""
    try:
        return read_bytes(path, max_bytes)
    except OSError:
        return None


def read_text(
    path: str | os.PathLike[str], max_bytes: int | None = DEFAULT_MAX_BYTES, errors: str = "replace"
) -> str:
    """A regular file's text (UTF-8; undecodable bytes replaced unless ``errors="strict"``),
    by :func:`read_bytes`: the one way to read a workspace file that is not Python source
    (``.gitignore``, agent files, CLAUDE.md, Alembic's files, caches). Raises OSError (and
    UnicodeDecodeError with ``errors="strict"``)."""
    return read_bytes(path, max_bytes).decode("utf-8", errors)


def read_source(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    p = str(path)
    try:
        data = read_bytes(p, max_bytes)
    except TooLarge as exc:
        return SourceText(p, None, f"{exc}; skipped")
    except NotRegularFile:
        return SourceText(p, None, "not a regular file (a FIFO, device or directory); not read")
    except OSError as exc:
        return SourceText(p, None, f"cannot read file: {exc.strerror or exc}")
    return decode_source(data, p)

"""LSP frames read from a byte stream an editor (or anything else) writes.

pygls's reader matches ``Content-Length: N\\r\\n`` exactly, trusts ``N`` (a 13-digit length
ends the process with MemoryError) and, on any other header, waits for ever. This reader
reads header names case-insensitively, tolerates ``\\n`` line ends and extra spaces, caps the
body at :data:`MAX_MESSAGE_BYTES`, and when a frame cannot be read (bad or missing length, a
body that is not JSON, a length larger than what was sent) reports it as a :class:`BadFrame`
and resynchronises on the next ``Content-Length`` header instead of going deaf.

The parser is plain: bytes in, decoded JSON values or :class:`BadFrame` out, so the stdio and
TCP loops share it and tests drive it directly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a 20 MB file opened in the editor still fits
MAX_HEADER_BYTES = 4096
_HEADER_END = re.compile(rb"\r?\n\r?\n")
# a header line: a JSON body cannot hold one (its strings escape line ends)
_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n", re.IGNORECASE)
_DIGITS = re.compile(rb"[0-9]{1,15}")


@dataclass(frozen=True)
class BadFrame:
    """A frame that could not be read; what follows it is read from the next header."""

    reason: str


Item = Any  # a decoded JSON value, or a BadFrame


class FrameParser:
    def __init__(self, max_bytes: int = MAX_MESSAGE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._buf = bytearray()
        self._need: int | None = None  # the body length once a header was read
        self._skipping = False  # looking for the next header after a bad frame

    def feed(self, data: bytes) -> list[Item]:
        self._buf += data
        out: list[Item] = []
        while (item := self._next()) is not None:
            out.append(item)
        return out

    def stall(self) -> list[Item]:
        """Nothing arrived for a while. A body still incomplete that holds the start of a
        next frame was declared longer than it is: read again from that header."""
        if self._need is None or _LENGTH.search(self._buf) is None:
            return []
        self._need = None
        self._skipping = True
        return [BadFrame("Content-Length larger than the body sent"), *self.feed(b"")]

    def _bad(self, reason: str, drop: int = 1) -> BadFrame:
        del self._buf[:drop]
        self._skipping = True
        return BadFrame(reason)

    def _next(self) -> Item | None:
        if self._skipping:
            found = _LENGTH.search(self._buf)
            if found is None:
                del self._buf[: max(len(self._buf) - 64, 0)]  # keep what may start a header
                return None
            del self._buf[: found.start()]
            self._skipping = False
        if self._need is None:
            end = _HEADER_END.search(self._buf, 0, MAX_HEADER_BYTES + 4)
            if end is None:
                if len(self._buf) > MAX_HEADER_BYTES:
                    return self._bad("header too long or not ended by an empty line")
                return None
            header = bytes(self._buf[: end.start()])
            length = _content_length(header, self.max_bytes)
            if isinstance(length, str):
                return self._bad(length)
            del self._buf[: end.end()]
            self._need = length
        if len(self._buf) < self._need:
            return None
        body = bytes(self._buf[: self._need])
        del self._buf[: self._need]
        self._need = None
        try:
            return json.loads(body)
        except (ValueError, RecursionError, MemoryError) as exc:
            # a body cut short or overlong: the next header may be inside it
            self._buf[0:0] = body[1:]
            self._skipping = True
            return BadFrame(f"body is not JSON ({type(exc).__name__})")


def _content_length(header: bytes, max_bytes: int) -> int | str:
    """The declared body length, or why the header cannot be used."""
    length: int | str = "no Content-Length header"
    for raw in re.split(rb"\r?\n", header):
        name, colon, value = raw.partition(b":")
        if not colon:
            return f"malformed header line {raw[:40]!r}"
        if name.strip().lower() != b"content-length":
            continue  # Content-Type and anything else: ignored
        value = value.strip()
        if not _DIGITS.fullmatch(value):
            return f"Content-Length {value[:40]!r} is not a length"
        length = int(value)
        if length > max_bytes:
            return f"Content-Length {length} is over the {max_bytes}-byte limit"
    return length


def encode(payload: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload)

"""Terminal output: colour (a terminal, unless ``NO_COLOR`` or ``--no-color``), a progress line
on stderr for long runs, and writing into a pipe the reader closed (``| head -1``) quietly."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

ANSI = {
    "path": "\x1b[1m",  # bold
    "position": "\x1b[2m",  # dim
    "error": "\x1b[1;31m",  # bold red
    "warning": "\x1b[1;33m",  # bold yellow
    "info": "\x1b[1;34m",  # bold blue
    "hint": "\x1b[1;34m",
    "fixable": "\x1b[36m",  # cyan
    "summary": "\x1b[1m",
}
RESET = "\x1b[0m"


def use_colour(stream: TextIO, disabled: bool = False) -> bool:
    """Colour when writing to a terminal; never with ``--no-color`` or a non-empty ``NO_COLOR``
    (no-color.org); always with a non-empty ``FORCE_COLOR`` (CI logs that render ANSI)."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def ansi(kind: str, text: str) -> str:
    """``text`` in the colour for ``kind`` (a severity, "path", "fixable", ...)."""
    start = ANSI.get(kind)
    return f"{start}{text}{RESET}" if start else text


def plain(kind: str, text: str) -> str:
    return text


def stdout_closed() -> None:
    """The reader of stdout went away: send what is left to /dev/null, so neither this write
    nor the interpreter's flush at exit raises ``BrokenPipeError`` again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def emit(text: str) -> bool:
    """Write ``text`` to stdout; False (and quiet) when the reader closed the pipe."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_closed()
        return False
    return True


class Progress:
    """A line on stderr, redrawn in place, while a long run works: shown only when stderr is a
    terminal, first after ``delay`` seconds (a quick run prints nothing) or at once for a big
    one, and wiped when the run ends so the output stays clean."""

    def __init__(self, stream: TextIO | None = None, delay: float = 1.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.delay = delay
        self.message = "checking"
        self._started = time.monotonic()
        self._drawn = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def update(self, message: str, now: bool = False) -> None:
        self.message = message
        if now and self.enabled:
            self._draw()

    def _draw(self) -> None:
        elapsed = time.monotonic() - self._started
        line = f"backend-architect: {self.message} ({elapsed:.1f}s)"
        try:
            self.stream.write(f"\r\x1b[2K{line}")
            self.stream.flush()
            self._drawn = True
        except (OSError, ValueError):
            self.enabled = False

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            self._draw()
            self._stop.wait(0.2)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            try:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
            except (OSError, ValueError):
                pass


def flush_quietly() -> None:
    """Flush stdout and stderr before ``os._exit``, a closed pipe being no error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):
            if stream is sys.stdout:
                stdout_closed()

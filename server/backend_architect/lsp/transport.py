"""Serving over stdio or TCP, and leaving when the client does.

The frames are read in a thread (``wire.FrameParser``: JSON is decoded there, off the event
loop) and handed to the protocol on the loop. The server leaves, within about a second and
whatever work is in flight, when:

- its input ends (the editor closed stdin or died),
- the client closes the read end of our stdout (a write fails, or a watch sees the pipe
  broken before any write),
- the ``processId`` given in ``initialize`` ends while the pipes stay open (the specification
  asks servers to watch it),
- ``exit`` arrives (code 0 after ``shutdown``, 1 without).

Leaving is ``os._exit``: threads still indexing or diagnosing are not waited for, and nothing
is half-written because every file the server writes is written atomically.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import logging
import os
import select
import sys
import threading
from typing import Any, BinaryIO, Protocol

from .wire import FrameParser

log = logging.getLogger(__name__)

WATCH_SECONDS = 0.5
STALL_SECONDS = 1.0
EOF_GRACE_SECONDS = 0.5
# A timer thread needs the GIL, which one long C call (``ast.parse`` of a 1 MB document, a
# second and more) holds throughout: past this a watchdog that needs none ends the process.
BACKSTOP_SECONDS = 1.2


class Receiver(Protocol):
    _shutdown: bool

    def receive(self, item: Any) -> None: ...

    def set_writer(self, writer: Any, include_headers: bool = True) -> None: ...


def leave(code: int, reason: str) -> None:
    """End the process now, from any thread."""
    try:
        log.info("exiting (%s)", reason)
        for handler in logging.getLogger().handlers:
            handler.flush()
    except Exception:  # stderr may be gone too
        pass
    os._exit(code)


def backstop() -> None:
    """Have a thread that needs no GIL (faulthandler's watchdog, written in C) end the process
    with code 1 in ``BACKSTOP_SECONDS`` unless it has left by then."""
    global _devnull
    if _devnull is None:
        _devnull = open(os.devnull, "w")  # noqa: SIM115 - held until the process ends
    faulthandler.dump_traceback_later(BACKSTOP_SECONDS, exit=True, file=_devnull)


_devnull: Any = None


class Session:
    """One client's connection: where frames are delivered and what ends the process."""

    def __init__(self, protocol: Receiver, loop: asyncio.AbstractEventLoop) -> None:
        self.protocol = protocol
        self.loop = loop
        self.parser = FrameParser()
        self.process_id: int | None = None

    def exit_code(self) -> int:
        return 0 if self.protocol._shutdown else 1

    def gone(self, reason: str) -> None:
        leave(self.exit_code(), reason)

    def feed(self, data: bytes) -> None:
        """Bytes read (in the reader's thread): decoded, then delivered on the loop."""
        items = self.parser.feed(data) if data else self.parser.stall()
        if items:
            self.loop.call_soon_threadsafe(self.deliver, items)
        if any(isinstance(m, dict) and m.get("method") == "exit" for m in items):
            self._leave_soon("exit")  # even when a long request holds the loop

    def _leave_soon(self, reason: str) -> None:
        timer = threading.Timer(EOF_GRACE_SECONDS, self.gone, (reason,))
        timer.daemon = True
        timer.start()
        if self.exit_code() == 1:  # the watchdog's code: after ``shutdown`` the timer's 0 waits
            backstop()

    def deliver(self, items: list[Any]) -> None:
        for item in items:
            try:
                self.protocol.receive(item)
            except SystemExit as stop:  # pygls's ``exit`` handler
                leave(stop.code if isinstance(stop.code, int) else self.exit_code(), "exit")
            except Exception:
                log.exception("message not handled")

    def input_ended(self) -> None:
        # answers already queued on the loop go out first, if the loop is free to send them
        self.loop.call_soon_threadsafe(self.gone, "the client closed its output")
        self._leave_soon("the client closed its output")


class PipeWriter:
    """stdout for pygls: a write to a client that is gone ends the process, without a
    BrokenPipeError traceback."""

    def __init__(self, stream: BinaryIO, session: Session) -> None:
        self.stream = stream
        self.session = session
        self.lock = threading.Lock()

    def write(self, data: bytes) -> None:
        try:
            with self.lock:
                self.stream.write(data)
                self.stream.flush()
        except (OSError, ValueError):
            self.session.gone("the client stopped reading")

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process: alive; an absurd pid: not ours to judge
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"  # a zombie has ended
    except (OSError, IndexError):
        return True


def _watch(session: Session, server: Any, out_fd: int | None) -> None:
    """Every half second: is the client's process alive, and does it still read our output?"""
    poller = None
    if out_fd is not None and hasattr(select, "poll"):
        poller = select.poll()
        poller.register(out_fd, select.POLLERR)  # POLLERR, POLLHUP: always reported
    while True:
        if poller is not None and any(
            ev & (select.POLLERR | select.POLLHUP | select.POLLNVAL)
            for _, ev in poller.poll(WATCH_SECONDS * 1000)
        ):
            session.gone("the client closed our output")
        elif poller is None:
            threading.Event().wait(WATCH_SECONDS)
        pid = getattr(server, "process_id", None)
        if isinstance(pid, int) and pid > 0 and not _process_alive(pid):
            session.gone(f"the client's process {pid} ended")


def _start_watch(session: Session, server: Any, out_fd: int | None) -> None:
    threading.Thread(target=_watch, args=(session, server, out_fd), daemon=True).start()


def serve_stdio(server: Any) -> None:
    protocol: Receiver = server.protocol
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    session = Session(protocol, loop)
    stdout = sys.stdout.buffer
    protocol.set_writer(PipeWriter(stdout, session))
    in_fd = sys.stdin.buffer.fileno()
    try:
        out_fd: int | None = stdout.fileno()
    except (OSError, ValueError):
        out_fd = None

    def read_forever() -> None:
        while True:
            try:
                ready, _, _ = select.select([in_fd], [], [], STALL_SECONDS)
                data = os.read(in_fd, 1 << 16) if ready else b""
            except OSError:
                break
            if ready and not data:
                break
            session.feed(data)
        session.input_ended()

    threading.Thread(target=read_forever, daemon=True).start()
    _start_watch(session, server, out_fd)
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        loop.run_forever()
    leave(session.exit_code(), "the event loop stopped")


class StreamWriterAdapter:
    def __init__(self, writer: asyncio.StreamWriter, session: Session) -> None:
        self.writer = writer
        self.session = session

    def write(self, data: bytes) -> None:
        if self.writer.is_closing():
            self.session.gone("the client closed the connection")
        try:
            self.writer.write(data)
        except (OSError, RuntimeError):
            self.session.gone("the client closed the connection")

    def close(self) -> None:
        self.writer.close()


def serve_tcp(server: Any, host: str, port: int) -> None:
    """One client over TCP (as pygls serves it); the server leaves when it disconnects."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        session = Session(server.protocol, loop)

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            server.protocol.set_writer(StreamWriterAdapter(writer, session))
            while True:
                try:
                    data = await asyncio.wait_for(reader.read(1 << 16), STALL_SECONDS)
                except asyncio.TimeoutError:
                    data = b""
                except OSError:
                    break
                if not data and reader.at_eof():
                    break
                items = session.parser.feed(data) if data else session.parser.stall()
                session.deliver(items)
            session.gone("the client disconnected")

        listener = await asyncio.start_server(connection, host, port)
        log.info("serving on %s:%s", host, port)
        _start_watch(session, server, None)
        async with listener:
            await listener.serve_forever()

    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        asyncio.run(main())

"""The cold index for ``check``, with a forked child reading and classifying the files."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from .runner import reap, worker_count

if TYPE_CHECKING:
    from ..index.project import Classified
    from ..workspace import Workspace


def build_index(ws: Workspace, files: list[str]) -> None:
    """Build the index keeping every tree it parses: the rules then check those files without
    parsing them again (``_diagnose_share`` drops each tree once its file is checked). With
    more than one CPU a forked child reads and classifies the files meanwhile, so this process
    reads only the ones that can hold routes."""
    if ws.ready.is_set():
        return
    ws.index.parse_cache.resize(len(files) + 64)
    if worker_count(len(files)) < 2:
        ws.index.build(files, eager=False)
    else:
        with _Classifier(files, ws.settings.max_file_bytes) as classified:
            ws.index.build(files, eager=False, classified=classified)
    ws.ready.set()


class _Classifier:
    """A forked child that reads and classifies ``files`` in order (``classify_file``) and
    sends the answers in batches; asking for a path waits until its batch has come. If the
    child fails, the answer is None and the index reads the file itself."""

    BATCH = 64

    def __init__(self, files: list[str], max_bytes: int) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe(duplex=False)
        self._proc = context.Process(
            target=_classify_all, args=(theirs, self._conn, files, max_bytes), daemon=True
        )
        self._proc.start()
        theirs.close()
        self._known: dict[str, Classified] = {}
        self._open = True

    def __call__(self, path: str) -> Classified | None:
        while path not in self._known and self._open:
            try:
                self._known.update(self._conn.recv())
            except (EOFError, OSError):
                self._open = False
        return self._known.get(path)

    def __enter__(self) -> _Classifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.close()  # the child, blocked sending, sees the pipe close and ends
        reap([self._proc])


def _classify_all(conn: Connection, parents: Connection, files: list[str], max_bytes: int) -> None:
    from ..index.project import classify_file  # loaded already: the parent is building

    parents.close()  # the parent's end: it must close when the parent stops listening
    try:
        for start in range(0, len(files), _Classifier.BATCH):
            part = files[start : start + _Classifier.BATCH]
            conn.send({f: classify_file(f, max_bytes) for f in part})
    except (OSError, BrokenPipeError):
        pass  # the parent stopped listening (it failed, or had what it needed)
    finally:
        conn.close()

"""Checking many files: in forked workers that inherit the built index, when there are enough.

The workers take files from a shared queue (:class:`_Queue`) and parse them while this process
derives the models; see :func:`diagnose_all`.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from ..core.parsing import batch_gc
from ..core.source import content_digest
from .store import finding_out

if TYPE_CHECKING:
    from ..workspace import Workspace

ENV_JOBS = "BACKEND_ARCHITECT_JOBS"
FILES_PER_JOB = 100  # below this a worker costs more than it saves
CHUNK = 16  # files taken from the shared queue at a time: small enough to end together
AHEAD = 0.6  # the share of the files the workers parse while the models are derived
_shared: Workspace | None = None  # the workspace forked workers inherit, index built


Diagnosed = tuple[str, "str | None", list[dict[str, Any]]]


def reap(procs: list[Any]) -> None:
    """Wait for forked children, killing (and then collecting) any still running."""
    for proc in procs:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join()


def _diagnose_share(
    paths: list[str], texts: dict[str, str | None] | None = None
) -> list[Diagnosed]:
    """Check ``paths`` (their texts from ``texts`` when read already), dropping each tree
    once its file is checked."""
    ws = _shared
    assert ws is not None
    out: list[Diagnosed] = []
    for f in paths:
        text = texts[f] if texts is not None and f in texts else ws.index.text(f)
        digest = content_digest(text) if text is not None else None
        found = ws.diagnose(f, text) if text is not None else ws.diagnose(f)
        out.append((f, digest, [finding_out(x) for x in found]))
        if digest is not None:
            ws.index.parse_cache.drop(f, digest)
    return out


def worker_count(files: int, jobs: int | None = None) -> int:
    """Processes to check ``files`` with, this one included: the CPUs (or
    ``BACKEND_ARCHITECT_JOBS``), one per ``FILES_PER_JOB`` files at most; 1 where fork is
    unavailable or unsafe (Windows, macOS)."""
    if jobs is None:
        env = os.environ.get(ENV_JOBS, "")
        jobs = (
            int(env)
            if env.isdigit()
            else len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1)
        )
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, files // FILES_PER_JOB))


class _Queue:
    """The files to check, shared by the processes: taken in chunks from a cursor in shared
    memory, and *claimed* one by one right before checking (a flag per file), so a file is
    checked exactly once even when the process that took it ahead of time is overtaken.
    Whoever runs out of files checks the ones others took but have not claimed yet (parsing
    them again), so the processes end together however uneven the files are."""

    def __init__(self, context: Any, files: list[str]) -> None:
        self.files = list(dict.fromkeys(files))  # a path twice would never be claimed twice
        self.position = {f: i for i, f in enumerate(self.files)}
        self.cursor = context.Value("i", 0)  # its lock guards the claims too
        self.claims = context.Array("b", len(self.files), lock=False)

    def take(self) -> list[str]:
        with self.cursor.get_lock():
            start = self.cursor.value
            self.cursor.value = start + CHUNK
        return self.files[start : start + CHUNK]

    def taken(self) -> int:
        with self.cursor.get_lock():
            return int(self.cursor.value)

    def claim(self, paths: list[str]) -> list[str]:
        """The files of ``paths`` nobody has claimed, now claimed by the caller."""
        out = []
        with self.cursor.get_lock():
            for f in paths:
                i = self.position[f]
                if not self.claims[i]:
                    self.claims[i] = 1
                    out.append(f)
        return out

    def unclaimed(self, limit: int) -> list[str]:
        """Up to ``limit`` files taken by others and not claimed yet, the last first (the
        taker works from its first)."""
        with self.cursor.get_lock():
            taken = min(self.cursor.value, len(self.files))
        out = []
        for i in range(taken - 1, -1, -1):
            if not self.claims[i]:
                out.append(self.files[i])
                if len(out) == limit:
                    break
        return out


def _parse_quietly(
    ws: Workspace, paths: list[str], texts: dict[str, str | None], skip_models: bool
) -> None:
    """Read and parse ``paths`` into the parse cache with the collector off (the new trees are
    all alive: scanning them again and again is waste), then freeze them so later collections
    skip them (each is freed by reference count once checked). ``skip_models``: leave the
    files that may hold models to the parent, which parses most of them for the models."""
    from ..index.project import may_be_relevant  # loaded already: the parent built the index

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for f in paths:
            text = texts[f] = ws.index.text(f)
            if text is None or len(text) > ws.settings.max_file_bytes:
                continue
            if not (skip_models and may_be_relevant(text)):
                ws.index.parse_cache.parse(f, text)
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def _check_claimed(
    ws: Workspace, queue: _Queue, paths: list[str], texts: dict[str, str | None]
) -> list[Diagnosed]:
    """Check the files of ``paths`` this process claims first (parsing those not parsed)."""
    mine = queue.claim(paths)
    _parse_quietly(ws, [f for f in mine if f not in texts], texts, skip_models=False)
    return _diagnose_share(mine, texts)


def _drain(ws: Workspace, queue: _Queue) -> list[Diagnosed]:
    """Take chunks from ``queue`` until it is empty, then check what others took but have
    not come to yet."""
    out: list[Diagnosed] = []
    while taken := queue.take():
        out += _check_claimed(ws, queue, taken, {})
    while late := queue.unclaimed(CHUNK // 4 or 1):
        out += _check_claimed(ws, queue, late, {})
    return out


def diagnose_all(
    ws: Workspace, files: list[str], jobs: int | None, during: Callable[[], object] | None = None
) -> list[Diagnosed]:
    """Every file's findings; see ``_diagnose_all`` (this runs it with ``batch_gc``)."""
    with batch_gc():
        return _diagnose_all(ws, files, jobs, during)


def _diagnose_all(
    ws: Workspace, files: list[str], jobs: int | None, during: Callable[[], object] | None = None
) -> list[Diagnosed]:
    """Every file's findings (serialised), the work shared by forked workers that inherit the
    built index, so nothing is linked twice and results do not depend on the split (a file is
    parsed twice only when another process takes it over at the end).

    The workers take files from a shared queue and parse them while this process derives the
    index's models and schemas (the serial part of a cold check); they check with the models
    this process hands them. This process checks the model files it parsed for them, runs
    ``during``, then takes from the queue too."""
    global _shared
    n = worker_count(len(files), jobs) - 1  # this process checks too
    if n < 1:
        if during is not None:
            during()
        _shared = ws
        try:
            return _diagnose_share(files)
        finally:
            _shared = None
    context = multiprocessing.get_context("fork")
    queue = _Queue(context, files)
    conns: list[Connection] = []
    procs: list[Any] = []  # the fork context's processes
    _shared = ws
    try:
        gc.freeze()  # the index stays shared with the workers instead of copied on write
        for _ in range(n):
            ours, theirs = context.Pipe()
            # the child closes this process's ends (its own pipe's and those of the workers
            # forked before it), so it sees EOF if this process fails instead of waiting
            proc = context.Process(
                target=_worker, args=(theirs, queue, [*conns, ours]), daemon=True
            )
            proc.start()
            theirs.close()
            conns.append(ours)
            procs.append(proc)
        held = ws.index.parse_cache.held()
        models, schemas = ws.index.models, ws.index.schemas
        # the files this process parsed to derive the models (the model files) are checked
        # here, with those trees, rather than parsed a second time by a worker
        taken = ws.index.parse_cache.held() - held
        mine = frozenset(f for f in files if f in taken)
        derived = pickle.dumps((models, schemas, mine), pickle.HIGHEST_PROTOCOL)
        for conn in conns:
            conn.send_bytes(derived)
        results = [_diagnose_share(queue.claim(sorted(mine)))]
        if during is not None:  # while the workers check
            during()
        results.append(_drain(ws, queue))
        for conn in conns:
            try:
                status, value = conn.recv()
            except EOFError:
                status, value = "error", "a check worker exited without its results"
            if status != "ok":
                raise RuntimeError(f"check worker failed: {value}")
            results.append(value)
    finally:
        for conn in conns:
            conn.close()
        reap(procs)
        gc.unfreeze()
        _shared = None
    by_path = {item[0]: item for share in results for item in share}
    return [by_path[f] for f in files]


def _worker(conn: Connection, queue: _Queue, parents: list[Connection]) -> None:
    """A forked worker: take and parse files until the parent's models arrive, then check
    those files with them (but for the ones the parent checks itself), then take, parse and
    check more until none is left."""
    for end in parents:
        end.close()
    try:
        ws = _shared
        assert ws is not None
        texts: dict[str, str | None] = {}
        parsed: list[str] = []
        # parse ahead, but not all: what a worker took ahead and is overtaken on is parsed
        # twice (the models take about as long as parsing most of the files)
        while not conn.poll() and queue.taken() < AHEAD * len(queue.files):
            chunk = queue.take()
            _parse_quietly(ws, chunk, texts, skip_models=True)
            parsed += chunk
        models, schemas, theirs = pickle.loads(conn.recv_bytes())
        # the parent's derivation for this very index generation (ProjectIndex keeps it so)
        ws.index.adopt_derived(models, schemas)
        found: list[Diagnosed] = []
        ahead = [f for f in parsed if f not in theirs]
        for start in range(0, len(ahead), CHUNK):
            found += _check_claimed(ws, queue, ahead[start : start + CHUNK], texts)
        conn.send(("ok", found + _drain(ws, queue)))
    except EOFError:
        pass  # the parent stopped (it failed): nobody to report to
    except BaseException as exc:  # reported by the parent, which raises
        with contextlib.suppress(OSError):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()

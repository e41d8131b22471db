"""The ``check`` result cache: findings per file, reused while nothing they depend on changed.

A file's findings depend on its text, on the rule set (the rules' metadata and code, the
package version, the settings that select and grade them) and, for rules that read the project
index, on the rest of the project. So an entry is keyed by the file's content digest plus a
*project key*: the rule-set version and a digest of what index-reading rules see of other files
(routes, ORM models and schemas without their positions, the set of Python files, and the
project's top-level non-Python files such as ``.env.example`` or ``README``).

The fast path needs no parse and no index: when every Python file under the root has the size
and modification time it had last run (its digest is then taken as unchanged, as git's index
does), the project key is the one stored and every finding comes from the cache. Otherwise the
index is built, the project key recomputed, and only entries whose file digest and project key
both match are reused.

Stored as JSON under ``.backend-architect-cache/`` at the project root (with a ``.gitignore``
of ``*`` so git never sees it); ``BACKEND_ARCHITECT_CACHE_DIR`` relocates it and
``BACKEND_ARCHITECT_NO_CACHE=1`` (or ``check --no-cache``) turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from enum import Enum
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from . import __version__
from .core.model import Edit, Finding, Fix, Position, Severity, Span
from .core.source import content_digest
from .rules.registry import all_infos

if TYPE_CHECKING:
    from .config import Settings
    from .index.project import Classified, ProjectIndex
    from .workspace import Workspace

log = logging.getLogger(__name__)

CACHE_DIRNAME = ".backend-architect-cache"
ENV_DIR = "BACKEND_ARCHITECT_CACHE_DIR"
ENV_DISABLE = "BACKEND_ARCHITECT_NO_CACHE"
FORMAT = 1
# settings that change which findings a file gets or how they are graded
FINDING_SETTINGS = (
    "select",
    "ignore",
    "extend_select",
    "per_file_ignores",
    "severity",
    "max_file_bytes",
    "exclude",
    "api_prefix",
    "check_tests",
)
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_code_stamp: str | None = None


def _code_fingerprint() -> str:
    """Size and mtime of the package's own modules: an edited rule invalidates the cache even
    before the version number changes (cheap: a stat per module)."""
    global _code_stamp
    if _code_stamp is None:
        h = hashlib.sha256()
        for folder, dirs, files in os.walk(_PACKAGE):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
        _code_stamp = h.hexdigest()
    return _code_stamp


def ruleset_version(settings: Settings) -> str:
    """A digest of everything that decides a file's findings besides the project itself."""
    meta = [(i.code, i.name, i.severity.value, i.fixable, i.summary, i.cwe) for i in all_infos()]
    chosen = {name: _plain(getattr(settings, name, None)) for name in FINDING_SETTINGS}
    blob = json.dumps([__version__, FORMAT, meta, chosen], sort_keys=True, default=str)
    return hashlib.sha256((blob + _code_fingerprint()).encode()).hexdigest()[:24]


_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once


def _plain(value: Any) -> Any:
    """A position-free, JSON-able picture of index data: what index-reading rules may read of
    other files, without the line numbers an unrelated edit would shift."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is Span or kind is Position:
        return None
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        out = []
        for name in names:
            item = getattr(value, name)
            if type(item) is not Span and type(item) is not Position:
                out.append((name, _plain(item)))
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)):  # subclasses (an IntEnum is caught above)
        return value
    return repr(value)


def index_digest(index: ProjectIndex, files: list[str], root: str) -> str:
    """What rules that read the index see of the whole project, positions left out."""
    h = hashlib.sha256()
    for part in (
        sorted(json.dumps(_plain(r), default=str) for r in index.routes),
        sorted(json.dumps(_plain(m), default=str) for m in index.models),
        sorted(json.dumps(_plain(s), default=str) for s in index.schemas),
        sorted(os.path.relpath(f, root) for f in files),
        _side_files(root),
    ):
        h.update(json.dumps(part).encode())
    return h.hexdigest()[:24]


def _side_files(root: str) -> list[tuple[str, int, int]]:
    """The project's top-level non-Python files (``.env.example``, ``README``, ``pyproject``):
    rules read them (documented environment variables), so their changes count."""
    out = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if entry.is_file() and not entry.name.endswith(".py"):
            st = entry.stat()
            out.append((entry.name, st.st_size, st.st_mtime_ns))
    return out


def cache_dir(root: str) -> str | None:
    """Where the cache lives for ``root``; None when caching is switched off."""
    if os.environ.get(ENV_DISABLE, "").strip() not in ("", "0", "false", "no"):
        return None
    configured = os.environ.get(ENV_DIR)
    if configured:
        # one folder can serve several projects: each gets its own file
        return os.path.join(
            os.path.abspath(configured), hashlib.sha256(root.encode()).hexdigest()[:12]
        )
    return os.path.join(root, CACHE_DIRNAME)


# --- findings <-> JSON -----------------------------------------------------------------------


def _span_out(s: Span) -> list[int]:
    return [s.start.line, s.start.column, s.end.line, s.end.column]


def _span_in(v: list[int]) -> Span:
    return Span.of(v[0], v[1], v[2], v[3])


def _finding_out(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "c": f.code,
        "m": f.message,
        "s": _span_out(f.span),
        "v": f.severity.value,
    }
    if f.fix is not None:
        out["f"] = [f.fix.title, [[e.path, _span_out(e.span), e.text] for e in f.fix.edits]]
    if f.source != "backend-architect":
        out["o"] = f.source
    return out


def _finding_in(d: dict[str, Any], path: str) -> Finding:
    fix = None
    if "f" in d:
        title, edits = d["f"]
        fix = Fix(title, tuple(Edit(p, _span_in(s), t) for p, s, t in edits))
    return Finding(
        d["c"],
        d["m"],
        path,
        _span_in(d["s"]),
        Severity(d["v"]),
        fix,
        d.get("o", "backend-architect"),
    )


# --- the cache --------------------------------------------------------------------------------


class CheckCache:
    """One JSON file per project: ``{version, project, files: {relpath: entry}}``, an entry
    being ``{stat: [size, mtime_ns], digest, findings}``."""

    def __init__(self, root: str, folder: str | None) -> None:
        self.root = root
        self.path = os.path.join(folder, f"check-{FORMAT}.json") if folder else None
        self.data: dict[str, Any] = {}

    def load(self, version: str) -> None:
        self.data = {"version": version, "project": None, "files": {}}
        if self.path is None:
            return
        try:
            with open(self.path, encoding="utf-8") as fh:
                stored = json.load(fh)
        except (OSError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("version") == version:
            self.data = stored

    def save(self) -> None:
        if self.path is None:
            return
        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
            ignore = os.path.join(folder, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as fh:
                    fh.write("# created by backend-architect\n*\n")
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".check-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, separators=(",", ":"))
            os.replace(tmp, self.path)  # atomic: a concurrent run reads the old or the new file
        except OSError as exc:  # a read-only tree: checking still works, just uncached
            log.warning("check cache not written to %s: %s", self.path, exc)


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _targets(ws: Workspace, every: list[str], paths: list[str] | None) -> list[str]:
    """The files ``check`` reports on; the walk of the whole tree is not done twice when the
    paths are the root itself (``check .``, the common case)."""
    if not paths or all(os.path.abspath(p) == ws.root for p in paths):
        return every
    return ws.python_files(paths)


def cached_check(
    ws: Workspace, paths: list[str] | None = None, use_cache: bool = True, jobs: int | None = None
) -> list[Finding]:
    """``ws.check(paths)``, answered from the cache for every file whose findings cannot have
    changed, the rest checked in ``jobs`` processes; the cache brought up to date."""
    folder = cache_dir(ws.root) if use_cache else None
    if folder is None:
        every = ws.python_files()
        _build(ws, every)
        files = _targets(ws, every, paths)
        return [_finding_in(d, f) for f, _, found in _diagnose_all(ws, files, jobs) for d in found]
    cache = CheckCache(ws.root, folder)
    cache.load(ruleset_version(ws.settings))
    entries: dict[str, Any] = cache.data["files"]
    every = ws.python_files()  # the index's universe: any of them can change what rules see
    targets = _targets(ws, every, paths)
    rel = {f: os.path.relpath(f, ws.root) for f in set(every) | set(targets)}
    stats = {f: _stat(f) for f in rel}
    side = _side_files(ws.root)

    unchanged = (
        cache.data.get("side") == [list(s) for s in side]
        and set(entries) == {rel[f] for f in every}
        and all(entries[rel[f]]["stat"] == stats[f] for f in every)
    )
    if unchanged and all(rel[f] in entries for f in targets):
        out: list[Finding] = []
        for f in targets:
            out += [_finding_in(d, f) for d in entries[rel[f]]["findings"]]
        return out

    _build(ws, every)
    if not entries:  # nothing to reuse: check every target while the project key is derived
        keys: list[str] = []
        done = _diagnose_all(
            ws, targets, jobs, during=lambda: keys.append(index_digest(ws.index, every, ws.root))
        )
        checked: dict[str, Any] = {
            rel[f]: {"stat": stats[f], "digest": d, "findings": found} for f, d, found in done
        }
        cache.data.update(project=keys[0], side=[list(s) for s in side], files=checked)
        cache.save()
        return [_finding_in(d, f) for f in targets for d in checked[rel[f]]["findings"]]

    # something changed: reuse what still holds
    project = index_digest(ws.index, every, ws.root)
    same_project = cache.data.get("project") == project
    fresh: dict[str, Any] = {}
    todo: list[str] = []
    for f in targets:
        old = entries.get(rel[f])
        if old is not None and same_project and old["stat"] == stats[f]:
            fresh[rel[f]] = old
            continue
        text = ws.index.text(f)
        digest = content_digest(text) if text is not None else None
        if old is not None and same_project and digest is not None and old["digest"] == digest:
            fresh[rel[f]] = {**old, "stat": stats[f]}  # touched, not changed
        else:
            todo.append(f)
    for f, digest, found in _diagnose_all(ws, todo, jobs):
        fresh[rel[f]] = {"stat": stats[f], "digest": digest, "findings": found}
    out = [_finding_in(d, f) for f in targets for d in fresh[rel[f]]["findings"]]
    # entries of files outside this run's paths stay only while the project is the same
    for f in every:
        r = rel[f]
        if r not in fresh and same_project and r in entries and entries[r]["stat"] == stats[f]:
            fresh[r] = entries[r]
    cache.data.update(project=project, side=[list(s) for s in side], files=fresh)
    cache.save()
    return out


def _build(ws: Workspace, files: list[str]) -> None:
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
        _reap([self._proc])


def _reap(procs: list[Any]) -> None:
    """Wait for forked children, killing (and then collecting) any still running."""
    for proc in procs:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join()


def _classify_all(conn: Connection, parents: Connection, files: list[str], max_bytes: int) -> None:
    from .index.project import classify_file  # loaded already: the parent is building

    parents.close()  # the parent's end: it must close when the parent stops listening
    try:
        for start in range(0, len(files), _Classifier.BATCH):
            part = files[start : start + _Classifier.BATCH]
            conn.send({f: classify_file(f, max_bytes) for f in part})
    except (OSError, BrokenPipeError):
        pass  # the parent stopped listening (it failed, or had what it needed)
    finally:
        conn.close()


# --- checking many files: in forked workers when there are enough ------------------------------

ENV_JOBS = "BACKEND_ARCHITECT_JOBS"
FILES_PER_JOB = 100  # below this a worker costs more than it saves
CHUNK = 16  # files taken from the shared queue at a time: small enough to end together
AHEAD = 0.6  # the share of the files the workers parse while the models are derived
_shared: Workspace | None = None  # the workspace forked workers inherit, index built


Diagnosed = tuple[str, "str | None", list[dict[str, Any]]]


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
        out.append((f, digest, [_finding_out(x) for x in found]))
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
    from .index.project import may_be_relevant  # loaded already: the parent built the index

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
        _reap(procs)
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

"""Parse each Python text once, share the tree, and index broken or newer code as far as possible.

A file that does not parse is retried with the offending lines neutralised (a clause header
becomes a neutral clause of the same kind, any other line becomes ``pass``), so one line of
Python 3.14 syntax, or the half-typed line in the editor, does not hide the rest of the file.
Each neutralised line is reported as a :class:`ParseProblem`.
"""

from __future__ import annotations

import ast
import gc
import re
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from .lines import lines_of
from .source import content_digest

MAX_RECOVERY_ATTEMPTS = 25

_CLAUSE_KEYWORDS = {
    "except": "except Exception:",
    "except*": "except Exception:",
    "elif": "elif True:",
    "else": "else:",
    "finally": "finally:",
    "case": "case _:",
}
_HEADER_RE = re.compile(r"^(\s*)(except\*|except|elif|else|finally|case)\b")


@dataclass(frozen=True)
class ParseProblem:
    line: int  # 0-based
    column: int
    message: str
    newer_syntax: bool = False  # valid in a newer Python than the one running


@dataclass
class ParsedFile:
    path: str
    digest: str
    text: str
    tree: ast.Module | None
    problems: list[ParseProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.tree is not None and not self.problems

    @cached_property
    def lines(self) -> list[str]:  # the engine and every rule that reads lines ask: split once
        return lines_of(self.text)


def _looks_like_newer_syntax(line: str) -> bool:
    """Constructs newer Pythons accept that this one may not (checked for a clearer message)."""
    stripped = line.strip()
    patterns = (
        r"^except\*?\s+[\w.]+\s*,",  # PEP 758 (3.14): except A, B:
        r"^type\s+\w+.*=",  # PEP 695 (3.12) type aliases
        r"^(async\s+)?def\s+\w+\s*\[",  # PEP 695 generic functions
        r"^class\s+\w+\s*\[",  # PEP 695 generic classes
        r"\bt[\"']",  # PEP 750 (3.14) template strings
    )
    return any(re.search(p, stripped) for p in patterns)


def _neutralise(lines: list[str], lineno: int) -> bool:
    """Replace line ``lineno`` (1-based) by a neutral statement of the same shape."""
    if not 1 <= lineno <= len(lines):
        return False
    original = lines[lineno - 1]
    indent = original[: len(original) - len(original.lstrip())]
    m = _HEADER_RE.match(original)
    if m:
        replacement = indent + _CLAUSE_KEYWORDS[m.group(2)]
    elif original.rstrip().endswith(":"):
        replacement = indent + "if True:"
    else:
        replacement = indent + "pass"
    if replacement == original:
        return False
    lines[lineno - 1] = replacement
    return True


def _error_message(exc: BaseException) -> str:
    msg = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return str(msg)


def parse_text(path: str, text: str) -> ParsedFile:
    digest = content_digest(text)
    problems: list[ParseProblem] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not our business
            tree = ast.parse(text, filename=path, type_comments=False)
        return ParsedFile(path, digest, text, tree)
    except RecursionError:
        return ParsedFile(
            path,
            digest,
            text,
            None,
            [ParseProblem(0, 0, "expression nested too deeply to parse; file not indexed")],
        )
    except (SyntaxError, ValueError, MemoryError) as exc:
        first = exc
    lines = lines_of(text)
    exc_: BaseException = first
    for _ in range(MAX_RECOVERY_ATTEMPTS):
        lineno = getattr(exc_, "lineno", None) or 1
        col = max((getattr(exc_, "offset", None) or 1) - 1, 0)
        bad_line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
        newer = _looks_like_newer_syntax(bad_line)
        message = _error_message(exc_)
        if newer:
            running = f"{sys.version_info.major}.{sys.version_info.minor}"
            message = (
                f"syntax newer than Python {running} (the interpreter running the server): "
                f"{message}; the rest of the file is indexed"
            )
        problems.append(ParseProblem(lineno - 1, col, message, newer))
        if not _neutralise(lines, lineno):
            break
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse("\n".join(lines), filename=path)
            return ParsedFile(path, digest, text, tree, problems)
        except RecursionError:
            break
        except (SyntaxError, ValueError, MemoryError) as exc:
            exc_ = exc
    return ParsedFile(path, digest, text, None, problems)


# Objects allocated while paused above which the survivors are frozen: about the tracked objects
# of a 1,000-line module (a 2,000-line one is some 25,000). Below it the young collection that
# follows is cheap (a few ms at most), and smaller updates leave the collector its usual view.
def _stmt_start(stmt: ast.stmt) -> int:
    """First line (1-based) of a statement, its decorators included."""
    decorators = getattr(stmt, "decorator_list", None)
    return min([stmt.lineno] + [d.lineno for d in decorators]) if decorators else stmt.lineno


def reparse_edit(previous: ParsedFile, text: str) -> ParsedFile | None:
    """Parse ``text``, an edit of ``previous``'s text that keeps its number of lines, by parsing
    only the top-level statements the edit touches; the others are ``previous``'s nodes, shared.

    A one-line edit of a 2,000-line module parses one handler instead of the module (the parse
    was half of a re-index). The result is the tree a full parse gives: the text before and
    after the parsed stretch is unchanged and starts and ends on statement boundaries, and the
    stretch parses on its own. Shared nodes are never modified (same lines, so no renumbering).
    None when that cannot be shown cheaply (lines added or removed, statements sharing a line,
    a stretch that does not parse alone, unusual line breaks): then the caller parses in full.
    """
    tree = previous.tree
    if tree is None or previous.problems or not tree.body:
        return None
    if "\r" in text.replace("\r\n", "") or "\r" in previous.text.replace("\r\n", ""):
        return None  # a lone CR ends a line for the parser; line splitting below would differ
    old = previous.text.split("\n")
    new = text.split("\n")
    n = len(new)
    if len(old) != n:
        return None
    first = 0
    while first < n and old[first] == new[first]:
        first += 1
    if first == n:
        return None
    last = n - 1
    while old[last] == new[last]:
        last -= 1
    # 1-based: lines first+1 .. last+1 changed. Keep the statements wholly before or after.
    body = tree.body
    head = 0
    while head < len(body) and (body[head].end_lineno or 0) <= first:
        head += 1
    tail = head
    while tail < len(body) and _stmt_start(body[tail]) <= last + 1:
        tail += 1
    start = (body[head - 1].end_lineno or 0) + 1 if head else 1
    end = _stmt_start(body[tail]) - 1 if tail < len(body) else n
    if head < len(body) and _stmt_start(body[head]) < start:
        return None  # a replaced statement starts on a kept statement's line (``a; b``)
    if tail and tail < len(body) and (body[tail - 1].end_lineno or 0) > end:
        return None
    if start > 1 and old[start - 2].rstrip("\r").endswith("\\"):
        return None  # the kept statement's last line continues onto the stretch
    stretch = "\n".join(new[start - 1 : end])
    if "__future__" in stretch:
        return None  # where a future import stands matters
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            part = ast.parse(stretch, filename=previous.path, type_comments=False)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if start > 1:
        ast.increment_lineno(part, start - 1)
    module = ast.Module(body=body[:head] + part.body + body[tail:], type_ignores=[])
    return ParsedFile(previous.path, content_digest(text), text, module)


FREEZE_ABOVE = 10_000
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_resume = False
_gc_batch = False  # inside ``batch_gc``


# The collector's thresholds while a batch of files is checked. Each file's rules allocate
# hundreds of thousands of short-lived objects (scopes, bindings, flow facts) that reference
# counting frees; at the default 700 the young generation is scanned thousands of times per
# file for the few cycles among them. Measured on the benchmark tree, one process: 22 % of a
# cold check. Cycles are still collected, every 100,000 allocations instead of 700.
BATCH_GC_THRESHOLD = (100_000, 50, 1_000)


@contextmanager
def batch_gc() -> Iterator[None]:
    """The collector tuned for a batch check (the forked workers inherit it), then restored."""
    global _gc_batch
    before, was = gc.get_threshold(), _gc_batch
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    _gc_batch = True
    try:
        yield
    finally:
        gc.set_threshold(*before)
        _gc_batch = was


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the index builds long-lived objects.

    Indexing allocates millions of AST nodes that the index keeps (facts refer to them), and
    every collection triggered by those allocations traverses all of them again: indexing a big
    tree took over twice as long with the collector running. AST nodes and facts hold no
    reference cycles, so reference counting frees what is dropped. Nested and concurrent uses
    (a build in the background, an edit in the foreground) resume collection when the last ends.

    After a build or an update that allocated much, the survivors are frozen (moved out of the
    collector's view): they are the index, long-lived and acyclic, and the first collections
    would otherwise traverse them all again: a pause of a large part of a second after a build,
    5-15 ms after re-indexing a 2,000-line file (the young generation's scan of its new tree),
    and every later full collection traverses them again. Frozen objects are still freed by
    reference counting when the index drops them; only a reference cycle alive at the freeze
    would outlive its last reference, so the young generations are collected when the outermost
    pause starts (cheap: they hold at most some thousand objects) and cyclic garbage made just
    before an update is not frozen with the index.
    """
    global _gc_depth, _gc_resume
    with _gc_lock:
        if _gc_depth == 0:
            _gc_resume = gc.isenabled()
            if _gc_resume and not _gc_batch:
                # young cyclic garbage is not frozen with the index (in a batch check the
                # young generation is large, and what it freezes dies with the process)
                gc.collect(1)
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                if gc.get_count()[0] > FREEZE_ABOVE:
                    gc.freeze()
                if _gc_resume:
                    gc.enable()


class ParseCache:
    """Parsed trees keyed by path and content digest: each text is parsed once, whoever asks
    (the index, the rules, hover). Bounded, so a cold index of a big tree does not keep every
    tree alive; the index keeps the facts it extracted instead, including the last good ones
    while a file in the editor has a syntax error.
    """

    def __init__(self, capacity: int = 64) -> None:
        self._by_key: OrderedDict[tuple[str, str], ParsedFile] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()
        self.parses = 0  # how many real parses ran (tests check sharing with it)
        self._latest: dict[str, tuple[str, str]] = {}  # path -> key of its last parse held

    def parse(self, path: str, text: str) -> ParsedFile:
        key = (path, content_digest(text))
        with self._lock:
            hit = self._by_key.get(key)
            if hit is not None:
                self._by_key.move_to_end(key)
                return hit
            latest = self._latest.get(path)
            previous = self._by_key.get(latest) if latest is not None else None
        # an edit of a text parsed before: parse only what it touches when that is safe
        parsed = reparse_edit(previous, text) if previous is not None else None
        if parsed is None:
            parsed = parse_text(path, text)
        with self._lock:
            self.parses += 1
            self._by_key[key] = parsed
            self._latest[path] = key
            if len(self._by_key) > self._capacity:
                self._evict_oldest()
        return parsed

    def _evict_oldest(self) -> None:
        key, _ = self._by_key.popitem(last=False)
        if self._latest.get(key[0]) == key:
            del self._latest[key[0]]

    def resize(self, capacity: int) -> None:
        """Keep up to ``capacity`` trees from now on (``check`` keeps every tree the index
        parsed, so the rules do not parse those files again)."""
        with self._lock:
            self._capacity = capacity
            while len(self._by_key) > capacity:
                self._evict_oldest()

    def held(self) -> set[str]:
        """The paths whose latest tree is held (``check`` hands the trees a process parsed
        to that process's share of work)."""
        with self._lock:
            return set(self._latest)

    def drop(self, path: str, digest: str) -> None:
        """Forget one text's tree (a checked file's, no longer needed)."""
        with self._lock:
            self._by_key.pop((path, digest), None)
            if self._latest.get(path) == (path, digest):
                del self._latest[path]

    def forget(self, path: str) -> None:
        with self._lock:
            for key in [k for k in self._by_key if k[0] == path]:
                del self._by_key[key]
            self._latest.pop(path, None)

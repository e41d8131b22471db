"""The check result cache on disk: one JSON file per project, findings stored compactly.

Under ``.backend-architect-cache/`` at the project root (with a ``.gitignore`` of ``*`` so git
never sees it, and a ``CACHEDIR.TAG`` so backup tools skip it: https://bford.info/cachedir/); ``BACKEND_ARCHITECT_CACHE_DIR`` relocates it and ``BACKEND_ARCHITECT_NO_CACHE=1``
(or ``check --no-cache``) turns it off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from typing import Any

from ..core.atomic import write_text_atomic
from ..core.model import Edit, Finding, Fix, Severity, Span
from ..core.source import read_text
from ..rules.fingerprint import FORMAT

log = logging.getLogger(__name__)

CACHE_DIRNAME = ".backend-architect-cache"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by backend-architect.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
ENV_DIR = "BACKEND_ARCHITECT_CACHE_DIR"
ENV_DISABLE = "BACKEND_ARCHITECT_NO_CACHE"


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


def finding_out(f: Finding) -> dict[str, Any]:
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


def finding_in(d: dict[str, Any], path: str) -> Finding:
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
            stored = json.loads(read_text(self.path, None, "strict"))
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
            for name, text in (
                (".gitignore", "# created by backend-architect\n*\n"),
                ("CACHEDIR.TAG", CACHEDIR_TAG),
            ):
                marker = os.path.join(folder, name)
                if not os.path.exists(marker):
                    write_text_atomic(marker, text)
            # atomic: a concurrent run reads the old or the new file
            write_text_atomic(self.path, json.dumps(self.data, separators=(",", ":")))
        except OSError as exc:  # a read-only tree: checking still works, just uncached
            log.warning("check cache not written to %s: %s", self.path, exc)


def file_stamp(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]

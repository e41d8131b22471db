"""A walk of the project tree kept with the check cache and replayed while no folder changed.

Listing a big tree and matching every entry against the exclude patterns and .gitignore files
costs more than the rest of a warm ``check`` (0.28 s of 0.45 s on the benchmark tree). Which
files a walk yields depends only on the names in the folders it listed, the ignore files it
read and the settings: a folder's modification time changes whenever an entry is added,
removed or renamed in it, so while every listed folder and every ignore file has the stamp it
had, the walk would yield the same files. That is git's untracked cache. As there, a folder
modified shortly before the walk is "racy" (a change in the same clock tick would not show
in its time): no record is made then, and the next run walks again.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from ..core.discovery import FileFinder, project_files, settings_finder
from ..core.gitignore import git_top
from .store import file_stamp

if TYPE_CHECKING:
    from ..config import Settings

# Folders changed less than this before the walk are not trusted: a change in the same tick
# of the file system's clock would leave the time as it was. Times in whole seconds say the
# clock is coarse (FAT's 2 s, HFS+'s 1 s); nanosecond times (ext4, XFS, APFS, tmpfs) tick in
# milliseconds at most.
RACY_NS = 100_000_000
COARSE_RACY_NS = 3_000_000_000
FORMAT = 1


def _key(settings: Settings) -> list[Any]:
    return [
        FORMAT,
        list(settings.exclude),
        list(settings.extend_exclude),
        settings.respect_gitignore,
    ]


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _ignore_files(finder: FileFinder) -> list[str]:
    gitignore = finder.gitignore
    if gitignore is None:
        return []
    files = [os.path.join(folder, ".gitignore") for folder in gitignore.consulted()]
    return [*files, os.path.join(gitignore.top, ".git", "info", "exclude")]


def walk_tree(
    root: str, settings: Settings, record: Any
) -> tuple[list[str], list[str], dict[str, Any] | None]:
    """The Python and container files of the whole tree, from ``record`` when it still holds,
    else from a walk; and the record to keep (None when the walk was racy)."""
    replayed = replay(root, settings, record)
    if replayed is not None:
        return replayed[0], replayed[1], record
    started = time.time_ns()
    finder = settings_finder(root, settings, False)
    python, containers = project_files(finder, [root])
    return python, containers, _record(root, settings, finder, python, containers, started)


def _record(
    root: str,
    settings: Settings,
    finder: FileFinder,
    python: list[str],
    containers: list[str],
    started: int,
) -> dict[str, Any] | None:
    prefix = root.rstrip(os.sep) + os.sep
    if not all(f.startswith(prefix) for f in (*python, *containers)):
        return None  # only what the walk of root yields is recorded
    consulted = finder.gitignore.consulted() if finder.gitignore is not None else []
    folders = list(dict.fromkeys([*finder.walked, *consulted]))
    times = [_mtime(d) for d in folders]
    if any(m is None or m > started - (RACY_NS if m % 1_000_000_000 else COARSE_RACY_NS)
           for m in times):  # fmt: skip
        return None
    stamps = [[d, m] for d, m in zip(folders, times, strict=True)]
    return {
        "key": _key(settings),
        "top": finder.gitignore.top if finder.gitignore is not None else None,
        "folders": stamps,
        "ignores": [[f, file_stamp(f)] for f in _ignore_files(finder)],
        "python": [f[len(prefix) :] for f in python],
        "containers": [f[len(prefix) :] for f in containers],
    }


def replay(root: str, settings: Settings, record: Any) -> tuple[list[str], list[str]] | None:
    """The files ``record`` holds, when every folder and ignore file is as it recorded."""
    try:
        if not isinstance(record, dict) or record.get("key") != _key(settings):
            return None
        if settings.respect_gitignore and record["top"] != (git_top(root) or root):
            return None  # a repository made or removed above the project
        if any(_mtime(d) != m for d, m in record["folders"]):
            return None
        if any(file_stamp(f) != s for f, s in record["ignores"]):
            return None
        prefix = root.rstrip(os.sep) + os.sep
        return [prefix + r for r in record["python"]], [prefix + r for r in record["containers"]]
    except (KeyError, TypeError, ValueError):
        return None  # a record of another shape: walk

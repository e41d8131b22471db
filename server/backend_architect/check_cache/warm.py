"""``check`` answered from the cache alone: the warm run, with nothing changed.

When every Python file under the root, every Dockerfile and Compose file and every side file
has the size and modification time it had last run (a file's digest is then taken as
unchanged, as git's index does), and the rule set is the one stored, the stored findings are
the answer. That needs a walk of the tree and a ``stat`` per file, no parse, no index and no
rule module: the rules' metadata comes from the catalogue (``rules/catalogue.py``). The CLI
asks here before it builds a workspace; ``check.py`` asks again with the files it walked.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from ..core.discovery import project_files, settings_finder
from ..core.model import Finding
from ..core.source import read_text
from ..rules import catalogue
from ..rules.fingerprint import ruleset_version, side_files
from .store import CheckCache, cache_dir, file_stamp, finding_in
from .walk_record import walk_tree

if TYPE_CHECKING:
    from ..config import Settings

CONTAINERS = "containers.json"


def whole_tree(root: str, paths: list[str] | None) -> bool:
    """Whether ``paths`` are the root itself (``check .``, the common case)."""
    return not paths or all(os.path.abspath(p) == root for p in paths)


def relative(path: str, root: str) -> str:
    """``os.path.relpath(path, root)`` for the walk's absolute paths, a slice when under root
    (relpath costs more than the rest of a warm run's bookkeeping on a big tree)."""
    prefix = root.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, root)


def walk(
    root: str, settings: Settings, paths: list[str] | None, record: Any = None
) -> tuple[list[str], list[str], list[str], dict[str, Any] | None]:
    """``(every, targets, containers, record)``: the project's Python files (the index's
    universe), those the run reports on, the Dockerfiles and Compose files it reports on, and
    the walk's record to keep with the cache. The whole tree is walked once for both kinds, or
    replayed from ``record`` (``walk_record.py``); other paths are walked for what the run
    reports on."""
    every, containers, kept = walk_tree(root, settings, record)
    if whole_tree(root, paths):
        return every, every, containers, kept
    targets, containers = project_files(settings_finder(root, settings, True), paths or [])
    return every, targets, containers, kept


def warm_check(root: str, settings: Settings, paths: list[str] | None) -> list[Finding] | None:
    """The findings of ``check paths`` from the cache, or None when anything may have changed
    (or caching is off): the caller then checks, and caches, as usual."""
    folder = cache_dir(root)
    if folder is None:
        return None
    primed = catalogue.prime(folder)
    cache = CheckCache(root, folder)
    cache.load(ruleset_version(settings))
    stored = cache.data.get("walk")
    every, targets, containers, record = walk(root, settings, paths, stored)
    found = stored_findings(cache, settings, every, targets, containers)
    if found is not None and record is not None and record is not stored:
        cache.data["walk"] = record  # walked again (a folder changed, not its files): keep it
        cache.save()
    if found is not None and not primed:
        catalogue.save(folder)  # the rule modules were imported for the key: keep their metadata
    return found


def stored_findings(
    cache: CheckCache,
    settings: Settings,
    every: list[str],
    targets: list[str],
    containers: list[str],
) -> list[Finding] | None:
    """The findings the loaded ``cache`` holds for the run, when nothing they depend on
    changed (every file's stat, the side files, the rule set: ``cache.load`` checked it)."""
    root = cache.root
    entries: dict[str, Any] = cache.data["files"]
    project = cache.data.get("project")
    if not entries or project is None or cache.path is None:
        return None
    if cache.data.get("side") != [list(s) for s in side_files(root, settings.docs_openapi)]:
        return None
    rel = {f: relative(f, root) for f in (*every, *targets)}
    if len(entries) != len(every) or any(rel[f] not in entries for f in targets):
        return None
    for f in every:
        entry = entries.get(rel[f])
        if entry is None or entry["stat"] != file_stamp(f):
            return None
    out: list[Finding] = []
    for f in targets:
        out += [finding_in(d, f) for d in entries[rel[f]]["findings"]]
    if containers:
        version = cache.data["version"]
        found = _stored_containers(root, os.path.dirname(cache.path), version, project, containers)
        if found is None:
            return None
        out += found
    return out


def _stored_containers(
    root: str, folder: str, version: str, project: str, files: list[str]
) -> list[Finding] | None:
    try:
        stored = json.loads(read_text(os.path.join(folder, CONTAINERS), None, "strict"))
        if stored.get("version") != version or stored.get("project") != project:
            return None
        store: dict[str, Any] = stored["files"]
    except (OSError, ValueError, AttributeError, KeyError):
        return None
    out: list[Finding] = []
    for f in files:
        entry = store.get(relative(f, root))
        if not isinstance(entry, dict) or entry.get("stat") != file_stamp(f):
            return None
        out += [finding_in(d, f) for d in entry["findings"]]
    return out

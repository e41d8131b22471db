"""``check`` through its result cache: findings per file, reused while nothing they depend on
changed.

A file's findings depend on its text, on the rule set (the rules' metadata and code, the
package version, the settings that select and grade them) and, for rules that read the project
index, on the rest of the project. So an entry is keyed by the file's content digest plus a
*project key*: the rule-set version and a digest of what index-reading rules see of other files
(routes, ORM models and schemas without their positions, the set of Python files, and the
project's top-level non-Python files such as ``.env.example`` or ``README``).

The fast path needs no parse and no index (``warm.py``): when every file has the size and
modification time it had last run, every finding comes from the cache. Otherwise the index is
built, the project key recomputed, and only entries whose file digest and project key both
match are reused (the file: ``store.py``; the forked check: ``runner.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.model import Finding
from ..core.source import content_digest
from ..rules import catalogue
from ..rules.fingerprint import index_digest, ruleset_version, side_files
from .classify import build_index
from .containers import container_check
from .runner import diagnose_all
from .store import CheckCache, cache_dir, file_stamp, finding_in
from .warm import relative, stored_findings, walk

if TYPE_CHECKING:
    from ..workspace import Workspace


def cached_check(
    ws: Workspace,
    paths: list[str] | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    on_files: Callable[[int], None] | None = None,
) -> list[Finding]:
    """``ws.check(paths)``, answered from the cache for every file whose findings cannot have
    changed, the rest checked in ``jobs`` processes; the cache brought up to date. The
    Dockerfiles and Compose files follow the Python files (``containers.py``). ``on_files``
    hears how many Python files the run covers, once they are known (a progress line)."""
    folder = cache_dir(ws.root) if use_cache else None
    cache = CheckCache(ws.root, folder)
    cache.load(ruleset_version(ws.settings))
    every, targets, containers, record = walk(ws.root, ws.settings, paths, cache.data.get("walk"))
    if on_files is not None:
        on_files(len(targets))
    if folder is not None:
        warm = stored_findings(cache, ws.settings, every, targets, containers)
        if warm is not None:
            return warm
    cache.data["walk"] = record
    found, project = _python_check(ws, every, targets, cache, jobs)
    found += container_check(ws, every, containers, folder, project)
    catalogue.save(folder)  # the rule modules are imported now: the next warm run needs none
    return found


def _python_check(
    ws: Workspace, every: list[str], targets: list[str], cache: CheckCache, jobs: int | None
) -> tuple[list[Finding], str | None]:
    """The Python files' findings, and the project key they were made under (None uncached)."""
    if cache.path is None:
        build_index(ws, every)
        done = diagnose_all(ws, targets, jobs)
        return [finding_in(d, f) for f, _, found in done for d in found], None
    entries: dict[str, Any] = cache.data["files"]
    rel = {f: relative(f, ws.root) for f in set(every) | set(targets)}
    stats = {f: file_stamp(f) for f in rel}
    side = side_files(ws.root, ws.settings.docs_openapi)

    build_index(ws, every)
    if not entries:  # nothing to reuse: check every target while the project key is derived
        keys: list[str] = []
        done = diagnose_all(
            ws,
            targets,
            jobs,
            during=lambda: keys.append(
                index_digest(ws.index, every, ws.root, ws.settings.docs_openapi)
            ),
        )
        checked: dict[str, Any] = {
            rel[f]: {"stat": stats[f], "digest": d, "findings": found} for f, d, found in done
        }
        cache.data.update(project=keys[0], side=[list(s) for s in side], files=checked)
        cache.save()
        return [finding_in(d, f) for f in targets for d in checked[rel[f]]["findings"]], keys[0]

    # something changed: reuse what still holds
    project = index_digest(ws.index, every, ws.root, ws.settings.docs_openapi)
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
    for f, digest, found in diagnose_all(ws, todo, jobs):
        fresh[rel[f]] = {"stat": stats[f], "digest": digest, "findings": found}
    out = [finding_in(d, f) for f in targets for d in fresh[rel[f]]["findings"]]
    # entries of files outside this run's paths stay only while the project is the same
    for f in every:
        r = rel[f]
        if r not in fresh and same_project and r in entries and entries[r]["stat"] == stats[f]:
            fresh[r] = entries[r]
    cache.data.update(project=project, side=[list(s) for s in side], files=fresh)
    cache.save()
    return out, project

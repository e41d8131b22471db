"""``check``'s Dockerfiles and Compose files, beside the Python files: their findings are
cached per file in ``containers.json`` next to the Python cache, valid while the file's size
and modification time, the rule set and the project key (what the index says of the Python
code, which the cross-project rules read) are the ones stored. When one must be checked again
the index is built first (the fast path of the Python cache does not build it)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from ..core.atomic import write_text_atomic
from ..core.model import Finding
from ..core.source import read_text
from ..rules.fingerprint import ruleset_version
from .classify import build_index
from .store import CheckCache, file_stamp, finding_in, finding_out

if TYPE_CHECKING:
    from ..workspace import Workspace


def container_check(ws: Workspace, paths: list[str] | None, folder: str | None) -> list[Finding]:
    files = ws.container_files(paths)
    if not files:
        return []
    version = ruleset_version(ws.settings)
    project = None
    store: dict[str, Any] = {}
    path = os.path.join(folder, "containers.json") if folder else None
    if path is not None:
        main = CheckCache(ws.root, folder)
        main.load(version)
        project = main.data.get("project")
        try:
            stored = json.loads(read_text(path, None, "strict"))
            if stored.get("version") == version and stored.get("project") == project:
                store = stored.get("files", {})
        except (OSError, ValueError, AttributeError):
            store = {}
    out: list[Finding] = []
    fresh: dict[str, Any] = {}
    for f in files:
        rel = os.path.relpath(f, ws.root)
        stamp = file_stamp(f)
        entry = store.get(rel)
        if project is None or entry is None or entry.get("stat") != stamp:
            build_index(ws, ws.python_files())
            entry = {"stat": stamp, "findings": [finding_out(x) for x in ws.diagnose(f)]}
        fresh[rel] = entry
        out += [finding_in(d, f) for d in entry["findings"]]
    if path is not None and project is not None:
        try:
            data = {"version": version, "project": project, "files": fresh}
            write_text_atomic(path, json.dumps(data))
        except OSError:
            pass  # a read-only checkout: the cache is an optimisation
    return out

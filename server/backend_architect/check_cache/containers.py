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
from .store import file_stamp, finding_in, finding_out
from .warm import CONTAINERS, relative

if TYPE_CHECKING:
    from ..workspace import Workspace


def container_check(
    ws: Workspace, every: list[str], files: list[str], folder: str | None, project: str | None
) -> list[Finding]:
    """The findings of ``files``; ``every`` is the project's Python files (the index's, built
    only when a file must be checked again) and ``project`` the key the Python findings were
    made under (None: nothing is cached)."""
    if not files:
        return []
    version = ruleset_version(ws.settings)
    store: dict[str, Any] = {}
    path = os.path.join(folder, CONTAINERS) if folder else None
    if path is not None and project is not None:
        try:
            stored = json.loads(read_text(path, None, "strict"))
            if stored.get("version") == version and stored.get("project") == project:
                store = stored.get("files", {})
        except (OSError, ValueError, AttributeError):
            store = {}
    out: list[Finding] = []
    fresh: dict[str, Any] = {}
    for f in files:
        rel = relative(f, ws.root)
        stamp = file_stamp(f)
        entry = store.get(rel)
        if project is None or entry is None or entry.get("stat") != stamp:
            build_index(ws, every)
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

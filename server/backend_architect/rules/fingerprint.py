"""What decides a file's findings besides its own text: the rule set and what index-reading rules see.

The rule set (the rules' metadata and code, the package version, the settings that select and
grade them) gives :func:`ruleset_version`; what index-reading rules see of the rest of the
project (routes, ORM models and schemas without their positions, the set of Python files, the
top-level non-Python files) gives :func:`index_digest`. The workspace's pull result ids use both.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from enum import Enum
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.model import Position, Span
from ..index.contracts.committed import committed_paths
from .registry import all_infos

if TYPE_CHECKING:
    from ..config import Settings
    from ..index.project import ProjectIndex

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
    "extend_exclude",
    "respect_gitignore",
    "api_prefix",
    "check_tests",
    "docs_openapi",
)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # backend_architect/
_code_stamp: str | None = None


def code_fingerprint() -> str:
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
    return hashlib.sha256((blob + code_fingerprint()).encode()).hexdigest()[:24]


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


def index_digest(
    index: ProjectIndex, files: list[str], root: str, contract: str | None = None
) -> str:
    """What rules that read the index see of the whole project, positions left out."""
    h = hashlib.sha256()
    for part in (
        sorted(json.dumps(_plain(r), default=str) for r in index.routes),
        sorted(json.dumps(_plain(m), default=str) for m in index.models),
        sorted(json.dumps(_plain(s), default=str) for s in index.schemas),
        sorted(os.path.relpath(f, root) for f in files),
        side_files(root, contract),
    ):
        h.update(json.dumps(part).encode())
    return h.hexdigest()[:24]


def committed_stamps(root: str, contract: str | None = None) -> list[tuple[str, int, int]]:
    """Size and mtime of each committed OpenAPI document there is (BA310 reads them)."""
    out = []
    for path in committed_paths(root, contract):
        try:
            st = os.stat(path)
        except OSError:
            continue
        out.append((os.path.relpath(path, root), st.st_size, st.st_mtime_ns))
    return out


def side_files(root: str, contract: str | None = None) -> list[tuple[str, int, int]]:
    """The project's top-level non-Python files (``.env.example``, ``README``, ``pyproject``),
    the files of its ``templates`` folders, and its committed OpenAPI document (``docs/openapi.json``, the ``docs-openapi`` setting):
    rules read them (documented environment variables, the contract), so their changes count."""
    from .support.template_stamps import template_stamps

    out = committed_stamps(root, contract) + template_stamps(root)  # BA132 reads templates
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        try:  # a symlink loop or a file deleted since the listing: not a side file
            if entry.is_file() and not entry.name.endswith(".py"):
                st = entry.stat()
                out.append((entry.name, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
    return out

"""The OpenAPI document a project keeps in its repository (``docs/openapi.json``, the
``docs-openapi`` setting, or ``openapi.json``/``openapi.yaml`` at the root): what clients were
promised. Parsed once per content (a cache keyed by its digest, behind a stat check)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from ...core.source import read_bytes

DEFAULT_SETTING = "docs/openapi.json"
ROOT_NAMES = ("openapi.json", "openapi.yaml", "openapi.yml")
MAX_BYTES = 5_000_000
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM = re.compile(r"\{[^}]*\}")


def path_key(path: str, method: str) -> tuple[str, str]:
    """An operation's identity for clients: the URL template (parameter names do not reach
    the wire) and the method."""
    return _PARAM.sub("{}", path.rstrip("/") or "/"), method.upper()


@dataclass(frozen=True)
class CommittedContract:
    file: str  # absolute path of the document
    relative: str  # as the project names it (``docs/openapi.json``)
    version: str  # info.version: the version of the contract clients were given
    digest: str
    document: dict[str, Any]
    # path_key -> (the path as written, the operation object)
    operations: dict[tuple[str, str], tuple[str, dict[str, Any]]]

    def resolve(self, node: Any, depth: int = 0) -> Any:
        """``node`` with a local ``$ref`` (``#/components/...``) followed, a few levels deep."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 16:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = self.document
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            node, depth = (target if isinstance(target, dict) else {}), depth + 1
        return node


_BY_DIGEST: dict[str, CommittedContract | None] = {}
_KEEP = 16
_BY_STAT: dict[str, tuple[tuple[int, int], str]] = {}


def committed_paths(root: str, setting: str | None) -> list[str]:
    """Where a committed document may be, in the order they are looked for."""
    names = [setting or DEFAULT_SETTING, *ROOT_NAMES]
    base = os.path.realpath(root)
    out = []
    for name in dict.fromkeys(names):
        path = os.path.realpath(os.path.join(base, name))
        if os.path.commonpath([base, path]) == base:  # never a file outside the project
            out.append(path)
    return out


def find_committed(root: str, setting: str | None = None) -> CommittedContract | None:
    for path in committed_paths(root, setting):
        if os.path.isfile(path):
            return load_committed(path, os.path.relpath(path, os.path.realpath(root)))
    return None


def load_committed(path: str, relative: str) -> CommittedContract | None:
    """The document at ``path``, or None when it is too large, unreadable, or not OpenAPI 3."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_size, st.st_mtime_ns)
    known = _BY_STAT.get(path)
    if known is not None and known[0] == stamp and known[1] in _BY_DIGEST:
        return _BY_DIGEST[known[1]]
    if st.st_size > MAX_BYTES:
        return None
    try:
        data = read_bytes(path, MAX_BYTES)  # a regular file: a FIFO named openapi.json blocks
    except OSError:
        return None
    digest = hashlib.sha256(data).hexdigest()
    _BY_STAT[path] = (stamp, digest)
    if digest not in _BY_DIGEST:
        while len(_BY_DIGEST) >= _KEEP:  # the oldest contents go first
            _BY_DIGEST.pop(next(iter(_BY_DIGEST)))
        _BY_DIGEST[digest] = _parse(path, relative, digest, data)
    return _BY_DIGEST[digest]


def _parse(path: str, relative: str, digest: str, data: bytes) -> CommittedContract | None:
    text = data.decode("utf-8", errors="replace")
    doc: Any
    try:
        if path.endswith((".yaml", ".yml")):
            import yaml

            doc = yaml.safe_load(text)
        else:
            doc = json.loads(text)
    except Exception:  # a broken document (JSON or YAML) promises nothing we can read
        return None
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3"):
        return None
    info = doc.get("info")
    version = str(info.get("version", "")) if isinstance(info, dict) else ""
    operations: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    paths = doc.get("paths")
    for url, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(url, str) or not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                shared = [p for p in item.get("parameters", []) if isinstance(p, dict)]
                if shared:  # path-item parameters apply to every operation under it
                    op = {**op, "parameters": [*shared, *op.get("parameters", [])]}
                operations[path_key(url, method)] = (url, op)
    return CommittedContract(path, relative, version or "unversioned", digest, doc, operations)

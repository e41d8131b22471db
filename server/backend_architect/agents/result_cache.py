"""The agent result cache on disk, keyed by agent, action, model and the exact context.

The same request (same agent prompt, model, tool and context, byte for byte) gives the same
answer back without a call; any change to the code under review changes the key. Only
complete, validated results are stored, so a failed or cancelled run leaves nothing here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..core.atomic import write_text_atomic
from ..core.source import read_text

CACHE_VERSION = 1  # bump when the stored shape changes


def default_cache_dir(configured: str | None = None) -> Path:
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backend-architect"


def cache_key(agent: str, action: str, model: str, request: Any) -> str:
    blob = json.dumps(
        {"v": CACHE_VERSION, "agent": agent, "action": action, "model": model, "request": request},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResultCache:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            value = json.loads(read_text(self._path(key), None, "strict"))
        except (OSError, ValueError):
            return None  # missing or damaged: ask again
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, json.dumps(value, ensure_ascii=False))  # never half a file
        except OSError:
            pass
            # a cache that cannot be written costs a call next time, nothing more

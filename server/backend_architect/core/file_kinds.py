"""Which kind of file a path is (Python source, a Dockerfile, a Compose file), by its name.

The walker of ``check`` and the editor front end both ask :func:`file_kind`; the Python index
only ever sees ``"python"`` files. :func:`iter_container_files` is the one extra walk step for
the other kinds (the Python walk in ``source.py`` is left as it is).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from .source import SKIPPED_DIRS

FileKind = Literal["python", "dockerfile", "compose"]
CONTAINER_KINDS: frozenset[str] = frozenset({"dockerfile", "compose"})

# Dockerfile, Containerfile, api.Dockerfile, api.dockerfile, Dockerfile.prod (not Dockerfile.md)
_DOCKERFILE_RE = re.compile(
    r"^(?:(?:Dockerfile|Containerfile)(?:\.(?!(?:md|txt|rst|orig|bak|swp|j2|jinja|tmpl|template)$)"
    r"[\w.-]+)?|[\w.-]+\.(?:Dockerfile|dockerfile|Containerfile))$"
)
# compose.yaml, compose.yml, docker-compose.yml, docker-compose.prod.yaml, compose.override.yml
_COMPOSE_RE = re.compile(r"^(?:docker-compose|compose)(?:[.-][\w.-]+)?\.ya?ml$")


def file_kind(path: str) -> FileKind | None:
    """The kind of ``path`` by its base name; None for a file none of the rules read."""
    name = os.path.basename(path)
    if name.endswith(".py"):
        return "python"
    if _DOCKERFILE_RE.match(name):
        return "dockerfile"
    if _COMPOSE_RE.match(name):
        return "compose"
    return None


def is_container_file(path: str) -> bool:
    return file_kind(path) in CONTAINER_KINDS


def iter_container_files(root: str | os.PathLike[str]) -> Iterator[str]:
    """Dockerfiles and Compose files under ``root`` (or ``root`` itself when it is one),
    skipping the folders the Python walk skips."""
    rootp = Path(root)
    if rootp.is_file():
        if is_container_file(str(rootp)):
            yield str(rootp)
        return
    for dirpath, dirnames, filenames in os.walk(rootp):
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIPPED_DIRS and not d.endswith(".egg-info")
        )
        for name in sorted(filenames):
            if is_container_file(name):
                yield os.path.join(dirpath, name)

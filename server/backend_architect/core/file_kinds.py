"""Which kind of file a path is (Python source, a Dockerfile, a Compose file), by its name.

The walker of ``check`` and the editor front end both ask :func:`file_kind`; the Python index
only ever sees ``"python"`` files; ``core/discovery.py`` walks for the other kinds with
:func:`is_container_file` (the same excludes and ``.gitignore``).
"""

from __future__ import annotations

import os
import re
from typing import Literal

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

"""Where a project documents its environment: env templates, compose files and READMEs up to the root."""

from __future__ import annotations

import os
import re

from ..file_context import FileContext
from .project_files import folders_up, read_text

ENV_TEMPLATES = (
    ".env.example",
    ".env.sample",
    ".env.template",
    ".env.dist",
    ".env.defaults",
    "example.env",
    "env.example",
    "sample.env",
)

COMPOSE_RE = re.compile(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)

README_RE = re.compile(r"^readme(?:\.\w+)?$", re.IGNORECASE)


def _listdir(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def env_doc_files(ctx: FileContext) -> tuple[list[str], list[str]]:
    """(templates and compose files, READMEs) in the file's folder and up to the root."""
    templates: list[str] = []
    readmes: list[str] = []
    for folder in folders_up(ctx):
        for name in _listdir(folder):
            if name in ENV_TEMPLATES or name == ".env" or COMPOSE_RE.match(name):
                templates.append(os.path.join(folder, name))
            elif README_RE.match(name):
                readmes.append(os.path.join(folder, name))
    root = ctx.index.root if ctx.index is not None else None
    for folder in repository_folders(root):  # compose and .env files of the repository
        for name in _listdir(folder):
            if name in ENV_TEMPLATES or name == ".env" or COMPOSE_RE.match(name):
                templates.append(os.path.join(folder, name))
    return templates, readmes


MAX_REPOSITORY_DEPTH = 6


def repository_folders(root: str | None) -> list[str]:
    """The folders above the project root up to the repository's (the first with ``.git``);
    none when the project root is the repository's or no ``.git`` is near above it (a
    ``backend/`` project with its compose file one folder up: that compose file counts)."""
    if root is None or os.path.exists(os.path.join(root, ".git")):
        return []
    out: list[str] = []
    folder = os.path.dirname(os.path.abspath(root))
    for _ in range(MAX_REPOSITORY_DEPTH):
        out.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            return out
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return []


def documented_in(name: str, paths: list[str]) -> bool:
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")
    return any(pattern.search(read_text(p)) for p in paths)

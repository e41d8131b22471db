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
            if name in ENV_TEMPLATES or COMPOSE_RE.match(name):
                templates.append(os.path.join(folder, name))
            elif README_RE.match(name):
                readmes.append(os.path.join(folder, name))
    return templates, readmes


def documented_in(name: str, paths: list[str]) -> bool:
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")
    return any(pattern.search(read_text(p)) for p in paths)

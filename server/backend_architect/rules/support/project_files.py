"""Files around the checked one: the project root, folders up to it, their texts, dev and settings modules."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator

from ...core.source import read_text as read_regular_text
from ..file_context import FileContext
from .secrets import name_words


def project_root(ctx: FileContext) -> str | None:
    return ctx.index.root if ctx.index is not None else None


def folders_up(ctx: FileContext) -> Iterator[str]:
    """The file's folder and its parents up to the project root (``backend/.env.example``
    documents ``backend/app/config.py``)."""
    root = project_root(ctx)
    if root is None:
        return
    folder = os.path.dirname(os.path.abspath(ctx.path))
    if os.path.relpath(folder, root).startswith(".."):
        folder = root
    while True:
        yield folder
        if folder == root or os.path.dirname(folder) == folder:
            return
        folder = os.path.dirname(folder)


MAX_DOC_BYTES = 1_000_000

_TEXTS: dict[str, tuple[float, str]] = {}


def read_text(path: str) -> str:
    """A project file's text, re-read only when its modification time changes."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    hit = _TEXTS.get(path)
    if hit is not None and hit[0] == stat.st_mtime:
        return hit[1]
    text = ""
    if stat.st_size <= MAX_DOC_BYTES:
        try:
            text = read_regular_text(path, MAX_DOC_BYTES)
        except OSError:
            text = ""
    _TEXTS[path] = (stat.st_mtime, text)
    return text


DEV_WORDS = frozenset({"dev", "develop", "development", "local", "test", "tests", "testing", "ci"})

_DEV_FILE: list[tuple[FileContext, bool]] = []  # the last file's answer: rules ask per node


def is_dev_file(ctx: FileContext) -> bool:
    """settings/dev.py, local_settings.py, settings_test.py: meant for a developer's machine."""
    hit = _DEV_FILE[0] if _DEV_FILE else None
    if hit is not None and hit[0] is ctx:
        return hit[1]
    stem = os.path.splitext(ctx.relative_parts[-1])[0]
    answer = bool(DEV_WORDS & set(name_words(stem))) or ctx.is_test_file
    _DEV_FILE[:] = [(ctx, answer)]
    return answer


def is_settings_module(ctx: FileContext) -> bool:
    """A Django settings module: settings.py, settings/*.py, or a module that sets what only
    settings set (INSTALLED_APPS, ROOT_URLCONF ...)."""
    parts = ctx.relative_parts
    if parts[-1] == "settings.py" or (len(parts) > 1 and parts[-2] == "settings"):
        return True
    for stmt in ctx.tree.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in DJANGO_SETTINGS_NAMES for t in stmt.targets
        ):
            return True
    return False


DJANGO_SETTINGS_NAMES = frozenset(
    {"INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE", "WSGI_APPLICATION"}
)

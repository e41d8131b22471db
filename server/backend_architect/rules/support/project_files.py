"""Files around the checked one: the project root, folders up to it, their texts, dev and settings modules."""

from __future__ import annotations

import ast
import os
import re
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


# a header that says the file is for CI, tests or a developer's machine, not production
_DEV_HEADER_RE = re.compile(
    r"\b(?:ci|tests?|testing|development|dev|local)[- ](?:only|use only)\b"
    r"|\bnot (?:for|in|used in|meant for) production\b|\bnever (?:used )?in production\b"
    r"|\b(?:settings|config(?:uration)?) (?:for|used by|used in) (?:the )?(?:ci|continuous "
    r"integration|tests?|testing|test runs?|development|local development)\b"
    r"|\b(?:ci|continuous integration|test|testing|development) (?:settings|config(?:uration)?)\b",
    re.IGNORECASE,
)
HEADER_LINES = 15


def header_says_dev(ctx: FileContext) -> bool:
    """The module's docstring or leading comments say it is for CI, tests or development."""
    head: list[str] = []
    for line in ctx.lines[:HEADER_LINES]:
        stripped = line.strip()
        if stripped.startswith("#"):
            head.append(stripped)
    doc = ast.get_docstring(ctx.tree, clean=False) if isinstance(ctx.tree, ast.Module) else None
    text = " ".join([*head, doc or ""])
    return bool(text) and _DEV_HEADER_RE.search(" ".join(text.split())) is not None


def is_dev_file(ctx: FileContext) -> bool:
    """settings/dev.py, local_settings.py, settings_test.py, or a header that says "settings
    for CI": meant for a developer's machine or a test run."""
    hit = _DEV_FILE[0] if _DEV_FILE else None
    if hit is not None and hit[0] is ctx:
        return hit[1]
    stem = os.path.splitext(ctx.relative_parts[-1])[0]
    answer = bool(DEV_WORDS & set(name_words(stem))) or ctx.is_test_file or header_says_dev(ctx)
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

"""Size and mtime of the project's template files, for the check cache's key: BA132 reads
the templates a handler renders, so their changes count. Kept apart from ``templates.py`` (the
rule side), which a warm ``check`` never imports."""

from __future__ import annotations

import os

TEMPLATE_DIR = "templates"
MAX_STAMPED = 2_000  # template files stamped for the check cache
MAX_DEPTH = 3  # folders below the root searched for ``templates`` folders (app/templates: 1)
# folders that hold no templates a handler renders: not searched for ``templates`` folders
SKIPPED = frozenset(
    {"node_modules", "__pycache__", "venv", "migrations", "static", "locale", "docs", "tests",
     "test", "site-packages", "dist", "build"}
)  # fmt: skip


def template_stamps(root: str) -> list[tuple[str, int, int]]:
    """Size and mtime of the files in the project's ``templates`` folders (to a bounded depth
    and count): a rule reads them, so their changes count for the check cache."""
    out: list[tuple[str, int, int]] = []
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack and len(out) < MAX_STAMPED:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            try:
                if not e.is_dir(follow_symlinks=False) or e.name.startswith("."):
                    continue
            except OSError:
                continue
            if e.name == TEMPLATE_DIR:
                out.extend(_stamps_under(e.path, root, MAX_STAMPED - len(out)))
            elif depth < MAX_DEPTH and e.name not in SKIPPED:
                stack.append((e.path, depth + 1))
    return out


def _stamps_under(folder: str, root: str, limit: int) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            if len(out) >= limit:
                return out
            try:
                st = os.stat(os.path.join(base, f))
            except OSError:
                continue
            out.append((os.path.relpath(os.path.join(base, f), root), st.st_size, st.st_mtime_ns))
    return out

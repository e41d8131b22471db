"""A Django field as the earlier migrations of its app define it: the sibling files of a
migration (``0001_initial.py`` before ``0002_...``) read for ``CreateModel`` fields,
``AddField`` and ``AlterField``, so a rule can say what an ``AlterField`` changes."""

from __future__ import annotations

import ast
import os

from ...core.source import read_text
from .migration_ops import arg, django_migration, text_of

MAX_BYTES = 1_000_000
# (folder, its files with size and mtime) -> {(model, field): [(file name, field call)]}
_cache: dict[
    str, tuple[tuple[tuple[str, int, int], ...], dict[tuple[str, str], list[tuple[str, ast.Call]]]]
] = {}


def _listing(folder: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    for name in names:
        if not name.endswith(".py") or name == "__init__.py":
            continue
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            continue
        out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _definitions(folder: str) -> dict[tuple[str, str], list[tuple[str, ast.Call]]]:
    listing = _listing(folder)
    hit = _cache.get(folder)
    if hit is not None and hit[0] == listing:
        return hit[1]
    table: dict[tuple[str, str], list[tuple[str, ast.Call]]] = {}
    for name, size, _ in listing:
        if size > MAX_BYTES:
            continue
        try:
            tree = ast.parse(read_text(os.path.join(folder, name), MAX_BYTES, "strict"))
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
            continue
        migration = django_migration(tree)
        if migration is None:
            continue
        for op in migration.ops:
            if op.model is None:
                continue
            if op.name == "CreateModel":
                fields = arg(op.call, 1, "fields")
                for item in fields.elts if isinstance(fields, (ast.List, ast.Tuple)) else ():
                    if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                        field_name, call = text_of(item.elts[0]), item.elts[1]
                        if field_name and isinstance(call, ast.Call):
                            table.setdefault((op.model, field_name), []).append((name, call))
            elif op.name in ("AddField", "AlterField"):
                field_name, given = text_of(arg(op.call, 1, "name")), arg(op.call, 2, "field")
                if field_name and isinstance(given, ast.Call):
                    table.setdefault((op.model, field_name), []).append((name, given))
    if len(_cache) > 64:
        _cache.clear()
    _cache[folder] = (listing, table)
    return table


def field_before(path: str, model: str, field: str) -> ast.Call | None:
    """The field's last definition in a migration of the same folder named before ``path``."""
    folder, own = os.path.split(os.path.abspath(path))
    earlier = [(n, c) for n, c in _definitions(folder).get((model, field), []) if n < own]
    return earlier[-1][1] if earlier else None

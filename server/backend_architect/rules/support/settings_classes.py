"""pydantic BaseSettings subclasses of the checked file, through bases defined in it."""

from __future__ import annotations

import ast

from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import of_type

SETTINGS_BASES = frozenset({"BaseSettings"})


def settings_classes(ctx: FileContext) -> list[ast.ClassDef]:
    """pydantic ``BaseSettings`` subclasses of this file, through bases defined in it."""
    classes = of_type(ctx.tree, ast.ClassDef)
    names: set[str] = set()
    found: list[ast.ClassDef] = []
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls.name in names:
                continue
            for base in cls.bases:
                last = (dotted_name(base) or "").rsplit(".", 1)[-1]
                if last in SETTINGS_BASES or last in names:
                    names.add(cls.name)
                    found.append(cls)
                    changed = True
                    break
    return found

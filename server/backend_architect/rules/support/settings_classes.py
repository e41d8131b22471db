"""pydantic BaseSettings subclasses of the checked file, through bases defined in it."""

from __future__ import annotations

import ast

from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import of_type

SETTINGS_BASES = frozenset({"BaseSettings"})


def settings_classes(ctx: FileContext) -> list[ast.ClassDef]:
    """pydantic ``BaseSettings`` subclasses of this file, through bases defined in it."""
    return settings_classes_of(of_type(ctx.tree, ast.ClassDef))


def settings_classes_of(classes: list[ast.ClassDef]) -> list[ast.ClassDef]:
    """Those of ``classes`` that derive from ``BaseSettings``, through bases among them."""
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


def settings_config(cls: ast.ClassDef, key: str) -> ast.expr | None:
    """A setting of the class's configuration: ``model_config = SettingsConfigDict(key=...)``
    (or ``ConfigDict``, a dict literal) or the pydantic v1 ``class Config: key = ...``."""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets
        ):
            if isinstance(stmt.value, ast.Call):
                for kw in stmt.value.keywords:
                    if kw.arg == key:
                        return kw.value
            if isinstance(stmt.value, ast.Dict):
                for k, v in zip(stmt.value.keys, stmt.value.values, strict=False):
                    if isinstance(k, ast.Constant) and k.value == key:
                        return v
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            for sub in stmt.body:
                if isinstance(sub, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == key for t in sub.targets
                ):
                    return sub.value
    return None


def env_prefix(cls: ast.ClassDef) -> str:
    """``env_prefix`` of a settings class ("" without one, or when it is not a literal)."""
    value = settings_config(cls, "env_prefix")
    return str(value.value) if isinstance(value, ast.Constant) else ""

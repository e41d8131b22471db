"""The project's ORM models defined in the checked file."""

from __future__ import annotations

import os

from ...core.model import OrmModel
from ..file_context import FileContext

# the project's models grouped by file, for the models list they were grouped from
_models_by_file: tuple[list[OrmModel], dict[str, list[OrmModel]]] | None = None


def models_in(ctx: FileContext) -> list[OrmModel]:
    """The project's models defined in this file (grouped once per index state: the rules
    that ask run on every file)."""
    global _models_by_file
    assert ctx.index is not None
    models = ctx.index.models
    if _models_by_file is None or _models_by_file[0] is not models:
        grouped: dict[str, list[OrmModel]] = {}
        for m in models:
            grouped.setdefault(m.file, []).append(m)
        _models_by_file = (models, grouped)
    return _models_by_file[1].get(os.path.abspath(ctx.path), [])

"""Models against the migrations for a project root, cached: the revision files are read and
replayed again only when one of them changes (path, size, modification time, open text)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...core.model import OrmModel
from .diff import SchemaDiff, diff_schemas
from .environment import AlembicEnv, environment_for
from .from_models import model_schema
from .replay import head_schema
from .revisions import RevisionGraph, read_graph
from .schema import Schema

TABLE_CALL = re.compile(r"\bTable\(\s*[\"'](\w+)[\"']")


@dataclass
class MigrationState:
    env: AlembicEnv
    graph: RevisionGraph
    head: Schema
    diff: SchemaDiff


_HEADS: dict[str, tuple[object, RevisionGraph, Schema]] = {}


def _files_key(env: AlembicEnv, texts: dict[str, str]) -> object:
    entries: list[object] = [env]
    for folder in env.version_locations:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".py"):
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                entries.append((path, st.st_size, st.st_mtime_ns, hash(texts.get(path))))
    return tuple(entries)


def head_of(env: AlembicEnv, texts: dict[str, str] | None = None) -> tuple[RevisionGraph, Schema]:
    texts = texts or {}
    key = _files_key(env, texts)
    hit = _HEADS.get(env.script_location)
    if hit is not None and hit[0] == key:
        return hit[1], hit[2]
    graph = read_graph(env, texts)
    head = head_schema(graph)
    _HEADS[env.script_location] = (key, graph, head)
    return graph, head


def migration_state(
    root: str,
    models: list[OrmModel],
    path: str | None = None,
    texts: dict[str, str] | None = None,
    keep: Iterable[str] = (),
) -> MigrationState | None:
    """None when the project has no Alembic environment (or no SQLAlchemy models)."""
    if not any(m.framework in ("sqlalchemy", "sqlmodel") and m.table for m in models):
        return None
    env = environment_for(root, path)
    if env is None:
        return None
    graph, head = head_of(env, texts)
    return MigrationState(env, graph, head, diff_schemas(model_schema(models), head, keep))


def declared_tables(texts: Iterable[str]) -> set[str]:
    """Tables the project declares as ``Table("name", metadata, ...)``: not models, never dropped."""
    return {m for text in texts if "Table(" in text for m in TABLE_CALL.findall(text)}

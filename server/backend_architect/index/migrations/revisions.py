"""The revision graph of an Alembic environment, read from the revision files' assignments:
``revision``, ``down_revision`` (one, a tuple for a merge, None for a base), ``branch_labels``."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field

from ...core.source import TooLarge, read_text
from .environment import AlembicEnv

MAX_REVISION_BYTES = 2_000_000


@dataclass
class Revision:
    id: str
    down: tuple[str, ...]
    path: str
    tree: ast.Module
    text: str
    branch_labels: tuple[str, ...] = ()
    message: str = ""

    def function(self, name: str) -> ast.FunctionDef | None:
        return next(
            (n for n in self.tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None
        )


@dataclass
class RevisionGraph:
    revisions: dict[str, Revision] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # files that do not read as revisions

    @property
    def heads(self) -> list[str]:
        referenced = {d for r in self.revisions.values() for d in r.down}
        return sorted(r for r in self.revisions if r not in referenced)

    @property
    def bases(self) -> list[str]:
        return sorted(r.id for r in self.revisions.values() if not r.down)

    @property
    def merges(self) -> list[str]:
        return sorted(r.id for r in self.revisions.values() if len(r.down) > 1)

    def missing(self) -> list[tuple[str, str]]:
        """(revision, the down_revision no file defines)."""
        return [
            (r.id, d) for r in self.revisions.values() for d in r.down if d not in self.revisions
        ]

    def ordered(self) -> list[Revision]:
        """Every revision after the ones it revises (bases first; ties by id)."""
        done: set[str] = set()
        out: list[Revision] = []
        pending = sorted(self.revisions)
        while pending:
            ready = [
                r
                for r in pending
                if all(d in done or d not in self.revisions for d in self.revisions[r].down)
            ]
            if not ready:  # a cycle: keep the rest in id order
                ready = pending[:1]
            for rid in ready:
                done.add(rid)
                out.append(self.revisions[rid])
            pending = [r for r in pending if r not in done]
        return out


def read_graph(env: AlembicEnv, texts: dict[str, str] | None = None) -> RevisionGraph:
    """The revisions in the environment's versions folders (``texts``: the editor's unsaved
    text of open files, by absolute path)."""
    graph = RevisionGraph()
    for folder in env.version_locations:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if not name.endswith(".py") or name.startswith("__") or not os.path.isfile(path):
                continue
            rev = read_revision(path, (texts or {}).get(path))
            if isinstance(rev, str):
                graph.problems.append(rev)
            elif rev.id in graph.revisions:
                graph.problems.append(f"{path}: revision {rev.id} is defined twice")
            else:
                graph.revisions[rev.id] = rev
    return graph


def read_revision(path: str, text: str | None = None) -> Revision | str:
    """The revision a file defines, or why it does not read as one."""
    if text is None:
        try:
            text = read_text(path, MAX_REVISION_BYTES, "strict")
        except TooLarge:
            return f"{path}: too large to read"
        except (OSError, UnicodeDecodeError) as exc:
            return f"{path}: {exc}"
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        return f"{path}: does not parse ({exc})"
    values: dict[str, object] = {}
    for stmt in tree.body:
        target, value = None, None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        if isinstance(target, ast.Name) and value is not None:
            try:
                values[target.id] = ast.literal_eval(value)
            except (ValueError, SyntaxError, TypeError):
                values[target.id] = None
    rid = values.get("revision")
    if not isinstance(rid, str):
        return f'{path}: no `revision = "..."`'
    down = values.get("down_revision")
    downs = (
        (down,)
        if isinstance(down, str)
        else tuple(d for d in down if isinstance(d, str))
        if isinstance(down, (tuple, list))
        else ()
    )
    labels = values.get("branch_labels")
    label_tuple = (
        (labels,)
        if isinstance(labels, str)
        else tuple(labels)
        if isinstance(labels, (tuple, list))
        else ()
    )
    doc = ast.get_docstring(tree) or ""
    return Revision(
        rid, downs, path, tree, text, tuple(str(x) for x in label_tuple), doc.split("\n", 1)[0]
    )

"""Alembic environments of a project: ``alembic.ini`` (or ``[tool.alembic]`` in pyproject.toml),
the script folder, its versions folders, the file name template, and whether ``env.py`` asks
for batch operations (``render_as_batch=True``)."""

from __future__ import annotations

import ast
import configparser
import os
import sys
from dataclasses import dataclass

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ...core.source import read_text

SKIP_DIRS = frozenset(
    {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", "site-packages"}
)
DEFAULT_TEMPLATE = "%(rev)s_%(slug)s"
MAX_DEPTH = 4
MAX_FILE_BYTES = 1_000_000  # pyproject.toml, alembic.ini, env.py


@dataclass(frozen=True)
class AlembicEnv:
    config_file: str  # alembic.ini or pyproject.toml
    script_location: str  # absolute
    version_locations: tuple[str, ...]  # absolute; the first is where new revisions go
    file_template: str = DEFAULT_TEMPLATE
    truncate_slug_length: int = 40
    render_as_batch: bool = False
    template_file: str | None = None  # script.py.mako, when present

    @property
    def root(self) -> str:
        return os.path.dirname(self.config_file)


def find_environments(root: str) -> list[AlembicEnv]:
    """Every Alembic environment under ``root`` (a few levels deep), nearest first."""
    out: list[AlembicEnv] = []
    root = os.path.abspath(root)
    for folder, dirs, files in os.walk(root):
        depth = os.path.relpath(folder, root).count(os.sep)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        if depth >= MAX_DEPTH:
            dirs[:] = []
        for name in sorted(files):
            if name.endswith(".ini") and "alembic" in name:
                env = _from_ini(os.path.join(folder, name))
            elif name == "pyproject.toml":
                env = _from_pyproject(os.path.join(folder, name))
            else:
                continue
            if env is not None and all(e.script_location != env.script_location for e in out):
                out.append(env)
    return out


def environment_for(root: str, path: str | None = None) -> AlembicEnv | None:
    """The environment whose folder holds ``path`` most closely (the first one otherwise)."""
    envs = find_environments(root)
    if not envs:
        return None
    if path is not None:
        path = os.path.abspath(path)
        holding = [e for e in envs if path.startswith(e.root + os.sep) or path == e.root]
        if holding:
            return max(holding, key=lambda e: len(e.root))
    return envs[0]


def _from_ini(path: str) -> AlembicEnv | None:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    if not parser.has_option("alembic", "script_location"):
        return None
    here = os.path.dirname(os.path.abspath(path))

    def get(key: str) -> str | None:
        if not parser.has_option("alembic", key):
            return None
        return parser.get("alembic", key).replace("%(here)s", here).replace("%%", "%").strip()

    sep = get("version_path_separator") or "os"
    return _env(
        path,
        here,
        get("script_location") or "",
        get("version_locations"),
        {"os": os.pathsep, "space": " ", "newline": "\n", ":": ":", ";": ";"}.get(sep, " "),
        get("file_template"),
        get("truncate_slug_length"),
    )


def _from_pyproject(path: str) -> AlembicEnv | None:
    try:
        data = tomllib.loads(read_text(path, MAX_FILE_BYTES, "strict"))
    except (OSError, ValueError, RecursionError):  # TOMLDecodeError, UnicodeDecodeError too
        return None
    section = data.get("tool", {}).get("alembic")
    if not isinstance(section, dict) or not isinstance(section.get("script_location"), str):
        return None
    here = os.path.dirname(os.path.abspath(path))

    def get(key: str) -> str | None:
        value = section.get(key)
        if isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        return str(value).replace("%(here)s", here) if value is not None else None

    return _env(
        path, here, get("script_location") or "", get("version_locations"), "\n",
        get("file_template"), get("truncate_slug_length"),
    )  # fmt: skip


def _env(
    config: str,
    here: str,
    script: str,
    versions: str | None,
    sep: str,
    template: str | None,
    truncate: str | None,
) -> AlembicEnv | None:
    if (
        ":" in script
        and not os.path.isabs(script)
        and not os.path.exists(os.path.join(here, script))
    ):
        return None  # "package:folder": a script folder inside an installed package
    location = os.path.normpath(os.path.join(here, script))
    if not os.path.isdir(location):
        return None
    folders = [v.strip() for v in versions.split(sep)] if versions else []
    locations = tuple(os.path.normpath(os.path.join(here, v)) for v in folders if v) or (
        os.path.join(location, "versions"),
    )
    mako = os.path.join(location, "script.py.mako")
    return AlembicEnv(
        config_file=os.path.abspath(config),
        script_location=location,
        version_locations=locations,
        file_template=template or DEFAULT_TEMPLATE,
        truncate_slug_length=int(truncate) if truncate and truncate.isdigit() else 40,
        render_as_batch=_renders_as_batch(os.path.join(location, "env.py")),
        template_file=mako if os.path.isfile(mako) else None,
    )


def _renders_as_batch(env_py: str) -> bool:
    """``context.configure(..., render_as_batch=True)`` in env.py, read, never run."""
    try:
        tree = ast.parse(read_text(env_py, MAX_FILE_BYTES, "strict"))
    except (OSError, SyntaxError, ValueError, RecursionError):
        return False
    return any(
        isinstance(node, ast.keyword)
        and node.arg == "render_as_batch"
        and isinstance(node.value, ast.Constant)
        and node.value.value is True
        for node in ast.walk(tree)
    )

"""Which files make the project, as ruff decides it: the project root (the nearest
``pyproject.toml``, ``setup.cfg`` or ``.git`` above the paths given), the ``exclude`` and
``extend-exclude`` patterns, ``.gitignore`` and ``force-exclude``.

Patterns match as ruff's do: a pattern is tried on every folder and file on the way from the
root down, both on its name (``migrations`` leaves out every ``migrations/`` folder, ``*_pb2.py``
every such file) and on its path from the root (``app/legacy/*``, ``*/migrations/*``).
``exclude`` replaces the defaults below (ruff's own list); ``extend-exclude`` adds to them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from fnmatch import translate
from typing import Protocol

from .file_kinds import is_container_file
from .gitignore import GitIgnore, git_top


class FinderSettings(Protocol):
    """What the finder reads of the settings (``config.Settings`` has it; core knows no config)."""

    @property
    def exclude(self) -> Iterable[str]: ...
    @property
    def extend_exclude(self) -> Iterable[str]: ...
    @property
    def respect_gitignore(self) -> bool: ...
    @property
    def force_exclude(self) -> bool: ...


# ruff's default `exclude`, and the folders this project always left out (virtualenvs, caches)
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    "env",
    ".env",
    "*.egg-info",
)
# never walked, whatever `exclude` says: no source lives there
ALWAYS_SKIPPED = frozenset({".git", "__pycache__", ".backend-architect-cache"})
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", ".git")


def find_project_root(paths: Iterable[str]) -> str:
    """The nearest folder at or above the paths' common folder holding a ``pyproject.toml``,
    ``setup.cfg`` or ``.git``; without one, that common folder itself."""
    folders = []
    for p in paths:
        full = os.path.abspath(p)
        folders.append(full if os.path.isdir(full) else os.path.dirname(full))
    common = os.path.commonpath(folders) if folders else os.getcwd()
    probe = common
    while True:
        if any(os.path.exists(os.path.join(probe, m)) for m in ROOT_MARKERS):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return common
        probe = parent


class Patterns:
    """``exclude`` globs, each tried on a name and on a path from the root."""

    def __init__(self, patterns: Iterable[str]) -> None:
        parts = [translate(p.strip().rstrip("/")) for p in patterns if p.strip().rstrip("/")]
        self._re = re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None

    def match(self, name: str, rel: str) -> bool:
        return self._re is not None and bool(self._re.match(name) or self._re.match(rel))


class FileFinder:
    """The files of a project under the paths given, with the settings' exclusions."""

    def __init__(
        self,
        root: str,
        exclude: Iterable[str] = DEFAULT_EXCLUDES,
        extend_exclude: Iterable[str] = (),
        respect_gitignore: bool = True,
        force_exclude: bool = False,
    ) -> None:
        self.root = os.path.abspath(root)
        self.patterns = Patterns([*exclude, *extend_exclude])
        self.gitignore = GitIgnore(git_top(self.root) or self.root) if respect_gitignore else None
        self.force_exclude = force_exclude
        self.walked: list[str] = []  # the folders listed, in order (a walk's record)

    def _rel(self, path: str) -> str:
        """``path`` (absolute) from the root, with ``/``; "" outside it."""
        prefix = self.root.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):
            return ""
        rel = path[len(prefix) :]
        return rel if os.sep == "/" else rel.replace(os.sep, "/")

    def excluded(self, path: str) -> bool:
        """Whether an exclude pattern matches ``path`` or a folder above it (up to the root):
        what ``force-exclude`` applies to paths given by name, and the editor to open files."""
        path = os.path.abspath(path)
        rel = self._rel(path)
        if not rel:
            return self.patterns.match(os.path.basename(path), "")
        parts = rel.split("/")
        return any(
            self.patterns.match(parts[i], "/".join(parts[: i + 1])) for i in range(len(parts))
        )

    def _skipped(self, folder: str, name: str, is_dir: bool) -> bool:
        if is_dir and name in ALWAYS_SKIPPED:
            return True
        full = os.path.join(folder, name)
        rel = self._rel(full)
        if self.patterns.match(name, rel):
            return True
        return self.gitignore is not None and self.gitignore.ignored(full, is_dir)

    def files(
        self,
        paths: Iterable[str],
        wanted: Callable[[str], bool] | None = None,
        keep_named: bool | None = None,
    ) -> Iterator[str]:
        """Absolute paths of the files under ``paths`` whose name ``wanted`` accepts (default:
        Python files), each once, in walk order. A file named explicitly is kept whatever its
        name when ``keep_named`` (default: when ``wanted`` is the default), unless
        ``force-exclude``; otherwise ``wanted`` applies to named files too."""
        keep = wanted is None if keep_named is None else keep_named
        seen: set[str] = set()
        for given in paths:
            start = os.path.abspath(given)
            if self.force_exclude and self.excluded(start):
                continue
            for f in self._walk(start, wanted or _is_python, keep):
                if f not in seen:
                    seen.add(f)
                    yield f

    def _walk(self, start: str, accept: Callable[[str], bool], keep_named: bool) -> Iterator[str]:
        if os.path.isfile(start):
            if keep_named or accept(os.path.basename(start)):
                yield start
            return
        for folder, dirnames, filenames in os.walk(start):
            self.walked.append(folder)
            if self.gitignore is not None:  # no .gitignore listed here: none to open
                self.gitignore.listed(folder, ".gitignore" in filenames)
            dirnames[:] = sorted(d for d in dirnames if not self._skipped(folder, d, True))
            for name in sorted(filenames):
                if accept(name) and not self._skipped(folder, name, False):
                    yield os.path.join(folder, name)


def settings_finder(root: str, settings: FinderSettings, explicit: bool) -> FileFinder:
    """The finder the settings describe; ``explicit`` for paths the user named (where
    ``force-exclude`` applies)."""
    return FileFinder(
        root,
        settings.exclude,
        settings.extend_exclude,
        settings.respect_gitignore,
        force_exclude=explicit and settings.force_exclude,
    )


def project_files(finder: FileFinder, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The Python files and the Dockerfiles/Compose files under ``paths``, from one walk. A
    file named explicitly is a container file by its name, else Python whatever its name."""
    python: list[str] = []
    containers: list[str] = []
    for f in finder.files(paths, wanted=_checked_name, keep_named=True):
        (containers if is_container_file(os.path.basename(f)) else python).append(f)
    return python, containers


def _checked_name(name: str) -> bool:
    return name.endswith(".py") or is_container_file(name)


def iter_python_files(root: str | os.PathLike[str]) -> Iterator[str]:
    """Python files under ``root`` (or ``root`` itself), skipping the default excludes
    (virtualenvs, caches, build output); a workspace applies its own settings instead."""
    yield from FileFinder(str(root), respect_gitignore=False).files([str(root)])


def _is_python(name: str) -> bool:
    return name.endswith(".py")

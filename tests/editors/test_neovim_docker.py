"""A real headless Neovim shows a Dockerfile's BA6xx diagnostics, at their columns."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _support import Neovim, run_nvim

PROBE = Path(__file__).with_name("probe_docker.lua")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_shop"
pytestmark = pytest.mark.editor


def test_neovim_sees_dockerfile_diagnostics(tmp_path: Path, neovim: Neovim) -> None:
    workspace = tmp_path / "fastapi_shop"
    shutil.copytree(EXAMPLE, workspace)
    dockerfile = workspace / "Dockerfile"
    # the server this checkout holds (a worktree's PYTHONPATH, as the shared venv points elsewhere)
    env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
    out = run_nvim(PROBE, workspace, dockerfile, env, nvim=neovim.path)
    assert out["filetype"] == "dockerfile"  # the filetype the docs' configuration lists
    lines = dockerfile.read_text().splitlines()
    (ba607,) = [d for d in out["diagnostics"] if d["code"] == "BA607"]
    line = next(i for i, t in enumerate(lines) if t.startswith("RUN pip install"))
    assert (ba607["lnum"], ba607["col"], ba607["end_col"]) == (line, 4, 15)
    assert ba607["source"] == "backend-architect"
    assert {"BA602", "BA613"} <= {d["code"] for d in out["diagnostics"]}

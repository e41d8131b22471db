"""The package as users get it: a LICENSE and an SPDX licence, one repository named everywhere,
classifiers, an sdist that leaves the tests out (they need the whole repository) and builds
the wheel by itself, and the bundled agent inside the wheel as a real file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from _support import REPO, _missing, require_module
from backend_architect.report.formats import INFORMATION_URI

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CANONICAL = "https://github.com/backend-architect-lsp/backend-architect-lsp"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def test_licence_is_mit_spdx_with_its_file() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert json.loads((REPO / "vscode-client" / "package.json").read_text())["license"] == "MIT"
    assert any(c.startswith("Programming Language :: Python :: 3") for c in project["classifiers"])


def test_every_link_names_the_same_repository() -> None:
    urls = list(PYPROJECT["project"]["urls"].values())
    package = json.loads((REPO / "vscode-client" / "package.json").read_text())
    urls += [package["repository"]["url"], package["homepage"], package["bugs"]["url"]]
    urls += [INFORMATION_URI, _rule_url()]
    for url in urls:
        assert (
            url == CANONICAL or url.startswith(CANONICAL + "/") or url.startswith(CANONICAL + "#")
        ), url
    # and no other github.com/<owner>/backend-architect-lsp anywhere in the sources we ship
    others = set()
    for path in [*(REPO / "server").rglob("*.py"), REPO / "README.md", REPO / "pyproject.toml"]:
        for m in re.finditer(r"github\.com/([\w.-]+)/backend-architect-lsp", path.read_text()):
            others.add(m.group(1))
    assert others <= {"backend-architect-lsp"}


def _rule_url() -> str:
    from backend_architect.rules.registry import all_infos

    return next(iter(all_infos())).url


def _build_tools() -> None:
    require_module("build")
    import setuptools

    if int(setuptools.__version__.split(".")[0]) < 77:
        _missing(
            f"setuptools {setuptools.__version__} < 77 (the `test` extra installs a newer one)"
        )


def test_sdist_leaves_tests_out_and_builds_the_wheel_with_the_agent(tmp_path: Path) -> None:
    _build_tools()
    tree = tmp_path / "src"  # a copy: building writes egg-info beside the sources
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".backend-architect-cache")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy2(REPO / name, tree / name if tree.exists() else _mk(tree) / name)
    for folder in ("server", "tests", "agents"):
        shutil.copytree(REPO / folder, tree / folder, ignore=ignore, symlinks=True)
    out = tmp_path / "dist"
    # sdist, then the wheel built from the unpacked sdist (what `python -m build` does)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(tree)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    [sdist] = out.glob("*.tar.gz")
    [wheel] = out.glob("*.whl")
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if "/" in m.name}
    assert not [n for n in members if n.startswith("tests/")]
    assert "LICENSE" in members
    agent = members["server/backend_architect/bundled_agents/backend-architect.md"]
    assert agent.isfile() and not agent.issym()
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        bundled = whl.read("backend_architect/bundled_agents/backend-architect.md")
        [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = whl.read(meta).decode()
    assert bundled == (REPO / "agents" / "backend-architect.md").read_bytes()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
    assert "Requires-Dist: pathspec" in metadata
    assert f"Project-URL: Repository, {CANONICAL}" in metadata
    assert not [n for n in names if n.startswith("tests/")]


def _mk(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("name", ["fastapi_shop", "flask_blog", "django_drf"])
def test_each_example_is_a_project_of_its_own(name: str) -> None:
    """So `check examples/NAME` finds the example as its root, not this repository."""
    assert (REPO / "examples" / name / "pyproject.toml").is_file()

"""Request data followed into the project's helpers in other modules (through the index), and
the summaries' memo keyed by the helper file's content."""

from __future__ import annotations

import textwrap
from pathlib import Path

from backend_architect.config import Settings
from backend_architect.core.model import Finding
from backend_architect.core.parsing import parse_text
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine

HELPERS = """\
import subprocess

import requests


def disk_usage(path):
    return subprocess.run("df -h " + path, shell=True, capture_output=True)


def fetch(url):
    return requests.get(url, timeout=5)


def query_param(request):
    return request.GET.get("q")
"""

VIEWS = """\
import os

from flask import request

from app import helpers
from app.helpers import disk_usage, query_param


def disk():
    return disk_usage(request.args["path"])


def preview():
    return helpers.fetch(request.json["url"])


def search(request):
    os.system("grep " + query_param(request))
    return "ok"
"""


def _project(tmp_path: Path, helpers: str = HELPERS) -> tuple[ProjectIndex, Path]:
    pkg = tmp_path / "app"
    pkg.mkdir(exist_ok=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "helpers.py").write_text(helpers)
    views = pkg / "views.py"
    views.write_text(VIEWS)
    index = ProjectIndex(str(tmp_path))
    index.build([str(pkg / "__init__.py"), str(pkg / "helpers.py"), str(views)])
    return index, views


def _check(index: ProjectIndex, path: Path) -> list[Finding]:
    parsed = index.parsed(str(path))
    assert parsed is not None
    engine = Engine(Settings(select=["BA108", "BA116"]))
    return engine.check_parsed(parsed, index)


def test_request_data_passed_to_a_helper_of_another_module(tmp_path: Path) -> None:
    index, views = _project(tmp_path)
    found = [(f.code, f.span.start.line + 1, f.span.start.column) for f in _check(index, views)]
    assert found == [("BA108", 10, 22), ("BA116", 14, 25), ("BA108", 18, 14)]
    messages = [f.message for f in _check(index, views)]
    assert "(`helpers.py`, line 7)" in messages[0]
    assert "(through `query_param()`)" in messages[2]


def test_a_helper_edited_safe_is_summarised_again(tmp_path: Path) -> None:
    index, views = _project(tmp_path)
    assert len(_check(index, views)) == 3
    safe = HELPERS.replace('"df -h " + path, shell=True', '["df", "-h", path]')
    helpers = tmp_path / "app" / "helpers.py"
    helpers.write_text(safe)
    index.update(str(helpers), safe)
    assert [f.span.start.line + 1 for f in _check(index, views)] == [14, 18]


def test_without_the_index_other_modules_are_not_read(tmp_path: Path) -> None:
    parsed = parse_text(str(tmp_path / "views.py"), textwrap.dedent(VIEWS))
    assert Engine(Settings(select=["BA108", "BA116"])).check_parsed(parsed) == []

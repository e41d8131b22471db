"""Installed packages read statically: where they are found, read on first need, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import cold_index, write_tree
from backend_architect.index import libraries
from backend_architect.index.project import ProjectIndex

PROJECT = {
    "proj/__init__.py": "",
    "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
    "proj/views.py": "def home(request):\n    ...\n",
}
URLS_WITH_PACKAGE = (
    "from django.urls import include, path\nfrom proj import views\n\n"
    'urlpatterns = [path("", views.home), path("pkg/", include("fancy_pkg.urls"))]\n'
)
PACKAGE = {
    "fancy_pkg/__init__.py": "",
    "fancy_pkg/urls.py": (
        "from django.urls import path\nfrom . import views\n\n"
        'urlpatterns = [path("hello/", views.hello), path("form/", views.Form.as_view())]\n'
    ),
    "fancy_pkg/views.py": (
        "from django.views import View\n"
        "from django.views.decorators.http import require_POST\n\n"
        "@require_POST\ndef hello(request):\n    ...\n\n"
        "class Form(View):\n    def get(self, request):\n        ...\n"
    ),
    "fancy_pkg-1.2.dist-info/top_level.txt": "fancy_pkg\n",
}


def _venv(root: Path, name: str = ".venv") -> Path:
    site = root / name / "lib" / "python3.11" / "site-packages"
    write_tree(site, PACKAGE)
    (root / name / "bin").mkdir(parents=True)
    (root / name / "bin" / "python").write_text("")  # found by its layout, never run
    return site


def _pairs(index: ProjectIndex) -> set[tuple[str, str]]:
    return {(m, r.path) for r in index.routes for m in r.methods}


def test_an_included_package_is_read_from_the_project_venv(tmp_path: Path) -> None:
    write_tree(tmp_path, {**PROJECT, "proj/urls.py": URLS_WITH_PACKAGE})
    _venv(tmp_path)
    assert _pairs(cold_index(tmp_path)) == {
        ("ANY", "/"),
        ("POST", "/pkg/hello/"),
        ("GET", "/pkg/form/"),
    }


def test_routes_of_installed_packages_are_tagged(tmp_path: Path) -> None:
    write_tree(tmp_path, {**PROJECT, "proj/urls.py": URLS_WITH_PACKAGE})
    _venv(tmp_path)
    tags = {r.path: r.tags for r in cold_index(tmp_path).routes}
    assert tags == {"/": (), "/pkg/hello/": ("package",), "/pkg/form/": ("package",)}


def test_the_configured_interpreter_wins(tmp_path: Path) -> None:
    write_tree(tmp_path, {**PROJECT, "proj/urls.py": URLS_WITH_PACKAGE})
    other = tmp_path / "elsewhere"
    _venv(other, "env")
    index = ProjectIndex(str(tmp_path), python=str(other / "env" / "bin" / "python"))
    index.build()
    assert ("POST", "/pkg/hello/") in _pairs(index)
    # nothing installed there: the built index relinks at once, as a changed setting does
    index.use_interpreter(str(tmp_path / "none" / "bin" / "python"))
    assert _pairs(index) == {("ANY", "/")}


def test_packages_are_read_lazily_once_per_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real = libraries.parse_text
    monkeypatch.setattr(
        libraries, "parse_text", lambda path, text: reads.append(path) or real(path, text)
    )
    monkeypatch.setattr(libraries, "_MODULES", {})
    write_tree(tmp_path, {**PROJECT, "proj/urls.py": "urlpatterns = []\n"})
    site = _venv(tmp_path)
    index = cold_index(tmp_path)
    assert reads == [] and index.libraries._dirs is None  # no include: nothing looked up
    (tmp_path / "proj" / "urls.py").write_text(URLS_WITH_PACKAGE)
    index.update(str(tmp_path / "proj" / "urls.py"))
    assert sorted(Path(p).name for p in reads) == ["urls.py", "views.py"]
    index.relink()
    again = cold_index(tmp_path)  # a new index of the same environment: nothing read again
    assert len(reads) == 2 and ("POST", "/pkg/hello/") in _pairs(again)
    (site / "fancy_pkg-1.2.dist-info").rename(site / "fancy_pkg-1.3.dist-info")  # upgraded
    cold_index(tmp_path)
    assert len(reads) == 4

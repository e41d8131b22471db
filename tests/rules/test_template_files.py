"""BA132 reads the template files the handlers render: where they are found, which files it
refuses, and the check cache's key follows their changes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from backend_architect.config import Settings
from backend_architect.core.model import Finding
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine
from backend_architect.rules.fingerprint import side_files

VIEWS = """\
from django.shortcuts import render


def detail(request):
    return render(request, "shop/detail.html", {"item": None})
"""


def _check(root: Path, views: Path) -> list[Finding]:
    index = ProjectIndex(str(root))
    index.build([str(views)])
    parsed = index.parsed(str(views))
    assert parsed is not None
    return Engine(Settings(select=["BA132"])).check_parsed(parsed, index)


def _django_app(tmp_path: Path, template: str) -> Path:
    """proj/shop/views.py and proj/shop/templates/shop/detail.html (Django's APP_DIRS)."""
    app = tmp_path / "proj" / "shop"
    (app / "templates" / "shop").mkdir(parents=True)
    (app / "templates" / "shop" / "detail.html").write_text(template)
    views = app / "views.py"
    views.write_text(VIEWS)
    return views


def test_a_django_app_template_is_read(tmp_path: Path) -> None:
    views = _django_app(tmp_path, "<p>\n{{ item.html|safe }}</p>\n")
    found = _check(tmp_path, views)
    assert [(f.code, f.span.start.line + 1, f.span.start.column) for f in found] == [
        ("BA132", 5, 27)
    ]
    assert "line 2: `{{ item.html|safe }}`" in found[0].message


def test_a_template_in_an_app_beside_the_view(tmp_path: Path) -> None:
    # the view in proj/views.py renders a template of the app folder proj/shop/
    views = _django_app(tmp_path, "{% autoescape off %}{{ item }}{% endautoescape %}")
    top = views.parent.parent / "views.py"
    top.write_text(VIEWS)
    assert [f.code for f in _check(tmp_path, top)] == ["BA132"]


def test_a_template_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    views = _django_app(tmp_path, "")
    target = views.parent / "templates" / "shop" / "detail.html"
    target.unlink()
    os.mkfifo(target)  # reading a FIFO would block the check
    assert _check(tmp_path, views) == []


def test_an_escaping_template_gives_nothing(tmp_path: Path) -> None:
    views = _django_app(tmp_path, '<a href="{{ item.url }}">{{ item.name }}</a>')
    assert _check(tmp_path, views) == []


def test_a_template_edit_changes_the_check_cache_key(tmp_path: Path) -> None:
    views = _django_app(tmp_path, "<p>{{ item }}</p>")
    before = side_files(str(tmp_path))
    template = views.parent / "templates" / "shop" / "detail.html"
    time.sleep(0.01)
    template.write_text("<p>{{ item|safe }}</p>")
    assert side_files(str(tmp_path)) != before

"""BA3xx details the fixtures cannot express: the configured API prefix (BA302) and the exact
text of BA304's quick fix."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from backend_architect.config import Settings
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine
from rule_harness import apply_edits

APP = textwrap.dedent(
    """\
    from fastapi import FastAPI

    app = FastAPI()


    @app.get("/api/v1/users")
    def users():
        return []


    @app.get("/orders")
    def orders():
        return []


    @app.get("/health")
    def health():
        return {}
    """
)


def _check(tmp_path: Path, text: str, settings: Settings):  # type: ignore[no-untyped-def]
    path = tmp_path / "main.py"
    path.write_text(text, encoding="utf-8")
    index = ProjectIndex(str(tmp_path))
    index.build([str(path)])
    parsed = index.parsed(str(path))
    assert parsed is not None
    return Engine(settings).check_parsed(parsed, index)


def test_configured_prefix_flags_paths_outside_it(tmp_path: Path) -> None:
    found = _check(tmp_path, APP, Settings(select=["BA302"], api_prefix="/api/v1/"))
    assert [(f.code, f.span.start.line) for f in found] == [("BA302", 10)]
    assert "/api/v1" in found[0].message


def test_without_prefix_one_versioned_route_is_no_convention(tmp_path: Path) -> None:
    assert _check(tmp_path, APP, Settings(select=["BA302"])) == []


def test_create_fix_adds_status_code(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/items")
        def create(db):
            db.add(Item())


        @app.post(
            "/tags",
        )
        def create_tag(db):
            db.add(Item())
        """
    )
    found = _check(tmp_path, text, Settings(select=["BA304"]))
    edits = [(e.span.start, e.span.end, e.text) for f in found if f.fix for e in f.fix.edits]
    fixed = apply_edits(text, edits)
    ast.parse(fixed)
    assert '@app.post("/items", status_code=201)' in fixed
    assert '    "/tags", status_code=201,\n)' in fixed
    assert _check(tmp_path, fixed, Settings(select=["BA304"])) == []

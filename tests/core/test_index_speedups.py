"""What the index does to stay fast must not change its answers: memoised resolution is dropped
exactly when a module it read changes, model files are parsed only when models are asked for,
and the collector pause restores the collector's state."""

from __future__ import annotations

import gc
import textwrap
from pathlib import Path

import pytest
from backend_architect.core.parsing import gc_paused
from backend_architect.index.project import ProjectIndex, can_hold_routes, may_be_relevant


def _project(tmp_path: Path) -> Path:
    files = {
        "app/__init__.py": "",
        "app/config.py": 'PREFIX = "/v1"\n',
        "app/base.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
        # the router comes from another module: only the decorator marks this file
        "app/items.py": textwrap.dedent(
            """
            from app.base import router


            @router.get("/items")
            def list_items():
                return []
            """
        ),
        "app/main.py": textwrap.dedent(
            """
            from fastapi import FastAPI

            from app import config
            from app.base import router

            app = FastAPI()
            app.include_router(router, prefix=config.PREFIX)
            """
        ),
        "app/models.py": textwrap.dedent(
            """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base

            Base = declarative_base()


            class Item(Base):
                __tablename__ = "items"
                id = Column(Integer, primary_key=True)
            """
        ),
        "app/util.py": "def helper():\n    return 1\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_handler_module_with_an_imported_router_is_linked(tmp_path: Path) -> None:
    index = ProjectIndex(str(_project(tmp_path)))
    index.build()
    assert [(r.methods, r.path) for r in index.routes if not r.generated] == [
        (("GET",), "/v1/items")
    ]


def test_edit_drops_memoised_resolutions_through_that_file_only(tmp_path: Path) -> None:
    root = _project(tmp_path)
    index = ProjectIndex(str(root))
    index.build()
    memo = index.symbols._memo
    through_config = {k for k, (_, deps) in memo.items() if str(root / "app/config.py") in deps}
    before = {k: v for k, v in memo.items() if k not in through_config}
    assert through_config and before
    config = root / "app" / "config.py"
    index.update(str(config), 'PREFIX = "/v2"\n', overlay=True)
    assert [r.path for r in index.routes if not r.generated] == ["/v2/items"]
    # what did not read config.py was reused, not recomputed (the very same entries)
    assert all(memo.get(k) is v for k, v in before.items())


def test_model_files_are_parsed_when_models_are_first_asked_for(tmp_path: Path) -> None:
    root = _project(tmp_path)
    index = ProjectIndex(str(root))
    index.build()
    models_path = str(root / "app" / "models.py")
    assert index.files[models_path].facts is None  # read, not parsed: routes do not need it
    assert [m.name for m in index.models] == ["Item"]
    assert index.files[models_path].facts is not None


def test_can_hold_routes_needs_a_route_marker() -> None:
    assert can_hold_routes("from fastapi import APIRouter\n")
    assert can_hold_routes("urlpatterns = []\n")
    assert can_hold_routes("@bp.route('/x')\ndef f(): ...\n")
    assert can_hold_routes("app.include_router(users.router)\n")
    assert not can_hold_routes("from django.db import models\nclass A(models.Model): ...\n")
    assert not can_hold_routes("@mock.patch('x.get')\ndef test_it(): ...\n")


def test_gc_pause_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector the caller had disabled stays disabled
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "marker",
    ["FastAPI", "Flask", "APIRouter", "Blueprint", "Mount(", "DeclarativeBase", "Column(",
     "SQLModel", "BaseModel", "BaseSettings", "Schema)", "Serializer", "Mapped[", "ViewSet",
     "include_router", "urlpatterns", "strawberry", "graphene", "declarative_base",
     "mapped_column", "table=True", "db.Model", "models.Model", "django.db import models",
     "pydantic", ".route(", ".register(", "api_view", "add_url_rule"],
)  # fmt: skip
def test_may_be_relevant_finds_each_marker(marker: str) -> None:
    assert may_be_relevant(f"x = 1\n# {marker}\n")
    assert not may_be_relevant(f"x = 1\n# {marker[:-1]}\n".replace("models", "modes"))


def test_plain_module_is_not_relevant() -> None:
    assert not may_be_relevant("import os\n\ndef helper(path):\n    return os.stat(path)\n")

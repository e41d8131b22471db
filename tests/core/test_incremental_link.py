"""Relinking after an edit recomputes only what the edit touched: counted, not timed.

``Symbols.computed`` counts the memoised computations actually run, by kind; every test also
checks that the incremental result equals a cold index of the same texts.
"""

from __future__ import annotations

from pathlib import Path

from _support import cold_index, edit_file

CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    API_V1_STR: str = "/api/v1"


settings = Settings()
"""

MAIN = """\
from fastapi import FastAPI

from app.config import settings
from app.routers import items, users

app = FastAPI()
app.include_router(users.router, prefix=f"{settings.API_V1_STR}/users")
app.include_router(items.router, prefix=f"{settings.API_V1_STR}/items")
"""

ROUTER = """\
from fastapi import APIRouter, Depends, HTTPException

router = APIRouter()


def get_current_user():
    return None


@router.get("/")
def list_{name}():
    return []


@router.get("/{{{name}_id}}")
def read_{name}({name}_id: int):
    raise HTTPException(404, "not found")


@router.post("/", status_code=201)
def create_{name}(user=Depends(get_current_user)):
    return {{}}
"""


def _tree(root: Path) -> dict[str, Path]:
    files = {
        "app/__init__.py": "",
        "app/config.py": CONFIG,
        "app/main.py": MAIN,
        "app/routers/__init__.py": "",
        "app/routers/users.py": ROUTER.format(name="user"),
        "app/routers/items.py": ROUTER.format(name="item"),
    }
    out = {}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        out[rel] = path
    return out


def test_edit_in_one_handler_recomputes_that_module_and_that_handler(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    index = cold_index(tmp_path)
    assert {r.path for r in index.routes} >= {"/api/v1/users/", "/api/v1/items/{item_id}"}
    before = index.symbols.computed.copy()

    edit_file(
        index,
        files["app/routers/users.py"],
        '@router.get("/{user_id}")',
        '@router.get("/u/{user_id}")',
    )

    delta = index.symbols.computed - before
    assert delta["fastapi.routes"] == 1  # users.py's declarations, not items.py's
    assert delta["fastapi.declaration"] == 1  # read_user only: the other declarations are kept
    assert delta["fastapi.objects"] == 1 and delta["fastapi.includes"] == 1  # users.py's
    assert "/api/v1/users/u/{user_id}" in {r.path for r in index.routes}
    assert index.routes == cold_index(tmp_path).routes


def test_edit_to_settings_recomputes_only_what_read_the_prefix(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    index = cold_index(tmp_path)
    before = index.symbols.computed.copy()

    edit_file(index, files["app/config.py"], '"/api/v1"', '"/api/v2"')

    delta = index.symbols.computed - before
    assert delta["fastapi.includes"] == 1  # main.py's include_router prefixes read it
    assert delta["fastapi.routes"] == 0  # no router module reads the settings
    assert delta["fastapi.declaration"] == 0
    paths = {r.path for r in index.routes}
    assert "/api/v2/users/{user_id}" in paths and not any(p.startswith("/api/v1") for p in paths)
    assert index.routes == cold_index(tmp_path).routes


def test_edits_that_change_a_module_interface_match_a_cold_index(tmp_path: Path) -> None:
    """Lines inserted (everything below moves), a router renamed, a dependency made an auth
    check: whatever survives the edit must still be right."""
    files = _tree(tmp_path)
    index = cold_index(tmp_path)
    users = files["app/routers/users.py"]
    edit_file(index, users, "router = APIRouter()\n", "\n\nrouter = APIRouter(prefix='/x')\n")
    assert index.routes == cold_index(tmp_path).routes
    edit_file(
        index,
        users,
        "def get_current_user():\n    return None",
        "def get_current_user():\n    return 1",
    )
    assert index.routes == cold_index(tmp_path).routes
    edit_file(
        index, files["app/main.py"], "items.router, prefix", "items.router, prefix='/i', tags"
    )
    assert index.routes == cold_index(tmp_path).routes
    assert any(r.path.startswith("/i/") for r in index.routes)
    edit_file(index, users, "router = APIRouter(prefix='/x')", "router = object()")
    assert index.routes == cold_index(tmp_path).routes
    assert not any("/users" in r.path for r in index.routes)


def test_edit_in_one_handler_of_a_big_router_reruns_one_declaration(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    users = files["app/routers/users.py"]
    extra = "".join(
        f'\n\n@router.get("/extra{k}")\ndef extra_{k}(q: int = 0):\n    return q\n'
        for k in range(40)
    )
    users.write_text(users.read_text() + extra)
    index = cold_index(tmp_path)
    kept = {id(r): r for r in index.routes if r.file == str(items_path(files))}
    before = index.symbols.computed.copy()

    edit_file(index, users, '@router.get("/extra17")', '@router.get("/extra17b")')

    delta = index.symbols.computed - before
    assert delta["fastapi.routes"] == 1  # the pass collecting users.py's declarations
    assert delta["fastapi.declaration"] == 1  # extra_17's; the other 42 are kept
    assert "/api/v1/users/extra17b" in {r.path for r in index.routes}
    # routes of untouched declarations are the same objects, not rebuilt
    assert all(id(r) in kept for r in index.routes if r.file == str(items_path(files)))
    assert index.routes == cold_index(tmp_path).routes


def items_path(files: dict[str, Path]) -> Path:
    return files["app/routers/items.py"]


def test_a_prefix_change_rebuilds_the_routes_below_it(tmp_path: Path) -> None:
    """Kept route lists are keyed by the router's mounts: a new include prefix shows."""
    files = _tree(tmp_path)
    index = cold_index(tmp_path)
    before = index.symbols.computed.copy()
    edit_file(index, files["app/main.py"], 'API_V1_STR}/items"', 'API_V1_STR}/things"')
    assert (index.symbols.computed - before)["fastapi.declaration"] == 0
    paths = {r.path for r in index.routes}
    assert "/api/v1/things/{item_id}" in paths and "/api/v1/items/{item_id}" not in paths
    assert index.routes == cold_index(tmp_path).routes

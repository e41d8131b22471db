"""The index: cross-file prefixes, settings defaults, and incremental relinking."""

from __future__ import annotations

import shutil
from pathlib import Path

from _support import WORKSPACES
from backend_architect.index.project import ProjectIndex


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "lsp_app"
    shutil.copytree(WORKSPACES / "lsp_app", root)
    return root


def test_prefix_from_settings_default_across_files(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    index = ProjectIndex(str(root))
    index.build()
    assert {(r.methods, r.path) for r in index.routes if not r.generated} == {
        (("GET",), "/api/v1/users/{user_id}"),
        (("POST",), "/api/v1/users/create"),
        (("GET",), "/health"),
    }


def test_edit_relinks_dependents_and_reparses_only_that_file(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    index = ProjectIndex(str(root))
    index.build()
    parses = index.parse_cache.parses
    config = root / "app" / "config.py"
    index.update(str(config), config.read_text().replace("/api/v1", "/api/v2"), overlay=True)
    assert index.parse_cache.parses == parses + 1
    assert "/api/v2/users/{user_id}" in {r.path for r in index.routes}


def test_syntax_error_keeps_last_good_facts(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    index = ProjectIndex(str(root))
    index.build()
    users = root / "app" / "routers" / "users.py"
    facts = index.update(str(users), users.read_text() + "\ndef broken(:\n", overlay=True)
    assert facts is not None and facts.stale
    assert len(index.routes_in(str(users))) == 2
    fixed = index.update(str(users), users.read_text(), overlay=True)
    assert fixed is not None and not fixed.stale


def test_removed_router_file_drops_its_routes(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    index = ProjectIndex(str(root))
    index.build()
    users = root / "app" / "routers" / "users.py"
    users.unlink()
    index.remove(str(users))
    assert {r.path for r in index.routes if not r.generated} == {"/health"}


def test_unrelated_modules_are_parsed_lazily(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    for i in range(20):
        (root / "app" / f"util_{i}.py").write_text(f"def helper_{i}():\n    return {i}\n")
    index = ProjectIndex(str(root))
    index.build()
    # only files that can hold routes or models, and what they import, were parsed
    assert index.parse_cache.parses <= 7


def test_a_text_over_max_bytes_is_never_parsed(tmp_path: Path) -> None:
    """Hover, definitions and symbols ask ``parsed`` for the editor's text: a 20 MB document
    over the limit was parsed for each (minutes on the event loop)."""
    index = ProjectIndex(str(tmp_path), max_bytes=1_000)
    path = str(tmp_path / "big.py")
    assert index.parsed(path, "x = 1\n" * 1_000) is None
    assert index.parsed(path, "x = 1\n") is not None

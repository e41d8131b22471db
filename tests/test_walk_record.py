"""check_cache/walk_record.py: a recorded walk is replayed only while no folder it listed and
no ignore file it read changed; a folder changed just before the walk is not recorded."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from backend_architect.check_cache.walk_record import replay, walk_tree
from backend_architect.config import Settings

OLD = time.time() - 3600  # an hour ago: far outside the racy window


def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    files = {
        ".gitignore": "generated/\n",
        "app/main.py": "",
        "app/api/users.py": "",
        "generated/out.py": "",
        "Dockerfile": "FROM python:3.12\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    age(root)
    return root


def age(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            os.utime(os.path.join(folder, name), (OLD, OLD))
    os.utime(root, (OLD, OLD))


def names(root: Path, files: list[str]) -> set[str]:
    return {os.path.relpath(f, root) for f in files}


def test_a_record_replays_the_walk_until_a_folder_changes(tmp_path: Path) -> None:
    root = project(tmp_path)
    settings = Settings()
    python, containers, record = walk_tree(str(root), settings, None)
    assert names(root, python) == {"app/main.py", "app/api/users.py"}
    assert names(root, containers) == {"Dockerfile"}
    assert record is not None
    assert replay(str(root), settings, record) == (python, containers)
    # a file added deep down: its folder's mtime moves, the record no longer holds
    (root / "app" / "api" / "orders.py").write_text("")
    assert replay(str(root), settings, record) is None
    python, _, _ = walk_tree(str(root), settings, record)
    assert "app/api/orders.py" in names(root, python)


def test_an_edited_ignore_file_or_other_settings_end_the_record(tmp_path: Path) -> None:
    root = project(tmp_path)
    settings = Settings()
    _, _, record = walk_tree(str(root), settings, None)
    assert record is not None
    (root / ".gitignore").write_text("")  # same folder entries, new content
    os.utime(root, (OLD, OLD))  # (the folder's own time kept: only the file says it)
    assert replay(str(root), settings, record) is None
    python, _, record = walk_tree(str(root), settings, record)
    assert "generated/out.py" in names(root, python)
    assert record is not None
    assert replay(str(root), Settings(extend_exclude=["app/api"]), record) is None


def test_a_folder_changed_just_before_the_walk_is_not_recorded(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "app" / "new.py").write_text("")  # now: within the racy window
    python, _, record = walk_tree(str(root), Settings(), None)
    assert "app/new.py" in names(root, python)
    assert record is None

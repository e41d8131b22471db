"""Every file the tools write goes through ``core/atomic.py``: the old file or the new one,
never half of one, with the old file's permissions, never over a file that must not exist."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from _support import EXAMPLES
from backend_architect.actions.generate_migration.generate import write_plan
from backend_architect.cli import main
from backend_architect.core.atomic import write_bytes_atomic, write_text_atomic


def test_replaces_keeps_the_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o640)
    keep = tmp_path / "keep.md"
    os.link(target, keep)  # the old file's inode: written in place, it would change too
    write_text_atomic(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n" and keep.read_text() == "old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md", "out.md"]


def test_a_new_file_gets_the_umask_mode_not_a_private_one(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_exclusive_never_overwrites_and_a_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "rev.py"
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        write_text_atomic(target, "ours", exclusive=True)
    assert target.read_text() == "theirs"
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(tmp_path / "bad.py", "x = '\ud800'\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rev.py"]
    # a file that changed meanwhile is left alone
    assert not write_bytes_atomic(target, b"ours", unchanged=lambda: False)
    assert target.read_text() == "theirs" and len(list(tmp_path.iterdir())) == 1


def test_docs_output_replaces_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "api.md"
    out.write_text("old docs")
    out.chmod(0o600)
    keep = tmp_path / "keep.md"
    os.link(out, keep)
    assert main(["docs", str(EXAMPLES / "fastapi_shop"), "--output", str(out)]) == 0
    assert "## `POST /api/v1/items`" in out.read_text()
    assert keep.read_text() == "old docs"  # before: written in place, through the same inode
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_revision_that_cannot_be_written_leaves_no_half_file(tmp_path: Path) -> None:
    path = tmp_path / "versions" / "0002_change.py"
    plan = SimpleNamespace(path=str(path), text='"""the change"""\nx = "\ud800"\n')
    with pytest.raises(UnicodeEncodeError):
        write_plan(plan)  # type: ignore[arg-type]
    assert not path.exists()  # before: an empty revision file that Alembic would load
    assert not list((tmp_path / "versions").iterdir())

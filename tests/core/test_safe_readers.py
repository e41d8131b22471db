"""Every reader of workspace files goes through ``core/source.py``: a FIFO where a file was
expected is refused at once (a plain ``open`` blocks for ever), ``/dev/zero`` is never read,
and a coding cookie the interpreter would refuse is reported."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from backend_architect.agents.loader import load_agent_file
from backend_architect.core.source import cookie_problem
from backend_architect.index.contracts.committed import load_committed
from backend_architect.index.migrations.environment import _renders_as_batch
from backend_architect.index.migrations.revisions import read_revision
from backend_architect.rules.support.django_history import field_before
from backend_architect.workspace import Workspace


def _gitignore(root: Path) -> Any:
    (root / "app.py").write_text("x = 1\n")
    os.mkfifo(root / ".gitignore")
    return Workspace(str(root)).python_files()


def _agent(root: Path) -> Any:
    os.mkfifo(root / "agent.md")
    return load_agent_file(root / "agent.md", "workspace")


def _revision(root: Path) -> Any:
    os.mkfifo(root / "0001_init.py")
    return read_revision(str(root / "0001_init.py"))


def _env_py(root: Path) -> Any:
    os.mkfifo(root / "env.py")
    return _renders_as_batch(str(root / "env.py"))


def _openapi(root: Path) -> Any:
    os.mkfifo(root / "openapi.json")
    return load_committed(str(root / "openapi.json"), "openapi.json")


def _django_migration(root: Path) -> Any:
    (root / "migrations").mkdir()
    os.mkfifo(root / "migrations" / "0001_initial.py")
    return field_before(str(root / "migrations" / "0002_next.py"), "Item", "name")


READERS: dict[str, Callable[[Path], Any]] = {
    ".gitignore": _gitignore,
    "agent file": _agent,
    "alembic revision": _revision,
    "alembic env.py": _env_py,
    "committed openapi.json": _openapi,
    "django migration": _django_migration,
}


@pytest.mark.parametrize("case", sorted(READERS))
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, case: str) -> None:
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(READERS[case](tmp_path)), daemon=True)
    worker.start()
    worker.join(10)
    stuck = worker.is_alive()
    if stuck:  # before: open() waited for a writer; be one, so the thread can end
        for fifo in tmp_path.rglob("*"):
            if fifo.is_fifo():
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
        worker.join(5)
    assert not stuck, f"the {case} reader blocked on a FIFO"
    assert result  # it answered (nothing read from the FIFO)


def test_dev_zero_behind_a_symlink_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "agent.md").symlink_to("/dev/zero")
    # in a child with 1 GB of address space: a reader that regresses fails there, it does
    # not fill this machine's memory (before: getsize said 0 bytes, then read() never ended)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from backend_architect.agents.loader import load_agent_file\n"
        "print(load_agent_file(sys.argv[1], 'workspace'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "agent.md")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "not a regular file" in done.stdout, done.stderr[-500:]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# -*- coding: bogus -*-\nx = 1\n", (0, "'bogus', an encoding Python does not know")),
        ("#!/usr/bin/env python\n# coding=nope\n", (1, "'nope', an encoding Python does not know")),
        ('# -*- coding: ascii -*-\nx = "café"\n', (0, "which ascii, the encoding")),
        ('# coding: latin-1\nx = "€"\n', (0, "which iso8859-1, the encoding")),
        ('# -*- coding: latin-1 -*-\nx = "café"\n', None),
        ("# -*- coding: utf-8 -*-\nx = '\U0001f600'\n", None),
        ("x = 1\n# coding: bogus\n", None),  # not on the first lines: not a cookie
        ("\n\n# coding: bogus\n", None),
        ('x = "no cookie at all"\n', None),
    ],
)
def test_cookie_problem(text: str, expected: tuple[int, str] | None) -> None:
    found = cookie_problem(text)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found[0] == expected[0] and expected[1] in found[1], found


def test_a_bad_cookie_is_a_ba001_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    ws = Workspace(str(tmp_path))
    path = str(tmp_path / "mod.py")
    found = ws.diagnose(path, "# -*- coding: bogus -*-\nx = 1\n")
    assert [(f.code, f.span.start.line, f.span.end.column) for f in found] == [("BA001", 0, 23)]
    (tmp_path / "lie.py").write_bytes(b'# -*- coding: ascii -*-\nx = "caf\xc3\xa9"\n')
    on_disk = ws.diagnose(str(tmp_path / "lie.py"))  # the CLI's path: read from disk
    assert [f.code for f in on_disk] == ["BA001"] and "ascii" in on_disk[0].message

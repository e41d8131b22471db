"""Defects found reviewing the ``check`` speed work (forked workers, the classifying child,
text gates, the lazy import walk of the BA1xx file data). Each test fails on the code as
reviewed and names the defect it pins."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from _support import WORKSPACES
from backend_architect.check_cache import runner
from backend_architect.check_cache.check import cached_check
from backend_architect.check_cache.classify import build_index
from backend_architect.core.model import Finding
from backend_architect.index.project import ProjectIndex
from backend_architect.workspace import Workspace


def _codes(root: Path, name: str, source: str) -> set[str]:
    (root / name).write_text(source)
    return {f.code for f in Workspace(str(root)).diagnose(str(root / name))}


def _key(findings: list[Finding]) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (f.path, f.code, f.span.start.line, f.span.start.column, f.message) for f in findings
    )


# --- _FileData's lazy import walk --------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        # a function on one line: its import is not indented
        "from flask import request\n\n\n"
        "def load(): import pickle; return pickle.loads(request.data)\n",
        # an import after a `;` on an indented line
        "from flask import request\n\n\n"
        "def load():\n"
        "    data = request.data; import pickle\n"
        "    return pickle.loads(data)\n",
        # `try: import x` on one line inside a function (optional dependencies)
        "from flask import request\n\n\n"
        "def load():\n"
        "    try: import pickle\n"
        "    except ImportError: return None\n"
        "    return pickle.loads(request.data)\n",
    ],
    ids=["one-line-def", "after-semicolon", "one-line-try"],
)
def test_imports_in_functions_count_without_an_indented_import_line(
    tmp_path: Path, source: str
) -> None:
    """Defect: ``_FileData`` walks function bodies for imports only when a line *starts* with
    indentation then ``import``/``from`` (``_may_import_nested``); an import inside a function
    that is not first on its line is missed, so BA107 (and every rule resolving callees through
    the file's imports) loses the finding 99f6a26 reported."""
    assert "BA107" in _codes(tmp_path, "app.py", source)


# --- text gates --------------------------------------------------------------------------------


def test_connection_string_split_across_adjacent_literals_is_still_a_secret(
    tmp_path: Path,
) -> None:
    """Defect (rare): BA102's ``type_markers = {ast.Constant: ("://",)}`` is not a necessary
    condition: adjacent literals are one constant (``"postgresql:/" "/app:pw@host"``), and an
    escape (``"postgresql:\\x2f/..."``) builds ``://`` too, so the file lacks the marker while
    the constant holds a connection string with a password (99f6a26 reported it)."""
    source = (
        "from sqlalchemy import create_engine\n\n"
        'engine = create_engine("postgresql:/" "/app:S3cr3tPw9@db.internal/app")\n'
    )
    assert "BA102" in _codes(tmp_path, "db.py", source)


# --- forked check: overlapping paths -------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(WORKSPACES / "lsp_app", root)
    for k in range(6):
        (root / "app" / f"extra_{k}.py").write_text(
            f"import requests\n\ndef fetch_{k}(url):\n    return requests.get(url)\n"
        )
    return root


_OVERLAPPING = textwrap.dedent(
    """
    import json, os, sys
    from backend_architect.check_cache import runner
    from backend_architect.check_cache.check import cached_check
    from backend_architect.workspace import Workspace

    root, jobs = sys.argv[1], int(sys.argv[2])
    runner.FILES_PER_JOB = 1
    runner.CHUNK = 2
    os.environ[runner.ENV_JOBS] = str(jobs)
    ws = Workspace(root)
    found = cached_check(ws, [root, os.path.join(root, "app")], use_cache=False, jobs=jobs)
    print(json.dumps(sorted((f.path, f.code, f.span.start.line, f.message) for f in found)))
    """
)


def test_overlapping_paths_do_not_hang_a_forked_check(tmp_path: Path) -> None:
    """Defect: ``check DIR DIR/sub`` lists the files under both twice (``python_files`` does not
    deduplicate). ``_Queue.position`` keeps the last index of a path, so the first copy's claim
    flag is never set and ``_drain``'s ``unclaimed`` loop spins forever in the parent and the
    workers (any forked check: 200+ files on two CPUs). Run in a subprocess with a timeout."""
    root = _project(tmp_path)

    def run(jobs: int) -> str:
        # a session of its own: on a timeout its forked workers (spinning too) are killed
        proc = subprocess.Popen(
            [sys.executable, "-c", _OVERLAPPING, str(root), str(jobs)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"check of overlapping paths with {jobs} processes did not finish")
        assert proc.returncode == 0, err
        return out

    assert run(2) == run(1)


def test_overlapping_paths_report_each_finding_once(tmp_path: Path) -> None:
    """Defect: with overlapping paths a file is checked and reported twice (single process)."""
    root = _project(tmp_path)
    once = cached_check(Workspace(str(root)), [str(root)], use_cache=False, jobs=1)
    both = cached_check(
        Workspace(str(root)), [str(root), str(root / "app")], use_cache=False, jobs=1
    )
    assert once, "the project has findings"
    assert _key(both) == _key(once)


# --- forked check: a failing parent --------------------------------------------------------------


def test_a_parent_failing_before_the_models_are_sent_does_not_wait_on_its_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect: each forked worker inherits the parent's end of its own pipe (and of the pipes of
    the workers forked before it), so when the parent fails before sending the models, closing
    its ends gives the workers no EOF: they block in ``recv_bytes`` and the parent waits out
    ``join(timeout=5)`` per worker, then kills them (left as zombies). The same holds for the
    classifying child, which keeps the read end of its pipe: a build failing mid-way waits 5 s."""
    root = _project(tmp_path)
    monkeypatch.setattr(runner, "FILES_PER_JOB", 1)
    parent = os.getpid()
    derive = ProjectIndex._models_and_schemas

    def failing(self: ProjectIndex) -> object:
        if os.getpid() == parent and runner._shared is not None:
            raise ValueError("deriving the models failed")
        return derive(self)

    monkeypatch.setattr(ProjectIndex, "_models_and_schemas", failing)
    ws = Workspace(str(root))
    build_index(ws, ws.python_files())
    start = time.monotonic()
    with pytest.raises(ValueError, match="deriving the models failed"):
        runner.diagnose_all(ws, ws.python_files(), jobs=3)  # two workers
    assert time.monotonic() - start < 3.0

"""The check cache: reused while nothing a file's findings depend on changed, and only then."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from _support import WORKSPACES
from backend_architect.check_cache import runner, store
from backend_architect.check_cache.check import cached_check
from backend_architect.check_cache.classify import build_index
from backend_architect.cli import main
from backend_architect.config import Settings
from backend_architect.core.model import Finding
from backend_architect.workspace import Workspace


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(WORKSPACES / "lsp_app", dest)
    (dest / "app" / "orders.py").write_text(
        "def orders_for(cursor, email):\n"
        "    cursor.execute(f\"SELECT * FROM orders WHERE email = '{email}'\")\n"
    )
    monkeypatch.delenv(store.ENV_DIR, raising=False)
    monkeypatch.delenv(store.ENV_DISABLE, raising=False)
    return dest


class Counting(Workspace):
    """Counts the files actually diagnosed (what the cache saves)."""

    diagnosed: list[str]

    def diagnose(self, path: str, text: str | None = None) -> list[Finding]:
        self.diagnosed.append(os.path.basename(path))
        return super().diagnose(path, text)


def run(root: Path, settings: Settings | None = None) -> tuple[list[Finding], list[str]]:
    ws = Counting(str(root), settings or Settings())
    ws.diagnosed = []
    return cached_check(ws, [str(root)]), ws.diagnosed


def key(findings: list[Finding]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (os.path.basename(f.path), f.code, f.message, f.span.start.line, f.span.start.column)
        for f in findings
    )


def test_second_run_comes_from_the_cache(project: Path) -> None:
    first, diagnosed = run(project)
    assert "orders.py" in diagnosed and "users.py" in diagnosed
    assert {f.code for f in first} >= {"BA101", "BA301"}
    again, diagnosed = run(project)
    assert diagnosed == []  # nothing parsed, nothing checked
    assert key(again) == key(first)
    fixes = [f.fix for f in again if f.code == "BA101"]
    assert fixes and fixes[0] is not None and fixes[0].edits  # fixes survive the round trip
    folder = project / store.CACHE_DIRNAME
    assert (folder / ".gitignore").read_text().strip().endswith("*")  # git never sees it


def test_a_changed_file_alone_is_checked_again(project: Path) -> None:
    run(project)
    orders = project / "app" / "orders.py"
    orders.write_text(orders.read_text().replace('f"SELECT', '"SELECT').replace("'{email}'", "%s"))
    after, diagnosed = run(project)
    assert diagnosed == ["orders.py"]
    assert not [f for f in after if f.code == "BA101"]
    assert [f for f in after if f.code == "BA301"]
    # touched without a change: the digest matches, the findings are reused
    os.utime(project / "app" / "routers" / "users.py")
    _, diagnosed = run(project)
    assert diagnosed == []


def test_index_change_in_another_file_rechecks_its_readers(project: Path) -> None:
    first, _ = run(project)
    assert any("/api/v1/users/create" in f.message for f in first if f.code == "BA301")
    config = project / "app" / "config.py"
    config.write_text(config.read_text().replace("/api/v1", "/api/v2"))
    after, diagnosed = run(project)
    assert "users.py" in diagnosed  # its route's full path changed, though its text did not
    assert any("/api/v2/users/create" in f.message for f in after if f.code == "BA301")


def test_new_file_and_settings_invalidate(project: Path) -> None:
    run(project)
    (project / "app" / "extra.py").write_text("x = 1\n")
    _, diagnosed = run(project)
    assert "extra.py" in diagnosed
    ignoring = Settings(ignore=["BA101"])
    found, diagnosed = run(project, ignoring)
    assert "orders.py" in diagnosed and not [f for f in found if f.code == "BA101"]


def test_cache_can_be_disabled_or_moved(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.ENV_DISABLE, "1")
    run(project)
    _, diagnosed = run(project)
    assert "orders.py" in diagnosed and not (project / store.CACHE_DIRNAME).exists()
    monkeypatch.delenv(store.ENV_DISABLE)
    monkeypatch.setenv(store.ENV_DIR, str(tmp_path / "elsewhere"))
    run(project)
    _, diagnosed = run(project)
    assert diagnosed == [] and not (project / store.CACHE_DIRNAME).exists()
    assert list((tmp_path / "elsewhere").rglob("check-*.json"))


def test_corrupt_cache_is_ignored(project: Path) -> None:
    first, _ = run(project)
    stored = next((project / store.CACHE_DIRNAME).glob("check-*.json"))
    stored.write_text("{not json")
    again, diagnosed = run(project)
    assert "orders.py" in diagnosed and key(again) == key(first)
    json.loads(stored.read_text())  # rewritten whole


def test_cli_check_uses_the_cache(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(project), "--format", "json"]) == 1
    first = capsys.readouterr().out
    assert (project / store.CACHE_DIRNAME).is_dir()
    assert main(["check", str(project), "--format", "json"]) == 1
    assert capsys.readouterr().out == first
    assert main(["check", str(project), "--format", "json", "--no-cache"]) == 1
    assert capsys.readouterr().out == first


def _findings(found: list[Finding]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (f.code, f.message, f.path, f.span.start.line, f.span.start.column) for f in found
    )


def test_forked_workers_find_what_one_process_finds(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers parse while this process derives the models, then check with them: the
    findings (model rules included) equal a single process's, cold and cached."""
    for k in range(12):  # enough files for several workers at 2 files per worker
        (project / "app" / f"extra_{k}.py").write_text(
            f"import requests\n\ndef fetch_{k}(url):\n    return requests.get(url)\n"
        )
    shutil.copytree(WORKSPACES / "models_sqlalchemy" / "app", project / "app" / "db")
    monkeypatch.setattr(runner, "FILES_PER_JOB", 2)
    single = cached_check(Workspace(str(project)), use_cache=False, jobs=1)
    assert runner.worker_count(20, 3) == 3
    forked_plain = cached_check(Workspace(str(project)), use_cache=False, jobs=3)
    forked_cold = cached_check(Workspace(str(project)), jobs=3)
    warm = cached_check(Workspace(str(project)), jobs=3)
    codes = {f.code for f in single}
    assert {"BA101", "BA111", "BA406"} <= codes  # the work was done, models read too
    assert _findings(forked_plain) == _findings(single)
    assert _findings(forked_cold) == _findings(single)
    assert _findings(warm) == _findings(single)


def test_the_parent_checks_the_model_files_it_parsed(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cold forked check: the model files this process parsed to derive the models are
    checked here with those trees (not parsed again by a worker), every other file by whoever
    took it from the queue, each exactly once; the findings do not change."""
    for k in range(40):
        (project / "app" / f"extra_{k}.py").write_text(f"def f_{k}():\n    return {k}\n")
    shutil.copytree(WORKSPACES / "models_sqlalchemy" / "app", project / "app" / "db")
    monkeypatch.setattr(runner, "FILES_PER_JOB", 2)
    monkeypatch.setattr(runner, "CHUNK", 3)
    single = cached_check(Workspace(str(project)), use_cache=False, jobs=1)
    log = tmp_path / "checked.log"  # one line per file checked, from every process
    share = runner._diagnose_share

    def spy(paths: list[str], texts: dict[str, str | None] | None = None) -> list[runner.Diagnosed]:
        with open(log, "a", encoding="utf-8") as fh:
            fh.writelines(f"{os.getpid()} {p}\n" for p in paths)
        return share(paths, texts)

    parent = os.getpid()
    monkeypatch.setattr(runner, "_diagnose_share", spy)
    forked = cached_check(Workspace(str(project)), use_cache=False, jobs=2)
    assert _findings(forked) == _findings(single)
    checked = [line.split(" ", 1) for line in log.read_text().splitlines()]
    paths = [p for _, p in checked]
    assert sorted(paths) == sorted(Workspace(str(project)).python_files())  # each file, once
    here = {p for pid, p in checked if int(pid) == parent}
    db = project / "app" / "db"
    assert str(db / "modern.py") in here and str(db / "legacy.py") in here


def test_the_queue_hands_each_file_to_one_claimant() -> None:
    """Chunks in order; a claim succeeds once per file; the files others took and have not
    claimed are offered last first (the taker works from its first)."""
    files = [f"/p/f{i}.py" for i in range(10)]
    queue = runner._Queue(multiprocessing.get_context("fork"), files)
    first = queue.take()
    assert first == files[: runner.CHUNK]
    assert queue.claim(files[:3]) == files[:3]
    assert queue.claim(files[1:5]) == files[3:5]  # 1 and 2 were claimed already
    assert queue.unclaimed(2) == [files[9], files[8]]
    assert queue.claim([files[9]]) == [files[9]]
    assert queue.unclaimed(10) == files[5:9][::-1]
    assert queue.take() == []  # CHUNK >= 10: the first take had them all


def _index_picture(ws: Workspace) -> tuple[object, ...]:
    index = ws.index
    problems = {p: s.read_problem for p, s in index.files.items() if s.read_problem}
    return (
        sorted(r.label + " " + r.handler for r in index.routes),
        sorted(m.qualname for m in index.models),
        sorted(s.qualname for s in index.schemas),
        sorted(index.relevant),
        sorted(index.model_files),
        problems,
    )


@pytest.mark.parametrize(
    "name", ["lsp_app", "models_sqlalchemy", "routes_django_drf_routers", "routes_flask_factory"]
)
def test_an_index_classified_by_a_child_is_the_same(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check``'s build, with a forked child reading and classifying the files, gives the
    index a single process builds; unreadable and undecodable files keep their problems."""
    root = tmp_path / name
    shutil.copytree(WORKSPACES / name, root)
    (root / "blob.py").write_bytes(b"\x00\x01binary")
    (root / "latin.py").write_bytes(b"# caf\xe9\nx = 1\n")
    monkeypatch.setattr(runner, "FILES_PER_JOB", 1)
    alone = Workspace(str(root))
    alone.index.build(alone.python_files())
    shared = Workspace(str(root))
    assert runner.worker_count(len(shared.python_files()), 2) == 2
    monkeypatch.setenv(runner.ENV_JOBS, "2")
    build_index(shared, shared.python_files())
    assert _index_picture(shared) == _index_picture(alone)
    routes, models, schemas = _index_picture(alone)[:3]
    assert routes or models or schemas, "the workspace has something to find"


def test_a_build_without_answers_reads_every_file(project: Path) -> None:
    """A classifier that answers nothing (its child died) leaves the index to read the files."""
    alone = Workspace(str(project))
    alone.index.build(alone.python_files())
    unanswered = Workspace(str(project))
    unanswered.index.build(unanswered.python_files(), classified=lambda path: None)
    assert _index_picture(unanswered) == _index_picture(alone)


def test_a_path_given_twice_is_one_file_of_the_queue() -> None:
    """A repeated path would never be claimed twice: the queue keeps it once, and once it is
    claimed nothing is left to take over (a repeat used to leave a flag nobody could set)."""
    files = ["/p/a.py", "/p/b.py", "/p/a.py", "/p/c.py"]
    queue = runner._Queue(multiprocessing.get_context("fork"), files)
    assert queue.take() == ["/p/a.py", "/p/b.py", "/p/c.py"]
    assert queue.claim(["/p/a.py", "/p/b.py", "/p/c.py"]) == ["/p/a.py", "/p/b.py", "/p/c.py"]
    assert queue.unclaimed(10) == []


WARM_PROBE = """
import sys
from backend_architect import cli
code = cli.main(["check", sys.argv[1], "--format", "json"])
loaded = sorted(m for m in sys.modules if m.startswith(("backend_architect.rules.security",
                "backend_architect.rules.engine", "backend_architect.index.project",
                "backend_architect.index.frameworks", "backend_architect.workspace")))
print(code, ",".join(loaded))
"""


def _warm_probe(project: Path) -> tuple[str, str]:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in (store.ENV_DIR, store.ENV_DISABLE)}
    proc = subprocess.run(
        [sys.executable, "-c", WARM_PROBE, str(project)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    *out, last = proc.stdout.rstrip("\n").split("\n")
    return "\n".join(out), last


def test_a_warm_run_imports_no_rule_and_no_index(project: Path) -> None:
    """Nothing changed: the answer comes from the stored findings and the rules' catalogue,
    without a workspace, the index or any rule module (their import cost was most of a warm
    run); the output is the cold run's, byte for byte."""
    (project / "Dockerfile").write_text("FROM python:latest\nCMD python app.py\n")
    cold, status = _warm_probe(project)
    assert "backend_architect.workspace" in status  # the cold run built one
    assert (project / store.CACHE_DIRNAME / "rules.json").is_file()
    warm, status = _warm_probe(project)
    assert status == "1 " and warm == cold  # exit 1 (findings), and nothing of the above
    assert any(f["filename"].endswith("Dockerfile") for f in json.loads(warm))
    # a Dockerfile changed: not warm any more, and its findings are new
    (project / "Dockerfile").write_text("FROM python:3.12-slim\nUSER app\nCMD python app.py\n")
    again, status = _warm_probe(project)
    assert "backend_architect.workspace" in status and again != cold


def test_a_catalogue_of_other_code_is_not_used(project: Path) -> None:
    """A rules.json written for other code (another version, an edited rule) is ignored: the
    names in the report are the rules' own."""
    _warm_probe(project)
    stored = project / store.CACHE_DIRNAME / "rules.json"
    data = json.loads(stored.read_text())
    for rule in data["rules"]:
        rule["name"] = "stale-" + rule["name"]
    stored.write_text(json.dumps({**data, "code": "0:other"}))
    out, _ = _warm_probe(project)
    names = {f["name"] for f in json.loads(out)}
    assert names and not any(n.startswith("stale-") for n in names)
    data["code"] = json.loads(stored.read_text())["code"]  # rewritten for this code
    assert data["code"] != "0:other"

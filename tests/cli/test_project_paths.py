"""Where the project is and which files it has, as ruff decides it: the root above the paths
given, paths printed from the current folder in every format, .gitignore, exclude patterns at any
depth, force-exclude, ruff's default excludes, the cache at the root. The installed command in a
project laid out as real ones are (cli_project.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backend_architect.config import Settings
from backend_architect.workspace import Workspace
from cli_project import make_project, run, settings


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "shop")


def checked(proc_stdout: str, cwd: Path) -> set[str]:
    """The files (relative to ``cwd``, POSIX) a JSON run reported."""
    out = set()
    for f in json.loads(proc_stdout):
        out.add(Path(f["filename"]).relative_to(cwd).as_posix())
    return out


def test_root_is_found_above_the_paths_so_prefixes_are_right(project: Path) -> None:
    proc = run("check", "src/app/api", "--format", "json", "--no-cache", cwd=project)
    assert proc.returncode == 1, proc.stderr  # BA301 is a warning
    [verb] = [f for f in json.loads(proc.stdout) if f["code"] == "BA301"]
    assert "`POST /api/v1/users/create`" in verb["message"]  # main.py's prefix, outside app/api
    routes = run("routes", "src/app/api", "--format", "json", cwd=project)
    assert routes.returncode == 0, routes.stderr
    rows = json.loads(routes.stdout)
    assert [(r["method"], r["path"], r["file"]) for r in rows] == [
        ("POST", "/api/v1/users/create", "src/app/api/routes.py")
    ]
    # --root still overrides: app/api is then the whole project, main.py unseen
    own = run("check", "src/app/api", "--root", "src/app/api", "--format", "json", cwd=project)
    [verb] = [f for f in json.loads(own.stdout) if f["code"] == "BA301"]
    assert "`POST /users/create`" in verb["message"]


def test_settings_come_from_the_root_when_run_from_below(project: Path) -> None:
    settings(project, 'ignore = ["BA101", "BA301"]')
    proc = run("check", ".", "--no-cache", cwd=project / "src" / "app")
    assert proc.returncode == 0 and "All checks passed!" in proc.stdout, proc.stdout


def test_paths_are_relative_to_the_cwd_in_every_format(project: Path) -> None:
    src = project / "src"
    args = ("check", "app/repo.py", "../scripts/seed.py", "--no-cache")
    text = run(*args, cwd=src).stdout  # outside the cwd: absolute, as ruff prints it
    lines = [ln for ln in text.splitlines() if ": BA101" in ln]
    assert [ln.split(":")[0] for ln in lines] == [str(project / "scripts/seed.py"), "app/repo.py"]

    text = run("check", "src/app/repo.py", "scripts/seed.py", "--no-cache", cwd=project).stdout
    assert [ln.split(":")[0] for ln in text.splitlines() if ": BA101" in ln] == [
        "scripts/seed.py",
        "src/app/repo.py",
    ]
    github = run("check", "src/app", "--format", "github", "--no-cache", cwd=project).stdout
    assert "::error file=src/app/repo.py,line=2," in github
    sarif = json.loads(run("check", "src", "--format", "sarif", "--no-cache", cwd=project).stdout)
    [run_] = sarif["runs"]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
    }
    assert "src/app/repo.py" in uris
    for r in run_["results"]:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == (
            "%SRCROOT%"
        )
    # from the app's folder, SRCROOT is that folder and the URIs start there
    below = json.loads(run("check", ".", "--format", "sarif", cwd=src / "app").stdout)
    assert below["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        (src / "app").as_uri() + "/"
    )
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in below["runs"][0]["results"]
    } >= {"repo.py", "catalog/migrations/0001_initial.py"}


def test_gitignore_and_default_excludes_leave_files_out(project: Path) -> None:
    proc = run("check", ".", "--format", "json", "--no-cache", "--select", "BA101", cwd=project)
    assert checked(proc.stdout, project) == {
        "src/app/repo.py",
        "src/app/catalog/migrations/0001_initial.py",
        "scripts/seed.py",
    }  # not generated/ nor *.local.py (.gitignore), not .venv/ nor _build/ (defaults)
    settings(project, "respect-gitignore = false")
    proc = run("check", ".", "--format", "json", "--no-cache", "--select", "BA101", cwd=project)
    assert {"src/app/generated/client.py", "src/app/settings.local.py"} <= checked(
        proc.stdout, project
    )
    assert not any(".venv" in f or "_build" in f for f in checked(proc.stdout, project))


def test_exclude_patterns_match_at_any_depth(project: Path) -> None:
    settings(project, 'extend-exclude = ["migrations", "scripts/*.py"]')
    proc = run("check", ".", "--format", "json", "--no-cache", "--select", "BA101", cwd=project)
    assert checked(proc.stdout, project) == {"src/app/repo.py"}
    # `exclude` replaces the defaults, as in ruff (the .gitignore still keeps .venv out)
    settings(project, 'exclude = ["migrations"]')
    proc = run("check", ".", "--format", "json", "--no-cache", "--select", "BA101", cwd=project)
    files = checked(proc.stdout, project)
    assert "src/app/catalog/migrations/0001_initial.py" not in files
    assert "_build/html/conf.py" in files and not any(".venv" in f for f in files)


def test_force_exclude_applies_to_files_named_explicitly(project: Path) -> None:
    settings(project, 'extend-exclude = ["migrations"]')
    named = "src/app/catalog/migrations/0001_initial.py"
    proc = run("check", named, "--no-cache", cwd=project)
    assert proc.returncode == 1 and "BA101" in proc.stdout  # named: checked, as ruff does
    proc = run("check", named, "src/app/repo.py", "--force-exclude", "--no-cache", cwd=project)
    assert "migrations" not in proc.stdout and "src/app/repo.py" in proc.stdout
    settings(project, 'extend-exclude = ["migrations"]\nforce-exclude = true')
    proc = run("check", named, "--no-cache", cwd=project)
    assert proc.returncode == 0 and "All checks passed!" in proc.stdout


def test_the_editor_leaves_excluded_files_alone_as_check_does(project: Path) -> None:
    """The language server's workspace: the same walk, and excluded open files get nothing."""
    s = Settings(extend_exclude=["migrations"])
    ws = Workspace(str(project), s)
    rel = {Path(f).relative_to(project).as_posix() for f in ws.python_files()}
    assert "src/app/repo.py" in rel
    assert not any("migrations" in f or "generated" in f or ".venv" in f for f in rel)
    migration = project / "src/app/catalog/migrations/0001_initial.py"
    assert ws.is_excluded(str(migration)) and not ws.is_excluded(str(project / "src/app/repo.py"))


def test_the_cache_lives_at_the_project_root_with_a_cachedir_tag(project: Path) -> None:
    for where in ("src/app/api", "src", "."):
        assert run("check", where, cwd=project).returncode in (0, 1)
    caches = sorted(p.relative_to(project).as_posix() for p in project.rglob("CACHEDIR.TAG"))
    assert caches == [".backend-architect-cache/CACHEDIR.TAG"]
    tag = (project / ".backend-architect-cache" / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")

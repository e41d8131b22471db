"""core/discovery.py and core/gitignore.py: the project root, ruff's exclude semantics, git's
.gitignore semantics (nested files, negation, anchoring, info/exclude) through pathspec."""

from __future__ import annotations

import subprocess
from pathlib import Path

from _support import require_tool
from backend_architect.core.discovery import FileFinder, find_project_root
from backend_architect.core.file_kinds import is_container_file


def tree(top: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(text)
    return top


def found(finder: FileFinder, top: Path, *paths: Path) -> set[str]:
    return {
        Path(f).relative_to(top).as_posix() for f in finder.files([str(p) for p in paths or [top]])
    }


def test_root_is_the_nearest_marker_above_the_common_folder(tmp_path: Path) -> None:
    top = tree(tmp_path / "p", {"pyproject.toml": "", "src/app/api/a.py": "", "src/app/b.py": ""})
    assert find_project_root([str(top / "src/app/api")]) == str(top)
    assert find_project_root([str(top / "src/app/api/a.py"), str(top / "src/app/b.py")]) == str(top)
    tree(top, {"src/setup.cfg": ""})
    assert find_project_root([str(top / "src/app")]) == str(top / "src")  # the nearest wins
    bare = tree(tmp_path / "bare", {"x/y.py": ""})
    assert find_project_root([str(bare / "x")]) == str(bare / "x")  # none: the folder itself


def test_gitignore_nested_negated_anchored_and_info_exclude(tmp_path: Path) -> None:
    top = tree(
        tmp_path / "repo",
        {
            ".git/info/exclude": "scratch.py\n",
            ".gitignore": "/top_only.py\ndata/*\n!data/keep/\n",
            "top_only.py": "",
            "pkg/top_only.py": "",  # anchored pattern: only at the top
            "scratch.py": "",
            "data/gone.py": "",
            "data/keep/kept.py": "",
            "pkg/.gitignore": "local_*.py\n!local_ok.py\n",
            "pkg/local_a.py": "",
            "pkg/local_ok.py": "",
            "pkg/mod.py": "",
        },
    )
    assert found(FileFinder(str(top)), top) == {
        "pkg/top_only.py",
        "data/keep/kept.py",
        "pkg/local_ok.py",
        "pkg/mod.py",
    }
    everything = found(FileFinder(str(top), respect_gitignore=False), top)
    assert {"top_only.py", "scratch.py", "data/gone.py", "pkg/local_a.py"} <= everything


def test_gitignore_verdicts_equal_gits_own(tmp_path: Path) -> None:
    """Truth from git: the Python files ``git ls-files --others --exclude-standard`` keeps, on
    a tree mixing nested files, negations, ``**``, dir-only and anchored patterns, deep paths
    under folders a shallower pattern names, and siblings the memoised folder verdicts share."""
    git = require_tool("git")  # .ci/run installs it: missing in CI fails
    top = tmp_path / "repo"
    top.mkdir()
    subprocess.run([git, "init", "-q", str(top)], check=True)
    files = {
        ".gitignore": "*.gen.py\nbuild/\n/local.py\n**/fixtures/**/big_*.py\nlogs\n!logs/keep.py\n",
        "a/.gitignore": "secret*.py\n!secret_ok.py\nnested/deep/\n",
        "a/b/.gitignore": "*.py\n!keep_*.py\n!c/\n",
        ".git/info/exclude": "scratch/\n",
    }
    for folder in ["", "a/", "a/b/", "a/b/c/", "a/nested/deep/", "a/nested/", "x/fixtures/y/",
                   "build/", "src/build/", "logs/", "scratch/", "x/fixtures/"]:  # fmt: skip
        for name in ["m.py", "x.gen.py", "local.py", "secret1.py", "secret_ok.py",
                     "keep_1.py", "big_1.py", "keep.py"]:  # fmt: skip
            files[folder + name] = ""
    tree(top, files)
    listed = subprocess.run(
        [git, "-C", str(top), "ls-files", "--others", "--exclude-standard"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    truth = {f for f in listed if f.endswith(".py")}
    assert len(truth) > 20  # the tree is not trivially ignored
    assert found(FileFinder(str(top), exclude=()), top) == truth


def test_a_folder_named_inside_an_ignored_one_is_walked(tmp_path: Path) -> None:
    top = tree(
        tmp_path / "repo", {".git/HEAD": "", ".gitignore": "vendor\n", "vendor/lib/m.py": ""}
    )
    assert found(FileFinder(str(top)), top) == set()
    assert found(FileFinder(str(top)), top, top / "vendor" / "lib") == {"vendor/lib/m.py"}


def test_exclude_matches_names_at_any_depth_and_paths_from_the_root(tmp_path: Path) -> None:
    top = tree(
        tmp_path / "p",
        {
            "a/migrations/0001.py": "",
            "b/c/migrations/0002.py": "",
            "legacy/old.py": "",
            "x/legacy/new.py": "",
            "gen_pb2.py": "",
            "ok.py": "",
            ".venv/lib/site.py": "",
            "node_modules/x.py": "",
        },
    )
    finder = FileFinder(str(top), extend_exclude=["migrations", "legacy/*", "*_pb2.py"])
    assert found(finder, top) == {"x/legacy/new.py", "ok.py"}
    assert finder.excluded(str(top / "b/c/migrations/0002.py"))
    assert not finder.excluded(str(top / "ok.py"))
    # a file named explicitly: kept, unless force-exclude
    assert found(finder, top, top / "gen_pb2.py") == {"gen_pb2.py"}
    forced = FileFinder(str(top), extend_exclude=["migrations"], force_exclude=True)
    assert found(forced, top, top / "a/migrations/0001.py", top / "ok.py") == {"ok.py"}
    # `exclude` replaces the defaults: .venv is walked then
    assert ".venv/lib/site.py" in found(FileFinder(str(top), exclude=["migrations"]), top)


def test_container_files_take_the_same_excludes_and_gitignore(tmp_path: Path) -> None:
    top = tree(
        tmp_path / "repo",
        {
            ".git/HEAD": "",
            ".gitignore": "generated/\n",
            "Dockerfile": "FROM python:3.12-slim\n",
            "deploy/compose.yaml": "services: {}\n",
            "deploy/api.Dockerfile": "FROM python:3.12-slim\n",
            "generated/Dockerfile": "FROM python\n",
            "legacy/docker-compose.yml": "services: {}\n",
            ".venv/lib/Dockerfile": "FROM python\n",
            "app/main.py": "",
        },
    )
    finder = FileFinder(str(top), extend_exclude=["legacy"])
    got = {
        Path(f).relative_to(top).as_posix()
        for f in finder.files([str(top)], wanted=is_container_file)
    }
    assert got == {"Dockerfile", "deploy/compose.yaml", "deploy/api.Dockerfile"}
    # named explicitly: kept only when it is one of those files (a .py is not a Dockerfile)
    named = [str(top / "generated/Dockerfile"), str(top / "app/main.py")]
    assert list(finder.files(named, wanted=is_container_file)) == [named[0]]

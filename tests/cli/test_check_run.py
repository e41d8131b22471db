"""What CI and pre-commit need of ``check``: --fail-level and the hook, --fix and --diff,
--statistics, --version, help for every argument, colour, the progress line, a closed pipe.
The installed command in a project laid out as real ones are (cli_project.py)."""

from __future__ import annotations

import argparse
import os
import pty
import select
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from _support import REPO
from backend_architect.cli import _parser
from backend_architect.cli_support.fixing import plan_fixes, write_fix
from backend_architect.workspace import Workspace
from cli_project import COMMAND, make_project, run, settings

HANDLER_INFO = (  # BA309 (info): a handler without a docstring, and nothing else
    "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
    '@router.get("/items")\ndef list_items() -> list[int]:\n    return []\n'
)
HTTP = "import requests\n\n\ndef rate(url):\n    return requests.get(url)\n"  # BA111 [*]


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    """A project whose only findings are info ones."""
    top = tmp_path / "clean"
    for rel, text in {
        "pyproject.toml": '[project]\nname = "clean"\nversion = "0"\n',
        ".gitignore": ".venv/\n",
        "app/__init__.py": "",
        "app/items.py": HANDLER_INFO,
        "app/migrations/__init__.py": "",
    }.items():
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(text)
    return top


def test_fail_level_default_is_warning(clean: Path) -> None:
    proc = run("check", "--no-cache", cwd=clean)
    assert proc.returncode == 0 and "BA309" in proc.stdout, proc.stdout  # reported, not failed
    assert run("check", "--no-cache", "--fail-level", "info", cwd=clean).returncode == 1
    (clean / "app" / "http.py").write_text(HTTP)  # a warning
    assert run("check", "--no-cache", cwd=clean).returncode == 1
    assert run("check", "--no-cache", "--fail-level", "error", cwd=clean).returncode == 0
    assert run("check", "--no-cache", "--fail-level", "nope", cwd=clean).returncode == 2


def _hook(files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The hook as pre-commit runs it: its entry and args, then the staged Python files."""
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["types"] == ["python"] and hook["language"] == "python"
    entry = shlex.split(hook["entry"])
    assert entry[0] == "backend-architect"
    return subprocess.run(
        [COMMAND, *entry[1:], *hook.get("args", []), *files],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_pre_commit_hook_passes_clean_and_fails_on_an_error(clean: Path, tmp_path: Path) -> None:
    assert _hook(["app/__init__.py", "app/items.py"], clean).returncode == 0
    bad = make_project(tmp_path / "shop")
    proc = _hook(["src/app/repo.py", "src/app/main.py"], bad)
    assert proc.returncode == 1 and "src/app/repo.py:2:" in proc.stdout, proc.stdout


def test_fix_applies_the_quick_fixes_and_diff_only_prints_them(tmp_path: Path) -> None:
    top = make_project(tmp_path / "shop", {"src/app/http.py": HTTP.replace("\n", "\r\n")})
    target = top / "src" / "app" / "http.py"
    before = target.read_bytes()
    diff = run("check", "src/app/http.py", "--diff", "--no-cache", cwd=top)
    assert diff.returncode == 1, diff.stderr
    assert "--- src/app/http.py" in diff.stdout
    assert "+    return requests.get(url, timeout=10)" in diff.stdout
    assert target.read_bytes() == before  # --diff writes nothing

    fixed = run("check", "src/app/http.py", "src/app/api", "--fix", "--no-cache", cwd=top)
    assert "Fixed 1 problem(s) in 1 file(s)." in fixed.stderr, fixed.stderr
    assert target.read_bytes() == before.replace(b"get(url)", b"get(url, timeout=10)")  # CRLF kept
    assert "BA111" not in fixed.stdout and "BA301" in fixed.stdout  # what is left is reported
    assert fixed.returncode == 1  # BA301 (a warning, no quick fix) is left
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    again = run("check", "src/app/http.py", "--diff", "--no-cache", cwd=top)
    assert again.returncode == 0 and again.stdout == ""  # nothing left to fix


def test_fix_leaves_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    top = make_project(tmp_path / "shop", {"src/app/http.py": HTTP})
    target = top / "src" / "app" / "http.py"
    ws = Workspace(str(top))
    ws.build()
    plans, problems = plan_fixes(ws, ws.check([str(target)]))
    assert problems == [] and [p.path for p in plans] == [str(target)]
    target.write_text(HTTP + "\n# edited meanwhile\n")
    why = write_fix(plans[0])
    assert why is not None and "changed on disk since it was read" in why
    assert target.read_text() == HTTP + "\n# edited meanwhile\n"
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == []


def test_version_statistics_and_help(clean: Path) -> None:
    version = run("--version", cwd=clean)
    assert version.returncode == 0 and version.stdout.startswith("backend-architect 0.")
    (clean / "app" / "more.py").write_text(HANDLER_INFO.replace("items", "more") + HTTP)
    stats = run("check", "--statistics", "--no-cache", cwd=clean)
    rows = [ln.split("\t") for ln in stats.stdout.splitlines()]
    assert [(r[0].strip(), r[1].strip()) for r in rows] == [("2", "BA309"), ("1", "BA111")]
    assert rows[1][2] == "[*] http-without-timeout"
    parser = _parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subs.choices.items():
        for action in sub._actions:
            assert action.help, f"`{name} {action.dest}` has no help text"
    check_help = run("check", "--help", cwd=clean).stdout
    assert "nearest folder above the paths with a pyproject.toml" in check_help


def _in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, str, int]:
    """Run with stdout and stderr on two pseudo-terminals; what each showed, and the code."""
    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen(
        [COMMAND, *args], cwd=cwd, stdout=out_slave, stderr=err_slave, env={**full, **env}
    )
    os.close(out_slave)
    os.close(err_slave)
    got = {out_master: b"", err_master: b""}
    open_fds = [out_master, err_master]
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [], 60)
        if not ready:
            break
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed its side
                chunk = b""
            if chunk:
                got[fd] += chunk
            else:
                open_fds.remove(fd)
    code = proc.wait(timeout=60)
    os.close(out_master)
    os.close(err_master)
    return got[out_master].decode(), got[err_master].decode(), code


def test_colour_in_a_terminal_unless_no_color(clean: Path) -> None:
    out, _, _ = _in_terminal(["check", "--no-cache"], clean, {})
    assert "\x1b[" in out and "BA309" in out
    for args, env in ((["check", "--no-cache"], {"NO_COLOR": "1"}), (["--no-color"], {})):
        full = args if args[0] == "check" else ["check", "--no-cache", *args]
        out, _, _ = _in_terminal(full, clean, env)
        assert "\x1b[" not in out and "BA309" in out
    assert "\x1b[" not in run("check", "--no-cache", cwd=clean).stdout  # a pipe: plain


def test_progress_line_on_stderr_for_a_long_run(tmp_path: Path) -> None:
    top = make_project(
        tmp_path / "big", {f"src/app/gen/m{n}.py": f"X{n} = {n}\n" for n in range(520)}
    )
    out, err, code = _in_terminal(["check", "--no-cache", "--select", "BA101"], top, {})
    assert "backend-architect: checking" in err and "files" in err
    assert err.endswith("\r\x1b[2K")  # wiped when done
    assert "src/app/repo.py" in out and code == 1
    piped = run("check", "--no-cache", "--select", "BA101", cwd=top)
    assert piped.stderr == ""  # no terminal, no progress line


@pytest.mark.parametrize(
    "args", [["agents"], ["rules"], ["routes", "."], ["check", ".", "--no-cache"]]
)
def test_a_closed_pipe_exits_quietly(tmp_path: Path, args: list[str]) -> None:
    top = make_project(tmp_path / "shop")
    proc = subprocess.Popen(
        [COMMAND, *args], cwd=top, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written (`| head -0`)
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "BrokenPipeError" not in err and "internal error" not in err and "Exception" not in err
    assert code in (0, 1), (code, err)


def test_settings_force_exclude_and_gitignore_keys_are_validated(tmp_path: Path) -> None:
    top = make_project(tmp_path / "shop")
    settings(top, 'respect-gitignore = "no"')
    proc = run("check", cwd=top)
    assert proc.returncode == 2 and "respect-gitignore" in proc.stderr

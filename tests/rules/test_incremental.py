"""The editor's incremental check (rules/incremental.py) against the full check, finding for
finding, over random edits of every Python rule fixture and of the typing benchmark's router:
characters typed in docstrings, in code, in comments; lines added, removed, duplicated."""

from __future__ import annotations

import ast
import random
import shutil
import sys
from pathlib import Path

import pytest
from backend_architect.rules.engine import Engine
from backend_architect.workspace import Workspace
from rule_harness import FIXTURES, fixture_code

ROOT = Path(__file__).resolve().parents[2]
EDITS = 30


def python_fixtures() -> list[Path]:
    return sorted([*FIXTURES.glob("BA*.py"), *FIXTURES.glob("BA*/BA*.py")], key=fixture_code)


def with_docstrings(text: str) -> str:
    """Each definition given a docstring where it has none, so edits inside them are edits
    inside one unit that leave the others' code as it was (the case the cache is for)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.split("\n")
    inserts: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        first = node.body[0]
        if ast.get_docstring(node) is not None or first.lineno <= node.lineno:
            continue
        if lines[first.lineno - 1][: first.col_offset].strip():
            continue
        inserts.append((first.lineno - 1, " " * first.col_offset + f'"""{node.name}."""'))
    for at, line in sorted(inserts, reverse=True):
        lines.insert(at, line)
    return "\n".join(lines)


def docstring_lines(text: str) -> list[int]:
    lines = text.split("\n")
    return [n for n, line in enumerate(lines) if line.strip().startswith(('"""', "'''"))]


def edit(text: str, rng: random.Random) -> str:
    """One edit as a typist makes it, mostly in docstrings (what the cache keeps most for)."""
    lines = text.split("\n")
    docs = docstring_lines(text)
    kind = rng.choice(["doc", "doc", "doc", "char", "newline", "delete", "dup", "comment"])
    n = rng.randrange(len(lines))
    if kind == "doc" and docs:
        n = rng.choice(docs)
        line = lines[n]
        at = line.find('"""') + 3 if '"""' in line else len(line) // 2
        lines[n] = line[:at] + rng.choice("xyz ") + line[at:]
    elif kind == "char":
        line = lines[n]
        at = rng.randrange(len(line) + 1)
        lines[n] = line[:at] + rng.choice("a_1(: ") + line[at:]
    elif kind == "newline":
        lines.insert(n, "")
    elif kind == "delete" and len(lines) > 1:
        del lines[n]
    elif kind == "dup":
        lines.insert(n, lines[n])
    else:
        lines[n] = lines[n] + "  # noted"
    return "\n".join(lines)


def full_check(ws: Workspace, path: str, text: str) -> list[object]:
    parsed = ws.index.parse_cache.parse(path, text)
    return list(Engine(ws.settings, ws.root).check_parsed(parsed, ws.index))


def compare_over_edits(ws: Workspace, path: Path, seed: int, edits: int = EDITS) -> None:
    rng = random.Random(seed)
    text = with_docstrings(path.read_text(encoding="utf-8"))
    ws.sync(str(path), text)
    for n in range(edits):
        text = edit(text, rng) if n else text
        ws.sync(str(path), text)
        incremental = ws.diagnose(str(path), text)
        assert incremental == full_check(ws, str(path), text), f"edit {n} of {path.name}"


@pytest.mark.parametrize("fixture", python_fixtures(), ids=fixture_code)
def test_incremental_check_equals_full_check_over_random_edits(
    fixture: Path, tmp_path: Path
) -> None:
    folder = fixture.parent != FIXTURES
    source = fixture.parent if folder else fixture
    root = tmp_path / "project"
    if folder:
        shutil.copytree(source, root)
        path = root / fixture.name
    else:
        root.mkdir()
        path = root / fixture.name
        shutil.copy(fixture, path)
    ws = Workspace(str(root))
    ws.build()
    compare_over_edits(ws, path, seed=int(fixture_code(fixture)[2:]))


def bench_router(tmp_path: Path) -> tuple[Workspace, Path]:
    """The typing benchmark's app (a 2,000-line router of 200 handlers), indexed."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_typing
    finally:
        sys.path.pop(0)
    router = bench_typing.write_app(tmp_path)
    ws = Workspace(str(tmp_path))
    ws.build()
    return ws, router


def test_incremental_check_equals_full_check_on_a_big_router(tmp_path: Path) -> None:
    ws, router = bench_router(tmp_path)
    compare_over_edits(ws, router, seed=18, edits=25)


def test_only_the_edited_definition_is_checked_again(tmp_path: Path) -> None:
    """The point of it: a docstring edit re-runs the per-unit rules on one unit only."""
    ws, router = bench_router(tmp_path)
    text = router.read_text()
    ws.sync(str(router), text)
    ws.diagnose(str(router), text)
    checked: list[int] = []
    engine = ws.engine
    walk_units = engine._walk_units

    def spy(ctx, dispatch, units, parsed):  # type: ignore[no-untyped-def]
        checked.append(len(units))
        walk_units(ctx, dispatch, units, parsed)

    engine._walk_units = spy  # type: ignore[method-assign]
    edited = text.replace('"""Handler 7:', '"""Handler 7 (edited):')
    ws.sync(str(router), edited)
    ws.diagnose(str(router), edited)
    assert checked == [1]


def test_code_on_a_docstring_line_is_no_docstring_edit(tmp_path: Path) -> None:
    """``\"\"\"doc\"\"\"; os.system(cmd)``: the code on the docstring's line is part of the file's
    key, so changing it re-checks the handler that calls the helper."""
    app = tmp_path / "app.py"
    head = (
        "import os\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\ndef run(cmd):\n"
    )
    tail = (
        "\n\n@app.route('/run', methods=['POST'])\ndef handler():\n"
        "    run(request.form['cmd'])\n    return 'ok'\n"
    )
    before = head + '    """Run it."""; os.system(cmd)\n' + tail
    after = head + '    """Run it."""; print(cmd)\n' + tail
    app.write_text(before)
    ws = Workspace(str(tmp_path))
    ws.index.build([str(app)])
    ws.sync(str(app), before)
    assert any(f.code == "BA108" for f in ws.diagnose(str(app), before))
    ws.sync(str(app), after)
    assert ws.diagnose(str(app), after) == full_check(ws, str(app), after)
    assert not any(f.code == "BA108" for f in full_check(ws, str(app), after))

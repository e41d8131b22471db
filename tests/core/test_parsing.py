"""Parsing: shared trees, recovery from broken and newer syntax, odd encodings and sizes."""

from __future__ import annotations

import sys
from pathlib import Path

from backend_architect.core.parsing import ParseCache, parse_text
from backend_architect.core.source import decode_source, read_source
from backend_architect.index.project import ProjectIndex

PY314_EXCEPT = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/a")
def a() -> dict:
    try:
        return {}
    except ValueError, KeyError:
        return {"error": True}


@app.get("/b")
def b() -> dict:
    return {}
"""


def test_each_text_is_parsed_once() -> None:
    cache = ParseCache()
    first = cache.parse("/x.py", "x = 1\n")
    second = cache.parse("/x.py", "x = 1\n")
    assert first is second and cache.parses == 1
    cache.parse("/x.py", "x = 2\n")
    assert cache.parses == 2


def test_newer_syntax_is_indexed_and_reported(tmp_path: Path) -> None:
    parsed = parse_text("app.py", PY314_EXCEPT)
    if sys.version_info >= (3, 14):
        assert parsed.ok
        return
    assert parsed.tree is not None
    (problem,) = parsed.problems
    assert problem.newer_syntax and problem.line == 9
    assert "newer than Python" in problem.message
    (tmp_path / "app.py").write_text(PY314_EXCEPT)
    index = ProjectIndex(str(tmp_path))
    index.build()
    assert sorted(r.path for r in index.routes if not r.generated) == ["/a", "/b"]
    assert "newer than Python" in index.problems()[str(tmp_path / "app.py")][0]


def test_broken_line_does_not_hide_the_rest() -> None:
    parsed = parse_text("x.py", "def f(:\n    pass\n\ndef g():\n    return 1\n")
    assert parsed.problems and not parsed.problems[0].newer_syntax
    assert parsed.tree is not None
    names = [n.name for n in parsed.tree.body if hasattr(n, "name")]
    assert "g" in names


def test_absurd_nesting_is_a_problem_not_a_crash() -> None:
    # RecursionError inside ast.parse
    deep = parse_text("deep.py", "x = " + "1+" * 200_000 + "1\n")
    assert deep.tree is None
    assert "nested too deeply" in deep.problems[0].message
    # the parser's own limit: the line is set aside, the rest of the file still parses
    parens = parse_text("parens.py", "x = " + "(" * 2000 + ")" * 2000 + "\ny = 2\n")
    assert parens.problems and parens.tree is not None


def test_encodings_and_binary() -> None:
    latin = decode_source("# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"))
    assert latin.text is not None and "café" in latin.text and latin.problem is None
    bad = decode_source(b"x = '\xff\xfe broken'\n")
    assert bad.text is not None and "not valid utf-8" in (bad.problem or "")
    binary = decode_source(b"\x00\x01\x02binary")
    assert binary.text is None and "binary" in (binary.problem or "")
    bom = decode_source(b"\xef\xbb\xbfx = 1\n")
    assert bom.text == "x = 1\n"


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    big.write_text("x = 1\n" * 100)
    refused = read_source(big, max_bytes=100)
    assert refused.text is None and "over the 100-byte limit" in (refused.problem or "")


def test_index_survives_every_kind_of_bad_file(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/ok')\ndef ok(): ...\n"
    )
    (tmp_path / "binary.py").write_bytes(b"\x00\x00FastAPI\x00")
    (tmp_path / "latin.py").write_bytes(b"from fastapi import APIRouter\nx = '\xe9'\n")
    (tmp_path / "deep.py").write_text("from fastapi import FastAPI\nx = " + "1+" * 200_000 + "1")
    (tmp_path / "broken.py").write_text("from fastapi import FastAPI\ndef (:\n")
    index = ProjectIndex(str(tmp_path))
    index.build()
    assert [r.path for r in index.routes if not r.generated] == ["/ok"]
    problems = index.problems()
    assert "binary" in problems[str(tmp_path / "binary.py")][0]
    assert any(
        "nested too deeply" in m or "too many" in m.lower()
        for m in problems[str(tmp_path / "deep.py")]
    )
    assert str(tmp_path / "broken.py") in problems

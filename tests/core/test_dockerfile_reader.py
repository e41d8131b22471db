"""The Dockerfile reader against BuildKit's own parser (the ``dockerfile`` package wraps it),
and its positions against the text: every instruction, flag and word where it stands."""

from __future__ import annotations

from pathlib import Path

import dockerfile as buildkit
import pytest
from backend_architect.core.dockerfile import parse_dockerfile, split_lines
from backend_architect.core.model import Span
from backend_architect.core.shell_commands import run_commands

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "rules" / "fixtures"
FILES = [HERE / "tricky.Dockerfile", *sorted(FIXTURES.glob("BA6*.Dockerfile"))]


def _text_at(lines: list[str], span: Span) -> str:
    assert span.start.line == span.end.line, span
    return lines[span.start.line][span.start.column : span.end.column]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_instructions_as_buildkit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ours = parse_dockerfile(text)
    theirs = buildkit.parse_string(text)
    assert [(i.keyword, i.line + 1, i.last_line + 1) for i in ours.instructions] == [
        (c.cmd.upper(), c.start_line, c.end_line) for c in theirs
    ]
    for inst, cmd in zip(ours.instructions, theirs, strict=True):
        assert inst.json == cmd.json, cmd.original
        flags = tuple(
            f"--{f.name}" + (f"={f.value}" if f.value is not None else "") for f in inst.flags
        )
        assert flags == tuple(cmd.flags), cmd.original
        assert [h.content.text for h in inst.heredocs] == [h.content for h in cmd.heredocs]
        if inst.json or cmd.cmd.upper() in (
            "FROM",
            "COPY",
            "ADD",
            "EXPOSE",
            "USER",
            "WORKDIR",
            "ARG",
        ):
            if cmd.cmd.upper() != "ONBUILD" and not inst.heredocs:
                # BuildKit keeps quotes until the instruction runs: compare as written
                words = tuple(w.text if inst.json else w.raw for w in inst.words)
                assert words == tuple(cmd.value), cmd.original
        elif cmd.cmd.upper() in ("RUN", "CMD", "ENTRYPOINT") and not inst.heredocs:
            assert (inst.args.text,) == tuple(cmd.value), cmd.original


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_positions_point_at_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = split_lines(text)
    for inst in parse_dockerfile(text).instructions:
        assert _text_at(lines, inst.keyword_span).upper() == inst.keyword
        for flag in inst.flags:
            assert _text_at(lines, flag.span).startswith(f"--{flag.name}")
        for word in inst.words:
            if word.span.start.line == word.span.end.line:
                assert _text_at(lines, word.span) == word.raw
        for cmd in run_commands(inst):
            for word in cmd.words:
                if word.span.start.line == word.span.end.line:
                    assert _text_at(lines, word.span) == word.raw


def test_directives_continuations_heredocs_and_stages() -> None:
    text = (HERE / "tricky.Dockerfile").read_text(encoding="utf-8")
    df = parse_dockerfile(text)
    assert df.directives["syntax"][0] == "docker/dockerfile:1" and df.escape == "\\"
    run = df.instructions[1]
    # the comment and the empty line inside the continuation are dropped
    assert [[w.text for w in c.words] for c in run_commands(run)] == [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "curl"],
    ]
    assert run_commands(df.instructions[3])[1].words[0].span.start.line == 9  # heredoc body
    # ``python3 <<PY``: the body is Python, not shell commands
    assert [w.text for c in run_commands(df.instructions[5]) for w in c.words] == [
        "python3",
        "<<PY",
    ]
    assert df.instructions[7].onbuild is not None and df.instructions[7].onbuild.keyword == "RUN"
    assert df.instructions[8].flag("interval") is not None


def test_backtick_escape_and_problems() -> None:
    df = parse_dockerfile(
        "# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN dir `\n  c:\\\nFOO bar\n"
    )
    assert df.escape == "`"
    assert df.instructions[1].args.text == "dir   c:\\"
    assert [m for _s, m in df.problems] == ["unknown instruction 'FOO'"]
    assert parse_dockerfile("RUN <<EOF\necho\n").problems[0][1] == "heredoc EOF never ends"
    assert parse_dockerfile("RUN echo\n").problems[0][1] == "RUN before the first FROM"

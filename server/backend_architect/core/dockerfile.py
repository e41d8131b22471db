"""A Dockerfile reader that keeps the exact position of every instruction, flag and argument.

Why not a parser from PyPI: ``dockerfile`` 3.4.0 (BuildKit's own parser, compiled) and
``dockerfile-parse`` 2.0.1 both give each instruction's first and last *line* only: no column
for the instruction, its flags or its arguments, and they join continuation lines into one
string, so where an argument stood cannot be recovered. Diagnostics and quick fixes need those
columns, so this module reads the file itself, following BuildKit's rules (checked against
BuildKit's parser in ``tests/core/test_dockerfile_reader.py``, which installs ``dockerfile`` as a
test dependency):

- parser directives (``# syntax=``, ``# escape=``, ``# check=``) only before anything else;
- a line ending with the escape character continues on the next; comment lines and empty
  lines inside a continuation are dropped; the pieces are joined without adding a space;
- ``<<EOF`` / ``<<-EOF`` / ``<<"EOF"`` heredocs of RUN, COPY and ADD take the lines after the
  instruction up to the terminator;
- JSON (exec) form when the arguments are a JSON array of strings, else shell form;
- ``--flag[=value]`` words before the arguments of FROM, RUN, COPY, ADD and HEALTHCHECK;
- ONBUILD's instruction is read as an instruction of its own.

Every character of an instruction's logical line keeps its (line, column) in the file
(:class:`Logical`), so any piece of it maps back to a :class:`~.model.Span`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .lines import split_lines
from .model import Position, Span

INSTRUCTIONS = frozenset(
    [
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    ]
)
FLAGGED = frozenset({"FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"})
JSON_FORMS = frozenset({"CMD", "ENTRYPOINT", "RUN", "SHELL", "VOLUME", "COPY", "ADD"})
HEREDOC_FORMS = frozenset({"RUN", "COPY", "ADD"})
DIRECTIVES = frozenset({"syntax", "escape", "check"})

_DIRECTIVE_RE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$")
_HEREDOC_RE = re.compile(r"<<(-?)([\"']?)([A-Za-z_][\w.-]*)\2")


@dataclass(frozen=True)
class Logical:
    """A piece of text made of characters from one or more lines, each with its position."""

    text: str
    positions: tuple[Position, ...]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        end = len(self.text) if end is None else end
        if not self.positions:
            return Span.of(0, 0, 0, 0)
        if start >= len(self.positions):
            last = self.positions[-1]
            at = Position(last.line, last.column + 1)
            return Span(at, at)
        first = self.positions[start]
        if end <= start:
            return Span(first, first)
        last = self.positions[end - 1]
        return Span(first, Position(last.line, last.column + 1))

    def cut(self, start: int, end: int | None = None) -> Logical:
        end = len(self.text) if end is None else end
        return Logical(self.text[start:end], self.positions[start:end])

    def strip(self) -> Logical:
        body = self.text.strip()
        if not body:
            return self.cut(len(self.text))
        start = len(self.text) - len(self.text.lstrip())
        return self.cut(start, start + len(body))


@dataclass(frozen=True)
class Word:
    text: str  # the value: quotes and escapes removed
    raw: str  # as written
    span: Span


@dataclass(frozen=True)
class Flag:
    name: str  # without the dashes: "mount", "chown"
    value: str | None
    span: Span


@dataclass(frozen=True)
class Heredoc:
    name: str
    content: Logical  # the body, lines joined with "\n", each character placed
    span: Span  # the body and the terminator line


@dataclass
class Instruction:
    keyword: str  # upper case, as BuildKit matches it
    keyword_span: Span
    span: Span  # the whole instruction, heredoc bodies included
    flags: tuple[Flag, ...]
    args: Logical  # what follows the keyword and the flags, continuations joined
    words: tuple[Word, ...]  # the arguments as words (the JSON array's strings in exec form)
    json: bool
    heredocs: tuple[Heredoc, ...] = ()
    stage: int = -1  # the stage it belongs to; -1 for ARGs before the first FROM
    onbuild: Instruction | None = None  # ONBUILD's own instruction
    # what readers derive once for every rule (``shell_commands.run_commands``)
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def line(self) -> int:
        return self.keyword_span.start.line

    @property
    def last_line(self) -> int:
        return self.span.end.line

    def flag(self, name: str) -> Flag | None:
        return next((f for f in self.flags if f.name == name), None)


@dataclass
class Stage:
    index: int
    instruction: Instruction  # its FROM
    base: Word | None  # the image (or an earlier stage's name)
    name: Word | None  # after AS
    instructions: list[Instruction] = field(default_factory=list)  # the FROM included

    def of(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


@dataclass
class Dockerfile:
    text: str
    lines: list[str]
    instructions: list[Instruction]
    stages: list[Stage]
    directives: dict[str, tuple[str, Span]]
    escape: str
    problems: list[tuple[Span, str]] = field(default_factory=list)

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_names(self) -> set[str]:
        return {s.name.text.lower() for s in self.stages if s.name is not None}


def _line_logical(lines: list[str], n: int, start: int = 0, end: int | None = None) -> Logical:
    body = lines[n][start:end]
    return Logical(body, tuple(Position(n, start + i) for i in range(len(body))))


def _directives(lines: list[str]) -> tuple[dict[str, tuple[str, Span]], int]:
    out: dict[str, tuple[str, Span]] = {}
    n = 0
    while n < len(lines):
        m = _DIRECTIVE_RE.match(lines[n].strip())
        if m is None or m.group(1).lower() not in DIRECTIVES or m.group(1).lower() in out:
            break
        col = lines[n].index(m.group(2)) if m.group(2) else len(lines[n])
        out[m.group(1).lower()] = (m.group(2), Span.of(n, col, n, col + len(m.group(2))))
        n += 1
    return out, n


def parse_dockerfile(text: str) -> Dockerfile:
    lines = split_lines(text)
    directives, n = _directives(lines)
    escape = directives.get("escape", ("\\", Span.of(0, 0, 0, 0)))[0] or "\\"
    problems: list[tuple[Span, str]] = []
    if escape not in ("\\", "`"):
        problems.append((directives["escape"][1], f"invalid escape character {escape!r}"))
        escape = "\\"
    instructions: list[Instruction] = []
    while n < len(lines):
        stripped = lines[n].strip()
        if not stripped or stripped.startswith("#"):
            n += 1
            continue
        logical, n = _join_continuations(lines, n, escape)
        inst, n = _instruction(logical, lines, n, problems)
        if inst is not None:
            instructions.append(inst)
    stages = _stages(instructions, problems)
    return Dockerfile(text, lines, instructions, stages, directives, escape, problems)


def _join_continuations(lines: list[str], n: int, escape: str) -> tuple[Logical, int]:
    """The logical line starting at ``n``, and the index of the line after it."""
    text: list[str] = []
    positions: list[Position] = []
    while n < len(lines):
        line = lines[n]
        body = line.rstrip()
        continued = body.endswith(escape)
        if continued:
            body = body[:-1]
        text.append(body)
        positions.extend(Position(n, i) for i in range(len(body)))
        n += 1
        if not continued:
            break
        while n < len(lines) and (not lines[n].strip() or lines[n].lstrip().startswith("#")):
            n += 1  # comments and empty lines inside a continuation are dropped
    return Logical("".join(text), tuple(positions)), n


def _instruction(
    logical: Logical, lines: list[str], n: int, problems: list[tuple[Span, str]]
) -> tuple[Instruction | None, int]:
    logical = logical.strip()
    m = re.match(r"\S+", logical.text)
    if m is None:
        return None, n
    keyword = m.group(0).upper()
    keyword_span = logical.span(0, m.end())
    if keyword not in INSTRUCTIONS:
        problems.append((keyword_span, f"unknown instruction {m.group(0)!r}"))
        return None, n
    rest = logical.cut(m.end()).strip()
    flags: list[Flag] = []
    if keyword in FLAGGED:
        rest, flags = _flags(rest)
    heredocs: list[Heredoc] = []
    if keyword in HEREDOC_FORMS:
        for hm in _HEREDOC_RE.finditer(rest.text):
            doc, n = _heredoc(lines, n, hm.group(3), hm.group(1) == "-")
            if doc is None:
                problems.append(
                    (rest.span(hm.start(), hm.end()), f"heredoc {hm.group(3)} never ends")
                )
                break
            heredocs.append(doc)
    words, is_json = _words(keyword, rest)
    if keyword == "HEALTHCHECK" and words and words[0].text.upper() == "CMD":
        # HEALTHCHECK CMD takes its command in either form, as CMD does
        sub = rest.cut(len(words[0].raw)).strip()
        sub_words, is_json = _words("CMD", sub)
        words = (words[0], *sub_words)
    end = heredocs[-1].span.end if heredocs else logical.span().end
    inst = Instruction(
        keyword,
        keyword_span,
        Span(keyword_span.start, end),
        tuple(flags),
        rest,
        words,
        is_json,
        tuple(heredocs),
    )
    if keyword == "ONBUILD" and rest.text:
        inst.onbuild, _ = _instruction(rest, lines, n, problems)
        inst.json = inst.onbuild.json if inst.onbuild is not None else False
    return inst, n


def _flags(rest: Logical) -> tuple[Logical, list[Flag]]:
    flags: list[Flag] = []
    while rest.text.startswith("--"):
        m = re.match(r"--([\w-]+)(?:=(\S*))?", rest.text)
        if m is None:
            break
        flags.append(Flag(m.group(1).lower(), m.group(2), rest.span(0, m.end())))
        rest = rest.cut(m.end()).strip()
    return rest, flags


def _heredoc(lines: list[str], n: int, name: str, strip_tabs: bool) -> tuple[Heredoc | None, int]:
    start = n
    while n < len(lines):
        line = lines[n].lstrip("\t") if strip_tabs else lines[n]
        if line == name:
            pieces = [_line_logical(lines, i) for i in range(start, n)]
            text = "".join(p.text + "\n" for p in pieces)
            positions: list[Position] = []
            for i, p in enumerate(pieces):
                positions += [*p.positions, Position(start + i, len(p.text))]
            span = Span.of(start, 0, n, len(lines[n]))
            return Heredoc(name, Logical(text, tuple(positions)), span), n + 1
        n += 1
    return None, len(lines)


def _words(keyword: str, rest: Logical) -> tuple[tuple[Word, ...], bool]:
    if keyword in JSON_FORMS and rest.text.startswith("["):
        try:
            value = json.loads(rest.text)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            words = []
            for sm in re.finditer(r'"(?:[^"\\]|\\.)*"', rest.text):
                words.append(Word(json.loads(sm.group(0)), sm.group(0), rest.span(*sm.span())))
            return tuple(words), True
    return tuple(shell_words(rest)), False


def shell_words(text: Logical) -> list[Word]:
    """``text`` split into words as a shell splits them (quotes and backslashes honoured,
    nothing expanded)."""
    out: list[Word] = []
    s = text.text
    i = 0
    while i < len(s):
        if s[i].isspace():
            i += 1
            continue
        value, end = read_word(s, i)
        out.append(Word(value, s[i:end], text.span(i, end)))
        i = end
    return out


def read_word(s: str, i: int, breaks: frozenset[str] | None = None) -> tuple[str, int]:
    """The shell word starting at ``s[i]``: its value (quotes removed, backslashes applied, a
    backslash-newline dropped) and where it ends, at the first unquoted whitespace (or, when
    ``breaks`` is given, the first unquoted character in it). The one quoting loop for the
    Dockerfile's words and the shell commands of a RUN."""
    quote = ""
    value: list[str] = []
    while i < len(s):
        c = s[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"' and i + 1 < len(s):
                i += 1
                value.append(s[i])
            else:
                value.append(c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(s):
            i += 1
            if s[i] != "\n":
                value.append(s[i])
        elif c in breaks if breaks is not None else c.isspace():
            break
        else:
            value.append(c)
        i += 1
    return "".join(value), i


def _stages(instructions: list[Instruction], problems: list[tuple[Span, str]]) -> list[Stage]:
    stages: list[Stage] = []
    for inst in instructions:
        if inst.keyword == "FROM":
            words = inst.words
            base = words[0] if words else None
            name = words[2] if len(words) >= 3 and words[1].text.lower() == "as" else None
            if base is None:
                problems.append((inst.keyword_span, "FROM names no image"))
            stages.append(Stage(len(stages), inst, base, name))
        if stages:
            inst.stage = len(stages) - 1
            stages[-1].instructions.append(inst)
        elif inst.keyword != "ARG":
            problems.append((inst.keyword_span, f"{inst.keyword} before the first FROM"))
    return stages

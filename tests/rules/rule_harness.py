"""Rule fixtures: expectations written next to the code, checked with their exact ranges.

The annotation format is described in tests/rules/README.md. In short, a comment line made of
carets right under a line of code expects a finding on exactly those columns of that line::

    cursor.execute(f"SELECT * FROM users WHERE id = {user_id}")
    #              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ BA101

and ``# expect: BA101 12:4-14:5`` expects a finding from line 12 column 4 to line 14 column 5
(1-based lines, 0-based columns). Near misses carry a ``# near miss`` comment so the harness
can insist there are enough of them.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

from backend_architect.config import Settings
from backend_architect.core.model import Finding, Position
from backend_architect.core.parsing import parse_text
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine
from backend_architect.rules.registry import Rule, rule_classes

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_files() -> list[Path]:
    """``fixtures/<CODE>.py``, or ``fixtures/<CODE>/<CODE>.py`` for a rule that reads files
    beside the code (``.env.example``, ``alembic.ini``): the folder is the project root.
    Dockerfile rules: ``fixtures/<CODE>.Dockerfile`` (or ``fixtures/<CODE>/Dockerfile`` beside
    the app it ships); Compose rules: ``fixtures/compose.<CODE>.yaml`` (or
    ``fixtures/<CODE>/compose.yaml``). ``#`` comments carry the annotations in both."""
    found = [
        *FIXTURES.glob("BA*.py"),
        *FIXTURES.glob("BA*/BA*.py"),
        *FIXTURES.glob("BA*.Dockerfile"),
        *FIXTURES.glob("compose.BA*.yaml"),
        *(p for p in FIXTURES.glob("BA*/Dockerfile")),
        *(p for p in FIXTURES.glob("BA*/compose.yaml")),
    ]
    return sorted(found, key=fixture_code)


def fixture_code(path: Path) -> str:
    """The rule a fixture tests: the code in its name, or its folder's."""
    m = re.search(r"BA\d{3}", path.name) or re.search(r"BA\d{3}", path.parent.name)
    assert m is not None, path
    return m.group(0)


def companion_files(path: Path) -> list[Path]:
    """The other annotated files of a folder fixture (``fixtures/BA802/shop/migrations/
    0002_plan.py`` beside ``fixtures/BA802/BA802.py``): a rule about files of several kinds
    (an Alembic revision and a Django migration) or about a whole file (a missing
    ``downgrade()``) keeps a case a file there. Each is checked like the fixture itself."""
    if path.parent.name != path.stem:
        return []
    return sorted(
        p
        for p in path.parent.rglob("*.py")
        if p != path
        and (parse_expectations(text := p.read_text(encoding="utf-8")) or near_misses(text))
    )


def fixture_path(code: str) -> Path:
    for candidate in (
        FIXTURES / code / f"{code}.py",
        FIXTURES / f"{code}.Dockerfile",
        FIXTURES / f"compose.{code}.yaml",
        FIXTURES / code / "Dockerfile",
        FIXTURES / code / "compose.yaml",
    ):
        if candidate.exists():
            return candidate
    return FIXTURES / f"{code}.py"


def rule_kind(code: str) -> str:
    return rule_classes()[code].file_kind


CODE = r"BA\d{3}"
CARET_RE = re.compile(
    rf"^(?P<lead>\s*#\s*)(?P<carets>\^+)\s+(?P<codes>{CODE}(?:\s*,\s*{CODE})*)\s*$"
)
EXPECT_RE = re.compile(
    rf"#\s*expect:\s*(?P<code>{CODE})\s+(?P<l1>\d+):(?P<c1>\d+)-(?P<l2>\d+):(?P<c2>\d+)"
)
NEAR_MISS_RE = re.compile(r"#\s*near miss\b", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Expected:
    """One finding: 0-based lines and columns, end exclusive (as the core's spans)."""

    line: int
    col: int
    end_line: int
    end_col: int
    code: str

    @classmethod
    def of(cls, finding: Finding) -> Expected:
        s = finding.span
        return cls(s.start.line, s.start.column, s.end.line, s.end.column, finding.code)

    def __str__(self) -> str:
        # printed the way annotations are written: 1-based lines, 0-based columns
        return f"{self.code} {self.line + 1}:{self.col}-{self.end_line + 1}:{self.end_col}"


class AnnotationError(ValueError):
    pass


def parse_expectations(text: str) -> list[Expected]:
    lines = text.splitlines()
    expected: list[Expected] = []
    for i, line in enumerate(lines):
        caret = CARET_RE.match(line)
        if caret is not None:
            target = i - 1
            while target >= 0 and CARET_RE.match(lines[target]):
                target -= 1  # several caret lines may stack under one line of code
            if target < 0 or not lines[target].strip():
                raise AnnotationError(f"line {i + 1}: carets under no line of code")
            start = len(caret.group("lead"))
            end = start + len(caret.group("carets"))
            if end > len(lines[target]):
                raise AnnotationError(f"line {i + 1}: carets run past the end of line {target + 1}")
            for code in re.split(r"\s*,\s*", caret.group("codes")):
                expected.append(Expected(target, start, target, end, code))
            continue
        for m in EXPECT_RE.finditer(line):
            l1, l2 = int(m.group("l1")), int(m.group("l2"))
            if l1 < 1 or l2 < l1 or l2 > len(lines):
                raise AnnotationError(f"line {i + 1}: bad range in {m.group(0)!r}")
            expected.append(
                Expected(l1 - 1, int(m.group("c1")), l2 - 1, int(m.group("c2")), m.group("code"))
            )
    return sorted(expected)


def near_misses(text: str) -> int:
    return len(NEAR_MISS_RE.findall(text))


def needs_index(code: str) -> bool:
    """Rules that read the project index (routes, models) implement ``check_file``; Dockerfile
    and Compose rules that read it say so with ``reads_index``."""
    cls = rule_classes()[code]
    return cls.check_file is not Rule.check_file or bool(getattr(cls, "reads_index", False))


def findings_for(
    path: Path | str, code: str, *, with_index: bool, text: str | None = None
) -> list[Finding]:
    """Run the one rule ``code`` over a file, as the CLI does (index) or bare (no index)."""
    path = os.path.abspath(path)
    engine = Engine(Settings(select=[code]))
    kind = rule_kind(code)
    if kind != "python":
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        index = None
        if with_index:
            folder = Path(path).parent
            index = ProjectIndex(str(folder))
            index.build(
                [str(p) for p in sorted(folder.rglob("*.py"))] if folder != FIXTURES else []
            )
        return [f for doc in documents(text) for f in engine.check_text(path, doc, kind, index)]
    if with_index:
        index = ProjectIndex(os.path.dirname(path))
        if text is not None:
            index.update(path, text, overlay=True)
        else:
            index.build([path])
        parsed = index.parsed(path)
        assert parsed is not None
        return engine.check_parsed(parsed, index)
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    return engine.check_parsed(parse_text(path, text))


def compare(text: str, expected: list[Expected], findings: list[Finding]) -> list[str]:
    """Human-readable differences; empty when every finding is expected and present."""
    lines = text.splitlines()
    actual = sorted(Expected.of(f) for f in findings)
    messages = {Expected.of(f): f.message for f in findings}
    problems = []
    for e in sorted(set(expected) - set(actual)):
        problems.append(f"missing  {e}   | {lines[e.line].strip()}")
    for a in sorted(set(actual) - set(expected)):
        got = lines[a.line][a.col : a.end_col] if a.line == a.end_line else "(multi-line)"
        problems.append(f"extra    {a}   {got!r}: {messages[a]}")
    if len(actual) != len(set(actual)):
        problems.append(f"duplicate findings: {actual}")
    return problems


DOCUMENT_BREAK_RE = re.compile(r"^# -{3,}")


def documents(text: str) -> list[str]:
    """A Dockerfile or Compose fixture holds several files, each ended by a ``# ---`` line
    (a rule about the final stage fires once a file). Each document is the whole text with
    the other documents' lines blanked, so every position is the fixture's own."""
    lines = text.split("\n")
    breaks = [i for i, line in enumerate(lines) if DOCUMENT_BREAK_RE.match(line)]
    bounds = list(zip([0, *(b + 1 for b in breaks)], [*breaks, len(lines)], strict=True))
    return [
        "\n".join(line if start <= i < end else "" for i, line in enumerate(lines))
        for start, end in bounds
    ]


def check_fixture(path: Path, code: str, *, with_index: bool) -> list[Finding]:
    text = path.read_text(encoding="utf-8")
    if rule_kind(code) == "python":
        ast.parse(text)  # a fixture that does not parse tests nothing
    expected = parse_expectations(text)
    findings = findings_for(path, code, with_index=with_index)
    problems = compare(text, expected, findings)
    assert not problems, (
        f"{path.name} ({'with' if with_index else 'without'} index):\n" + "\n".join(problems)
    )
    return findings


def apply_edits(text: str, edits: list[tuple[Position, Position, str]]) -> str:
    """Apply non-overlapping (start, end, new text) edits given in 0-based lines/columns."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(p: Position) -> int:
        return starts[p.line] + p.column

    out = text
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[: offset(start)] + new + out[offset(end) :]
    return out

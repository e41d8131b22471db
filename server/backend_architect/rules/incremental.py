"""The editor's re-check after an edit: findings kept per top-level definition, so a keystroke
re-runs the rules on the definition it changed, not on the 199 others of the router.

A file is cut into *units*: each top-level ``def``/``class`` (decorators included) and the
*head* (every other statement). A unit's findings are kept under its own text and the file's
*key*: the file's text with every docstring's content blanked (lines kept), the rule set (the
engine) and what the rest of the project is (the index generations not caused by this file's
own edits). So what can change a unit's findings is in its key: its own text, any code of the
file (a helper other rules follow, the router's prefix), the index. Only a docstring edit
elsewhere in the file leaves the key unchanged: the units it does not touch keep their
findings, the unit it touches is checked again.

How a rule runs when some units missed (``Rule.scope``):
- ``"unit"`` (the default): the module node and the missed units' nodes visited, the file
  pass run; of what it reports, the findings in the missed units are kept. So a rule may not
  report in one unit from what it saw visiting another, nor carry what it saw in its visits
  into its file pass: such a rule says ``"file"``.
- ``"handler"``: as ``"unit"``, and its file pass judges each handler on its own, so it is
  shown only the routes whose handlers are in the missed units (``ctx.routes()``).
- ``"file"``: run on the whole file every time; its findings are never kept.

``tests/rules/test_incremental.py`` checks over random edits of every rule's fixture that
the incremental answer is the full check's, finding for finding.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass

from ..core.model import Finding
from ..core.parsing import ParsedFile
from .registry import Rule

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Unit:
    first: int  # 0-based lines, inclusive
    last: int
    nodes: tuple[ast.stmt, ...]  # one definition, or the head's statements
    text: str  # the key: its source (the head's with each statement's line)

    @property
    def key(self) -> str:
        return f"{self.first}:{self.text}"

    def holds(self, line: int) -> bool:
        return self.first <= line <= self.last


def units_of(parsed: ParsedFile) -> tuple[list[Unit], Unit]:
    """The file's definitions as units, and its head (everything else)."""
    assert parsed.tree is not None
    lines = parsed.lines
    units: list[Unit] = []
    head: list[ast.stmt] = []
    for stmt in parsed.tree.body:
        if isinstance(stmt, DEFINITIONS):
            first = min([stmt.lineno, *(d.lineno for d in stmt.decorator_list)]) - 1
            last = (stmt.end_lineno or stmt.lineno) - 1
            units.append(Unit(first, last, (stmt,), "\n".join(lines[first : last + 1])))
        else:
            head.append(stmt)
    head_text = "".join(
        f"{s.lineno}:" + "\n".join(lines[s.lineno - 1 : s.end_lineno or s.lineno]) + "\n"
        for s in head
    )
    return units, Unit(-1, -1, tuple(head), head_text)


def unit_of(units: list[Unit], line: int) -> Unit | None:
    for u in units:
        if u.holds(line):
            return u
    return None


def blanked_digest(parsed: ParsedFile) -> str:
    """The digest of the file's text with the docstrings of the module, its definitions and
    their methods removed, line breaks kept (a nested function's docstring stays: it is only
    a key, and an edit of it re-checks more than it must, never less)."""
    assert parsed.tree is not None
    lines = list(parsed.lines)
    owners: list[ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = [parsed.tree]
    for stmt in parsed.tree.body:
        if isinstance(stmt, DEFINITIONS):
            owners.append(stmt)
            if isinstance(stmt, ast.ClassDef):
                owners.extend(s for s in stmt.body if isinstance(s, DEFINITIONS))
    for node in owners:
        if not node.body:
            continue
        first = node.body[0]
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            continue
        start, end = first.lineno - 1, (first.end_lineno or first.lineno) - 1
        if end >= len(lines) or not _alone(lines[start], lines[end], first):
            continue  # code shares a line with it (``"""doc"""; run(x)``): the line stays
        for n in range(start, end + 1):
            if n < len(lines):
                lines[n] = ""  # a docstring's lines, whatever they say
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()


def _alone(first_line: str, last_line: str, doc: ast.stmt) -> bool:
    """Whether the docstring ``doc`` has its lines to itself (a comment after it aside); the
    AST's columns count UTF-8 bytes."""
    before = first_line.encode()[: doc.col_offset]
    after = last_line.encode()[doc.end_col_offset or 0 :].strip()
    return not before.strip() and (not after or after.startswith(b"#"))


def scope_of(rule: Rule) -> str:
    declared = getattr(type(rule), "scope", None)
    return str(declared) if declared in ("handler", "file") else "unit"


class UnitMemo:
    """One file's kept findings: unit text -> findings, for one file key (replaced whole when
    the key changes, so it never holds more than the file's current units)."""

    def __init__(self, key: object) -> None:
        self.key = key
        self.by_unit: dict[str, list[Finding]] = {}


def in_units(
    findings: list[Finding], units: list[Unit], head: Unit, wanted: set[str]
) -> dict[str, list[Finding]]:
    """Findings bucketed by the unit their start line lies in (the head when in no
    definition), for the units in ``wanted``; the rest are dropped (kept from before)."""
    out: dict[str, list[Finding]] = {k: [] for k in wanted}
    for f in findings:
        u = unit_of(units, f.span.start.line) or head
        if u.key in out:
            out[u.key].append(f)
    return out

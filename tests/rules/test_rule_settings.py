"""noqa comments and settings (select, ignore, per-file-ignores, severity) through the engine."""

from __future__ import annotations

import os
import textwrap

import pytest
from backend_architect.config import Settings
from backend_architect.core.model import Finding, Severity
from backend_architect.core.parsing import parse_text
from backend_architect.rules.engine import Engine

ROOT = "/project"

# One BA101 (line 3) and one BA401 (line 5) finding.
SOURCE = textwrap.dedent(
    """\
    def handler(cursor, session, ids, uid):
        # the two findings these tests switch on and off
        cursor.execute(f"SELECT * FROM users WHERE id = {{uid}}"){noqa1}
        for i in ids:
            session.get(User, i){noqa2}
    """
)


def check(
    settings: Settings | None = None,
    noqa1: str = "",
    noqa2: str = "",
    path: str = f"{ROOT}/app/views.py",
) -> list[Finding]:
    text = SOURCE.format(noqa1=noqa1, noqa2=noqa2)
    return Engine(settings or Settings(), ROOT).check_parsed(parse_text(path, text))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_both_fire_by_default() -> None:
    assert codes(check()) == ["BA101", "BA401"]


@pytest.mark.parametrize(
    ("noqa1", "noqa2", "expected"),
    [
        ("  # noqa: BA101", "", ["BA401"]),
        ("  # noqa:BA101,BA401", "", ["BA401"]),  # codes of other lines do not leak
        ("  # noqa: BA401", "", ["BA101", "BA401"]),  # another code does not silence BA101
        ("  # noqa", "", ["BA401"]),  # bare noqa silences every code on its line
        ("", "  # NOQA: ba401", ["BA101"]),
        ("  # noqa", "  # noqa", []),
    ],
)
def test_noqa(noqa1: str, noqa2: str, expected: list[str]) -> None:
    assert codes(check(noqa1=noqa1, noqa2=noqa2)) == expected


def test_noqa_on_the_last_line_of_a_multi_line_finding() -> None:
    text = 'def f(c, x):\n    c.execute(\n        f"SELECT * FROM t WHERE a = {x}"\n        "")\n'
    engine = Engine(Settings(select=["BA101"]))
    assert codes(engine.check_parsed(parse_text("/p/a.py", text))) == ["BA101"]
    silenced = text.replace('"")', '"")  # noqa: BA101')
    assert engine.check_parsed(parse_text("/p/a.py", silenced)) == []


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (Settings(select=["BA4"]), ["BA401"]),
        (Settings(select=["BA101"]), ["BA101"]),
        (Settings(ignore=["BA101"]), ["BA401"]),
        (Settings(ignore=["BA1"]), ["BA401"]),
        (Settings(select=["BA1"], extend_select=["BA401"]), ["BA101", "BA401"]),
        # the longer prefix wins: select BA401 beats ignore BA4
        (Settings(select=["BA401"], ignore=["BA4"]), ["BA401"]),
        (Settings(select=["BA"], ignore=["BA4"], extend_select=["BA401"]), ["BA101", "BA401"]),
        (Settings(per_file_ignores={"app/*.py": ["BA101"]}), ["BA401"]),
        (Settings(per_file_ignores={"views.py": ["BA4"]}), ["BA101"]),
        (Settings(per_file_ignores={"tests/*": ["BA101"]}), ["BA101", "BA401"]),
    ],
)
def test_select_and_ignore(settings: Settings, expected: list[str]) -> None:
    assert codes(check(settings)) == expected


def test_per_file_ignores_relative_to_the_root() -> None:
    settings = Settings(per_file_ignores={"tests/**": ["BA"]})
    assert codes(check(settings, path=os.path.join(ROOT, "tests", "test_views.py"))) == []
    assert codes(check(settings, path=os.path.join(ROOT, "app", "views.py"))) == ["BA101", "BA401"]


def test_severity_overrides() -> None:
    default = {f.code: f.severity for f in check()}
    assert default == {"BA101": Severity.ERROR, "BA401": Severity.WARNING}
    settings = Settings(severity={"BA1": Severity.INFO, "BA401": Severity.ERROR})
    assert {f.code: f.severity for f in check(settings)} == {
        "BA101": Severity.INFO,
        "BA401": Severity.ERROR,
    }
    # the most specific prefix wins
    settings = Settings(severity={"BA": Severity.HINT, "BA401": Severity.WARNING})
    assert {f.code: f.severity for f in check(settings)} == {
        "BA101": Severity.HINT,
        "BA401": Severity.WARNING,
    }

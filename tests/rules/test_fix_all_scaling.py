"""``source.fixAll`` and the noqa actions of a file with many findings: one pass over the text,
not one per finding (600 findings took 55 s), and the same choice of fixes as before."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from backend_architect.core.model import Edit, Finding, Fix, Position, Severity, Span
from backend_architect.rules import noqa
from backend_architect.workspace import Workspace


def fixable(n: int) -> str:
    calls = "".join(f"def f{i}(url):\n    return requests.get(url)\n\n\n" for i in range(n))
    return "import requests\n\n\n" + calls


def test_code_actions_tokenize_the_text_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    path = str(tmp_path / "calls.py")
    text = fixable(60)
    ws = Workspace(str(tmp_path))
    ws.build()
    calls = []
    real = noqa.commentable_lines
    monkeypatch.setattr(noqa, "commentable_lines", lambda t: calls.append(1) or real(t))
    offered = ws.code_actions(path, text, Span(Position(0, 0), Position(10**6, 0)))
    ba111 = [a for a in offered.findings if a.finding.code == "BA111"]
    assert len(ba111) == 60 and all(a.noqa is not None for a in ba111)
    assert offered.fix_all is not None and offered.fix_all.count == 60
    assert len(calls) == 1  # before: once per finding, the text tokenized 60 times


def _naive(findings: list[Finding]) -> list[int]:
    """The rule fix_all keeps, written as the scan it was: which findings' fixes are taken."""
    claimed: list[tuple[Position, Position]] = []
    kept = []
    for n, f in enumerate(findings):
        assert f.fix is not None
        spans = [(e.span.start, e.span.end) for e in f.fix.edits]
        if any((s < ce and cs < e) or s == cs for s, e in spans for cs, ce in claimed):
            continue
        claimed += spans
        kept.append(n)
    return kept


@pytest.mark.parametrize("seed", range(20))
def test_fix_all_takes_the_same_fixes_as_the_scan(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(f"line {n} " + "x" * 30 + "\n" for n in range(40))
    findings = []
    for n in range(rng.randint(5, 80)):
        edits = []
        for _ in range(rng.choice([1, 1, 2])):
            line = rng.randrange(40)
            a = rng.randrange(0, 38)
            b = a if rng.random() < 0.3 else min(a + rng.randrange(1, 12), 38)
            span = Span(Position(line, a), Position(line, b))
            edits.append(Edit("f.py", span, f"<{n}>"))
        fix = Fix(f"fix {n}", tuple(edits))
        findings.append(Finding("BA111", "m", "f.py", edits[0].span, Severity.WARNING, fix=fix))
    kept = _naive(findings)
    fixed, count = noqa.fix_all(text, findings)
    assert count == len(kept)
    assert fixed == noqa.apply_edits(text, [e for n in kept for e in findings[n].fix.edits])

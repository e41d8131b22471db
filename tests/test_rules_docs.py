"""The rule table, docs/rules.md and the rule cards are rendered from the registry."""

from __future__ import annotations

import json

import pytest
from _support import REPO
from backend_architect.cli import main
from backend_architect.core.model import Position
from backend_architect.rules.docs import REGENERATE, code_at, render_docs, rule_card
from backend_architect.rules.registry import all_infos, info

CODES = [i.code for i in all_infos()]


def test_docs_rules_md_is_up_to_date() -> None:
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render_docs(), f"docs/rules.md is stale; regenerate it with:\n  {REGENERATE}"


def test_docs_document_every_rule_with_an_anchor() -> None:
    docs = render_docs()
    for i in all_infos():
        assert f'<a id="{i.code.lower()}"></a>' in docs  # what RuleInfo.url points at
        assert f"## {i.code} `{i.name}`" in docs
        assert i.rationale in docs


def test_rules_command_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["CODE", "NAME", "FAMILY", "SEVERITY", "FIX", "SUMMARY"]
    assert [line.split()[0] for line in out[1:]] == CODES
    ba101 = next(line for line in out if line.startswith("BA101"))
    assert "sql-string-execute" in ba101 and "security" in ba101 and " yes " in ba101


def test_rules_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == CODES
    ba101 = next(r for r in rows if r["code"] == "BA101")
    assert ba101["fixable"] is True and ba101["family"] == "security" and 89 in ba101["cwe"]
    assert set(ba101) >= {"code", "name", "family", "severity", "fixable", "summary"}


def test_rules_command_one_rule_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "ba301"]) == 0
    assert capsys.readouterr().out.startswith("**BA301** `verb-in-path`")
    assert main(["rules", "BA999"]) == 2  # usage error
    assert "no rule" in capsys.readouterr().err


def test_rule_card_has_rationale_examples_and_cwe() -> None:
    meta = info("BA101")
    assert meta is not None
    card = rule_card(meta)
    assert meta.rationale in card and meta.bad in card and meta.good in card
    assert "[CWE-89](https://cwe.mitre.org/data/definitions/89.html)" in card
    assert card.count("```python") == 2


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("x = 1  # noqa: BA401", 16, "BA401"),
        ("x = 1  # noqa: E501, ba301", 23, "BA301"),
        ("x = 1  # noqa: E501, BA301", 17, "E501"),  # any code; the caller looks it up
        ("x = 1  # noqa: BA401", 3, None),  # on the code, not the comment
        ("x = 1  # noqa", 10, None),  # bare noqa names no rule
        ("BA401 = 1", 1, None),  # a name that looks like a code, outside any noqa
    ],
)
def test_code_at(line: str, column: int, expected: str | None) -> None:
    assert code_at([line], Position(0, column)) == expected

"""Text gates (``Rule.text_markers``, ``Rule.type_markers``): a rule, or its visits of one node
type, is left out of a file that lacks its markers, and leaving it out never loses a finding."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from backend_architect.core.model import Severity
from backend_architect.core.parsing import parse_text
from backend_architect.rules.engine import Engine
from backend_architect.rules.file_context import FileContext
from backend_architect.rules.registry import Rule, rule_classes
from backend_architect.rules.rule_info import RuleInfo

REPO = Path(__file__).resolve().parents[2]
CORPUS = sorted(
    [
        *(REPO / "tests" / "rules" / "fixtures").glob("*.py"),
        *(REPO / "examples").rglob("*.py"),
        *(REPO / "tests" / "workspaces").rglob("*.py"),
    ]
)


class Counting(Rule):
    info = RuleInfo("BA197", "test-rule", "test", Severity.WARNING, "", "", "")
    node_types = (ast.Name, ast.Constant)
    type_markers = {ast.Constant: ("needle",)}

    def __init__(self) -> None:
        self.seen: list[str] = []

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        self.seen.append(type(node).__name__)


class Gated(Counting):
    info = RuleInfo("BA196", "test-rule", "test", Severity.WARNING, "", "", "")
    text_markers = ("haystack",)
    type_markers = {}


def _walk(engine: Engine, rule: Rule, source: str) -> None:
    tree = parse_text("app.py", source).tree
    assert tree is not None
    engine._walk(FileContext("app.py", source, tree), engine._dispatch_for([rule], source))


def test_type_markers_gate_one_node_type() -> None:
    engine, rule = Engine(), Counting()
    _walk(engine, rule, "x = 'hay'\n")
    assert rule.seen == ["Name"]  # no "needle": the constant is not visited
    rule.seen.clear()
    _walk(engine, rule, "x = 'needle'\n")
    assert rule.seen == ["Name", "Constant"]


def test_text_markers_gate_the_whole_rule() -> None:
    engine, rule = Engine(), Gated()
    _walk(engine, rule, "x = 1\n")
    assert rule.seen == []
    _walk(engine, rule, "haystack = 1\n")
    assert rule.seen == ["Name", "Constant"]


def test_some_rules_have_markers() -> None:
    """The property test below is only worth something while rules use the gates."""
    gated = [c for c, cls in rule_classes().items() if cls.text_markers or cls.type_markers]
    assert len(gated) >= 3, gated


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(REPO)))
def test_gates_never_lose_a_finding(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule over fixtures, examples and test apps: the same findings with and without
    the gates."""
    text = path.read_text(encoding="utf-8", errors="replace")
    gated = Engine().check_parsed(parse_text(str(path), text))
    ungated_engine = Engine()
    full = ungated_engine._dispatch_for
    monkeypatch.setattr(ungated_engine, "_dispatch_for", lambda rules, text=None: full(rules))
    ungated = ungated_engine.check_parsed(parse_text(str(path), text))
    assert gated == ungated

"""The engine's call prefilters (``Rule.call_names`` / ``call_keywords`` / ``call_qualified``):
a filtered rule sees exactly the calls that pass one of its filters, each once."""

from __future__ import annotations

import ast

from backend_architect.core.model import Severity
from backend_architect.core.parsing import parse_text
from backend_architect.rules.engine import Engine
from backend_architect.rules.file_context import FileContext
from backend_architect.rules.registry import Rule
from backend_architect.rules.rule_info import RuleInfo

SOURCE = (
    "import yaml\n"
    "from yaml import load as yl\n"
    "cur.execute(q, verify=False)\n"
    "foo(verify=1)\n"
    "bar()\n"
    "execute()\n"
    "yl(text)\n"
    "yaml.dump(x)\n"
)


def _info(code: str) -> RuleInfo:
    return RuleInfo(code, "test-rule", "test", Severity.WARNING, "", "", "")


class Seeing(Rule):
    info = _info("BA198")
    node_types = (ast.Call,)
    call_names = frozenset({"execute"})
    call_keywords = frozenset({"verify"})
    call_qualified = frozenset({"yaml.load"})

    def __init__(self) -> None:
        self.seen: list[str] = []

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        self.seen.append(ast.unparse(node))


class Failing(Rule):
    info = _info("BA199")
    node_types = (ast.Call,)
    call_names = frozenset({"execute", "bar"})

    def __init__(self) -> None:
        self.calls = 0

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        self.calls += 1
        raise ValueError("boom")


def _run(*rules: Rule) -> FileContext:
    engine = Engine()
    tree = parse_text("app.py", SOURCE).tree
    assert tree is not None
    ctx = FileContext("app.py", SOURCE, tree)
    engine._walk(ctx, engine._dispatch_for(list(rules)))
    return ctx


def test_filtered_rule_sees_only_passing_calls_once() -> None:
    rule = Seeing()
    _run(rule)
    # by name, by keyword (the call passing both is seen once), by resolved name (an alias)
    assert rule.seen == ["cur.execute(q, verify=False)", "foo(verify=1)", "execute()", "yl(text)"]


def test_failing_filtered_rule_is_switched_off_for_the_file() -> None:
    failing, seeing = Failing(), Seeing()
    ctx = _run(failing, seeing)
    assert failing.calls == 1
    assert [f.code for f in ctx.findings] == ["BA003"]
    assert len(seeing.seen) == 4  # the other rules ran


def test_a_rule_failing_on_one_file_still_checks_the_next() -> None:
    """The dispatch tables are shared by every file of a run: a failure is the file's own."""
    engine = Engine()
    failing = Failing()
    dispatch = engine._dispatch_for([failing])
    for _ in range(2):
        tree = parse_text("app.py", SOURCE).tree
        assert tree is not None
        ctx = FileContext("app.py", SOURCE, tree)
        engine._walk(ctx, dispatch)
        assert [f.code for f in ctx.findings] == ["BA003"]
    assert failing.calls == 2

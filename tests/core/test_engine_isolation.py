"""One failing rule costs only its own findings for that file."""

from __future__ import annotations

import ast
from typing import ClassVar

from backend_architect.core.model import Severity
from backend_architect.core.parsing import parse_text
from backend_architect.rules.engine import Engine
from backend_architect.rules.file_context import FileContext
from backend_architect.rules.registry import Rule
from backend_architect.rules.rule_info import RuleInfo


class Crashing(Rule):
    info = RuleInfo("BA999", "crashing", "crashes", Severity.WARNING, "", "", "")
    node_types: ClassVar[tuple[type[ast.AST], ...]] = (ast.Call,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        raise ValueError("boom")


def test_a_crashing_rule_does_not_hide_the_others() -> None:
    source = 'def f(cursor, uid):\n    cursor.execute(f"SELECT * FROM users WHERE id = {uid}")\n'
    engine = Engine()
    engine.rules.append(Crashing())
    findings = engine.check_parsed(parse_text("/x/app.py", source))
    codes = sorted(f.code for f in findings)
    assert codes == ["BA003", "BA101"]
    ba003 = next(f for f in findings if f.code == "BA003")
    assert "BA999" in ba003.message and "ValueError: boom" in ba003.message

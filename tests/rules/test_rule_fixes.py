"""Quick fixes: applied, the file still parses and the rule no longer fires there."""

from __future__ import annotations

import ast
import textwrap

import pytest
from backend_architect.config import Settings
from backend_architect.core.model import Finding
from backend_architect.core.parsing import parse_text
from backend_architect.rules.engine import Engine
from backend_architect.rules.registry import rule_classes
from rule_harness import apply_edits, findings_for, fixture_path

FIXABLE = [
    code
    for code, cls in sorted(rule_classes().items())
    if cls.info.fixable and cls.file_kind == "python"  # the others: test_container_rules.py
]


def _edits(finding: Finding) -> list:
    assert finding.fix is not None
    assert all(e.path == finding.path for e in finding.fix.edits)
    return [(e.span.start, e.span.end, e.text) for e in finding.fix.edits]


def _lines(findings: list[Finding]) -> list[tuple[str, int]]:
    return sorted((f.code, f.span.start.line) for f in findings)


@pytest.mark.parametrize("code", FIXABLE)
def test_each_fix_alone_removes_its_finding_only(code: str) -> None:
    path = fixture_path(code)
    text = path.read_text(encoding="utf-8")
    before = findings_for(path, code, with_index=True)
    fixable = [f for f in before if f.fix is not None]
    assert fixable
    for finding in fixable:
        fixed = apply_edits(text, _edits(finding))
        ast.parse(fixed)
        # edits keep the line count, so the other findings keep their lines
        assert fixed.count("\n") == text.count("\n")
        after = findings_for(path, code, with_index=True, text=fixed)
        others = [f for f in before if f is not finding]
        assert _lines(after) == _lines(others), finding.fix.title


@pytest.mark.parametrize("code", FIXABLE)
def test_all_fixes_together(code: str) -> None:
    path = fixture_path(code)
    text = path.read_text(encoding="utf-8")
    before = findings_for(path, code, with_index=False)
    edits = [e for f in before if f.fix is not None for e in _edits(f)]
    fixed = apply_edits(text, edits)
    ast.parse(fixed)
    after = findings_for(path, code, with_index=False, text=fixed)
    assert _lines(after) == _lines([f for f in before if f.fix is None])


def fix_ba101(source: str) -> str | None:
    """The source after BA101's one quick fix, or None when it offers none."""
    source = textwrap.dedent(source)
    findings = Engine(Settings(select=["BA101"])).check_parsed(parse_text("/x/app.py", source))
    assert len(findings) == 1, findings
    if findings[0].fix is None:
        return None
    fixed = apply_edits(source, _edits(findings[0]))
    ast.parse(fixed)
    assert Engine(Settings(select=["BA101"])).check_parsed(parse_text("/x/app.py", fixed)) == []
    return fixed


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # DB-API cursor: %s and a tuple; the quotes around the value go
        (
            """\
            def f(cursor, email):
                cursor.execute(f"SELECT * FROM users WHERE email = '{email}'")
            """,
            """\
            def f(cursor, email):
                cursor.execute("SELECT * FROM users WHERE email = %s", (email,))
            """,
        ),
        # several values, a constant table name kept as an f-string placeholder, % doubled
        (
            """\
            TABLE = "users"
            def f(cur, name, age):
                cur.execute(f"UPDATE {TABLE} SET name = '{name}', note = '100%' WHERE age > {age}")
            """,
            """\
            TABLE = "users"
            def f(cur, name, age):
                cur.execute(f"UPDATE {TABLE} SET name = %s, note = '100%%' WHERE age > %s", (name, age))
            """,
        ),
        # sqlite3 takes ? (qmark paramstyle)
        (
            """\
            import sqlite3
            def f(conn, uid):
                conn.execute(f'DELETE FROM t WHERE id = {uid}')
            """,
            """\
            import sqlite3
            def f(conn, uid):
                conn.execute('DELETE FROM t WHERE id = ?', (uid,))
            """,
        ),
        # SQLAlchemy text(): :name binds and a dict
        (
            """\
            from sqlalchemy import text
            def f(session, item_id, owner):
                session.execute(text(f"DELETE FROM items WHERE id = {item_id} AND owner = '{owner}'"))
            """,
            """\
            from sqlalchemy import text
            def f(session, item_id, owner):
                session.execute(text("DELETE FROM items WHERE id = :item_id AND owner = :owner"), {"item_id": item_id, "owner": owner})
            """,
        ),
        # VALUES (...) lists and a triple-quoted string over several lines
        (
            '''\
            def f(cursor, a, b):
                cursor.execute(f"""
                    INSERT INTO pairs (a, b)
                    VALUES ({a}, '{b}')
                """)
            ''',
            '''\
            def f(cursor, a, b):
                cursor.execute("""
                    INSERT INTO pairs (a, b)
                    VALUES (%s, %s)
                """, (a, b))
            ''',
        ),
    ],
)
def test_ba101_fix_output(source: str, expected: str) -> None:
    assert fix_ba101(source) == textwrap.dedent(expected)


@pytest.mark.parametrize(
    "source",
    [
        # a pattern around the value: '%{term}%' is not one parameter
        """\
        def f(cursor, term):
            cursor.execute(f"SELECT * FROM t WHERE name LIKE '%{term}%'")
        """,
        # an identifier cannot be a parameter
        """\
        def f(cursor, column):
            cursor.execute(f"SELECT * FROM t ORDER BY {column}")
        """,
        # a list is not one parameter
        """\
        def f(cursor, ids):
            cursor.execute(f"SELECT * FROM t WHERE id IN ({ids})")
        """,
        # a session needs text(), not %s
        """\
        def f(session, uid):
            session.execute(f"SELECT * FROM t WHERE id = {uid}")
        """,
        # an expression, not a plain name
        """\
        def f(cursor, user):
            cursor.execute(f"SELECT * FROM t WHERE id = {user.id}")
        """,
        # parameters already given: not the simple case
        """\
        def f(cursor, uid, name):
            cursor.execute(f"SELECT * FROM t WHERE id = {uid} AND name = %s", (name,))
        """,
        # through a variable: the fix would have to edit two places
        """\
        def f(cursor, uid):
            q = f"SELECT * FROM t WHERE id = {uid}"
            cursor.execute(q)
        """,
    ],
)
def test_ba101_no_fix_when_not_mechanical(source: str) -> None:
    assert fix_ba101(source) is None

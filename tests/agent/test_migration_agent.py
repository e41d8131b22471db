"""``backend-architect migrate --agent`` end to end: a subprocess, the real SDK, the scripted API.

The agent's data-safety notes become ``# backend-architect (agent):`` comments above the
operations they quote; the revision's code stays the static one (its syntax tree is unchanged
and Alembic still applies it); a reply quoting code that is not in the revision (a rewritten
operation) is rejected whole; without a key, or when the API fails, the static revision is
written and stderr says so."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from migrations.databases import fresh_postgres
from migrations.test_migration_cases import make_project, prove

from .fake_api import FakeAnthropic, Reply

VIEWS_UP = (
    "op.alter_column('products', 'views', existing_type=sa.Integer(), type_=sa.BigInteger(), "
    "existing_nullable=False)"
)
NAME_DOWN = "op.alter_column('products', 'name', existing_type=sa.String(length=200)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project("type_change", tmp_path, False)


def migrate(root: Path, *args: str, key: str | None, url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTHROPIC_BASE_URL=url)
    env.pop("ANTHROPIC_API_KEY", None)
    if key:
        env["ANTHROPIC_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "backend_architect", "migrate", ".", "-m", "widen", *args],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def written(root: Path) -> Path:
    (path,) = [
        p for p in (root / "migrations" / "versions").glob("*.py") if p.name != "0001_initial.py"
    ]
    return path


def functions(text: str) -> list[str]:
    tree = ast.parse(text)
    return [ast.dump(n) for n in tree.body if isinstance(n, ast.FunctionDef)]


def reply(notes: list[dict[str, Any]] | None = None, **extra: Any) -> Reply:
    data: dict[str, Any] = {
        "notes": notes
        if notes is not None
        else [
            {
                "operation": VIEWS_UP,
                "concern": "lock",
                "note": "INTEGER to BIGINT rewrites products under an ACCESS EXCLUSIVE lock: "
                "on a big table add a bigint column, backfill it in batches, then swap.",
            },
            {
                "operation": NAME_DOWN,
                "concern": "data-loss",
                "note": "Narrowing back to 50 characters fails on longer names;\n"
                "op.drop_table('products')  # a line break may not escape the comment",
            },
        ],
        "summary": "Two table rewrites; plan a two-step deploy for views.",
    }
    data.update(extra)
    return Reply(tool_input=data, tool_name="report_migration_review")


def test_notes_become_comments_at_their_operations(
    project: Path, fake_api: FakeAnthropic, tmp_path: Path
) -> None:
    static = make_project("type_change", tmp_path / "static", False)
    base = migrate(static, key=None, url=fake_api.url)
    assert base.returncode == 0, base.stderr
    fake_api.then(reply())
    out = migrate(project, "--agent", key="k", url=fake_api.url)
    assert out.returncode == 0, out.stderr
    assert "2 note(s) in the revision" in out.stderr
    text = written(project).read_text()
    lines = text.splitlines()
    at = lines.index("    " + VIEWS_UP)
    assert lines[at - 2].startswith("    # backend-architect (agent): [lock] INTEGER to BIGINT"), (
        text
    )
    assert lines[at - 1].startswith("    #   ")
    down = next(i for i, x in enumerate(lines) if x.strip().startswith(NAME_DOWN))
    assert "def downgrade" in "\n".join(lines[:down])
    assert "[data-loss] Narrowing back" in "\n".join(lines[down - 3 : down])
    assert "op.drop_table" not in "\n".join(x for x in lines if not x.lstrip().startswith("#"))
    # the code is the static revision's (upgrade and downgrade alike): only comments were added
    assert functions(text) == functions(written(static).read_text())
    # the request carried the revision and forced the tool
    body = fake_api.requests[0].body
    assert body["tool_choice"] == {"type": "tool", "name": "report_migration_review"}
    assert VIEWS_UP in json.dumps(body["messages"])
    # and Alembic applies the annotated revision (a type change in place: PostgreSQL)
    with fresh_postgres() as url:
        result = prove(project, url)
    assert result["diff"] == [], result


def test_a_reply_that_rewrites_an_operation_is_rejected(
    project: Path, fake_api: FakeAnthropic
) -> None:
    rewritten = VIEWS_UP.replace("type_=sa.BigInteger()", "type_=sa.Numeric()")
    fake_api.then(reply([{"operation": rewritten, "concern": "lock", "note": "Use Numeric."}]))
    out = migrate(project, "--agent", key="k", url=fake_api.url)
    assert out.returncode == 0, out.stderr
    assert "changed the revision's code and was rejected" in out.stderr
    assert "not in the revision as written" in out.stderr
    text = written(project).read_text()
    assert "backend-architect (agent)" not in text and "Numeric" not in text
    assert VIEWS_UP in text  # the static revision, its own notes included
    assert "# backend-architect: `products.views` changes type" in text


def test_a_reply_with_a_code_field_is_refused_by_the_schema(
    project: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(reply(upgrade="op.drop_table('products')"))
    out = migrate(project, "--agent", key="k", url=fake_api.url)
    assert out.returncode == 3, out.stderr
    assert "does not match" in out.stderr and "static revision is written" in out.stderr
    text = written(project).read_text()
    assert "backend-architect (agent)" not in text and "drop_table" not in text


@pytest.mark.parametrize("status", [500, 401])
def test_an_api_failure_leaves_the_static_revision(
    project: Path, fake_api: FakeAnthropic, status: int
) -> None:
    fake_api.then(*[Reply(status=status)] * 4)
    out = migrate(project, "--agent", key="k", url=fake_api.url)
    assert out.returncode == 3, out.stderr
    assert "the agent failed" in out.stderr and "not reviewed by the agent" in out.stderr
    text = written(project).read_text()
    assert "backend-architect (agent)" not in text and VIEWS_UP in text


def test_without_a_key_the_static_notes_stand(project: Path, fake_api: FakeAnthropic) -> None:
    out = migrate(project, "--agent", key=None, url=fake_api.url)
    assert out.returncode == 0, out.stderr
    assert "needs an Anthropic API key" in out.stderr
    assert fake_api.requests == []
    text = written(project).read_text()
    assert "backend-architect (agent)" not in text
    assert "# backend-architect: `products.views` changes type" in text

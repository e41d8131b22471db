"""The Dockerfile (BA6xx) and Compose (BA7xx) rules beyond their fixtures: the documented
examples, the quick fixes, ``noqa`` and settings, as for the Python rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from backend_architect.config import Settings
from backend_architect.core.model import Finding, Severity
from backend_architect.rules.engine import Engine
from backend_architect.rules.noqa import apply_edits as apply_core_edits
from backend_architect.rules.noqa import noqa_edit_above
from backend_architect.rules.registry import rule_classes
from rule_harness import apply_edits, findings_for, fixture_path

KINDS = {"dockerfile": "/x/Dockerfile", "compose": "/x/compose.yaml"}
CONTAINER_RULES = sorted(c for c, cls in rule_classes().items() if cls.file_kind in KINDS)
FIXABLE = [c for c in CONTAINER_RULES if rule_classes()[c].info.fixable]


def _check(code: str | None, text: str, kind: str, **settings: object) -> list[Finding]:
    engine = Engine(Settings(select=[code] if code else ["BA"], **settings))  # type: ignore[arg-type]
    return engine.check_text(KINDS[kind], text, kind)


def test_there_are_dockerfile_and_compose_rules() -> None:
    kinds = [rule_classes()[c].file_kind for c in CONTAINER_RULES]
    assert kinds.count("dockerfile") >= 20 and kinds.count("compose") >= 10
    assert {"BA602", "BA607", "BA609", "BA615"} <= set(FIXABLE)


@pytest.mark.parametrize(
    "code", [c for c in CONTAINER_RULES if not getattr(rule_classes()[c], "reads_index", False)]
)
def test_bad_example_fires_and_good_does_not(code: str) -> None:
    cls = rule_classes()[code]
    bad = _check(code, cls.info.bad, cls.file_kind)
    good = _check(code, cls.info.good, cls.file_kind)
    assert [f.code for f in bad] and {f.code for f in bad} == {code}
    assert good == []


def _edits(finding: Finding) -> list:
    assert finding.fix is not None
    return [(e.span.start, e.span.end, e.text) for e in finding.fix.edits]


def _lines(findings: list[Finding]) -> list[tuple[str, int]]:
    return sorted((f.code, f.span.start.line) for f in findings)


@pytest.mark.parametrize("code", FIXABLE)
def test_each_fix_alone_removes_its_finding_only(code: str) -> None:
    path = fixture_path(code)
    text = path.read_text(encoding="utf-8")
    before = findings_for(path, code, with_index=False)
    fixable = [f for f in before if f.fix is not None]
    assert len(fixable) >= 2
    for finding in fixable:
        fixed = apply_edits(text, _edits(finding))
        assert fixed.count("\n") == text.count("\n")
        after = findings_for(path, code, with_index=False, text=fixed)
        assert _lines(after) == _lines([f for f in before if f is not finding])
        # nothing else appeared: the fixed file is no worse for any other rule
        every = Engine(Settings()).check_text(str(path), fixed, rule_classes()[code].file_kind)
        assert not [f for f in every if f.code == "BA001"]


@pytest.mark.parametrize("code", FIXABLE)
def test_all_fixes_together(code: str) -> None:
    path = fixture_path(code)
    text = path.read_text(encoding="utf-8")
    before = findings_for(path, code, with_index=False)
    fixed = apply_edits(text, [e for f in before if f.fix is not None for e in _edits(f)])
    after = findings_for(path, code, with_index=False, text=fixed)
    assert _lines(after) == _lines([f for f in before if f.fix is None])


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("BA602", "FROM python:3.12\n", "FROM python:3.12-slim\n"),
        ("BA602", "FROM python:3.11-bookworm\n", "FROM python:3.11-slim-bookworm\n"),
        (
            "BA607",
            "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n",
        ),
        (
            "BA609",
            "FROM debian:12-slim\nRUN apt-get install -y curl\n",
            "FROM debian:12-slim\nRUN apt-get install --no-install-recommends -y curl\n",
        ),
        (
            "BA615",
            "FROM python:3.12-slim\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n",
            'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
        ),
        (
            "BA612",
            "FROM python:3.12-slim\nADD app /app\n",
            "FROM python:3.12-slim\nCOPY app /app\n",
        ),
        (
            "BA627",
            "FROM python:3.12-alpine\nRUN apk add --virtual .deps libffi\n",
            "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .deps libffi\n",
        ),
    ],
)
def test_fix_gives_exactly(code: str, before: str, after: str) -> None:
    (finding,) = _check(code, before, "dockerfile")
    assert apply_edits(before, _edits(finding)) == after


def test_no_exec_form_fix_for_a_command_needing_the_shell() -> None:
    (finding,) = _check(
        "BA615", "FROM python:3.12-slim\nCMD gunicorn -b :$PORT app:app\n", "dockerfile"
    )
    assert finding.fix is None


DOCKERFILE = "FROM python:3.12-slim\nRUN pip install flask \\\n    gunicorn\n"


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3.12-slim\n# noqa: BA607\nRUN pip install flask \\\n    gunicorn\n",
        "FROM python:3.12-slim\n# why: the cache is pruned later\n# noqa: BA607, BA609\n"
        "RUN pip install flask \\\n    gunicorn\n",
        "FROM python:3.12-slim\nRUN pip install flask \\\n    gunicorn\n",  # not suppressed
        "FROM python:3.12-slim\n# noqa\nRUN pip install flask\n",
        "FROM python:3.12-slim\n# noqa: BA601\nRUN pip install flask\n",  # another code
    ],
)
def test_noqa_in_a_dockerfile(text: str) -> None:
    found = _check("BA607", text, "dockerfile")
    suppressed = "noqa: BA607" in text or "# noqa\n" in text
    assert (found == []) is suppressed


def test_noqa_in_a_compose_file_on_the_line_or_above() -> None:
    base = "services:\n  db:\n    image: postgres{}\n"
    assert [f.code for f in _check("BA705", base.format(""), "compose")] == ["BA705"]
    assert _check("BA705", base.format("  # noqa: BA705"), "compose") == []
    above = "services:\n  db:\n    # noqa: BA705\n    image: postgres\n"
    assert _check("BA705", above, "compose") == []


@pytest.mark.parametrize("kind", ["dockerfile", "compose"])
def test_noqa_edit_silences_the_finding(kind: str) -> None:
    text = DOCKERFILE if kind == "dockerfile" else "services:\n  db:\n    image: postgres\n"
    code = "BA607" if kind == "dockerfile" else "BA705"
    (finding,) = _check(code, text, kind)
    from backend_architect.rules.container_engine import noqa_anchor

    edit = noqa_edit_above(finding, text, noqa_anchor(kind, text, finding))
    assert edit is not None
    silenced = apply_core_edits(text, [edit])
    assert _check(code, silenced, kind) == []

    # a noqa comment line already above is extended, not doubled
    other = "BA601" if kind == "dockerfile" else "BA703"
    lines = text.split("\n")
    anchor = noqa_anchor(kind, text, finding)
    indent = lines[anchor][: len(lines[anchor]) - len(lines[anchor].lstrip())]
    with_other = "\n".join([*lines[:anchor], f"{indent}# noqa: {other}", *lines[anchor:]])
    moved = _check(code, with_other, kind)[0]
    extend = noqa_edit_above(moved, with_other, noqa_anchor(kind, with_other, moved))
    assert extend is not None and extend.text == f", {code}"
    assert _check(code, apply_core_edits(with_other, [extend]), kind) == []


def test_select_ignore_and_severity_apply() -> None:
    text = "FROM python\nRUN pip install flask\n"
    every = {f.code for f in _check(None, text, "dockerfile")}
    assert {"BA601", "BA607", "BA603"} <= every
    ignored = Engine(Settings(ignore=["BA6"])).check_text("/x/Dockerfile", text, "dockerfile")
    assert ignored == []
    graded = Engine(Settings(select=["BA607"], severity={"BA607": Severity.ERROR}))
    assert [f.severity.value for f in graded.check_text("/x/Dockerfile", text, "dockerfile")] == [
        "error"
    ]


def test_a_yaml_error_is_one_clear_finding() -> None:
    found = _check(None, "services:\n  api:\n    image: [unclosed\n", "compose")
    assert [f.code for f in found] == ["BA001"]
    assert "not valid YAML" in found[0].message and found[0].span.start.line >= 2


def test_a_dockerfile_problem_is_reported_and_the_rest_checked() -> None:
    found = _check(None, "FROM python\nRUNN echo\nRUN pip install x\n", "dockerfile")
    codes = [f.code for f in found]
    assert "BA001" in codes and "BA601" in codes and "BA607" in codes


def test_rules_never_see_python_files(tmp_path: Path) -> None:
    engine = Engine(Settings())
    assert all(r.file_kind == "python" for r in engine.rules)
    assert {r.file_kind for rs in engine.kind_rules.values() for r in rs} == set(KINDS)


CONFIG = (
    "from pydantic_settings import BaseSettings\n\n\n"
    "class Settings(BaseSettings):\n    stripe_key: str\n    sentry_dsn: str\n"
)


def _ba902(root: Path, config: Path) -> list[str]:
    from backend_architect.index.project import ProjectIndex

    index = ProjectIndex(str(root))
    index.build([str(config)])
    parsed = index.parsed(str(config))
    assert parsed is not None
    found = Engine(Settings(select=["BA902"])).check_parsed(parsed, index)
    return sorted(config.read_text().splitlines()[f.span.start.line].strip() for f in found)


def test_compose_and_env_files_up_to_the_repository_root_document_settings(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    backend = repo / "backend"
    (backend / "app").mkdir(parents=True)
    (backend / "pyproject.toml").write_text("[project]\nname = 'b'\n")
    config = backend / "app" / "config.py"
    config.write_text(CONFIG)
    (repo / "compose.yaml").write_text(
        "services:\n  api:\n    build: ./backend\n    environment:\n      STRIPE_KEY: ${STRIPE_KEY}\n"
    )
    (repo / ".env").write_text("SENTRY_DSN=https://example.invalid/1\n")
    # not a repository yet: the files above the project root are not read
    assert _ba902(backend, config) == ["sentry_dsn: str", "stripe_key: str"]
    (repo / ".git").mkdir()
    assert _ba902(backend, config) == []
    (repo / ".env").unlink()
    assert _ba902(backend, config) == ["sentry_dsn: str"]


CLEAN = Path(__file__).parent / "clean"


@pytest.mark.parametrize("path", sorted(CLEAN.iterdir()), ids=lambda p: p.name)
def test_clean_real_world_files_give_nothing(path: Path) -> None:
    """Production-style files written to the practices the rules ask for (multi-stage builds,
    cache mounts, ARG-built tags, SHELL with pipefail, merge keys): no rule misfires."""
    kind = "dockerfile" if path.suffix == ".Dockerfile" else "compose"
    assert Engine(Settings()).check_text(str(path), path.read_text(), kind) == []


def test_a_container_file_named_explicitly_is_reported_once(tmp_path: Path) -> None:
    """Defect: ``check Dockerfile`` took the named file for a Python target too, and every
    finding came twice."""
    from backend_architect.check_cache.check import cached_check
    from backend_architect.workspace import Workspace

    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nRUN pip install flask\n")
    (tmp_path / "compose.yaml").write_text("services:\n  api:\n    build: .\n")
    ws = Workspace(str(tmp_path))
    paths = [str(tmp_path / "Dockerfile"), str(tmp_path / "compose.yaml")]
    found = cached_check(ws, paths, use_cache=False, jobs=1)
    keys = [(f.path, f.code, f.span) for f in found]
    assert keys, "the files have findings"
    assert len(keys) == len(set(keys))
    assert {"BA626", "BA713"} <= {f.code for f in found}

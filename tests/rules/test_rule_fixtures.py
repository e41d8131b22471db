"""Every rule against its fixture, to the exact range; and the harness against itself."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from backend_architect.config import Settings
from backend_architect.core.parsing import parse_text
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine
from backend_architect.rules.file_context import FileContext
from backend_architect.rules.registry import rule_classes
from rule_harness import (
    AnnotationError,
    Expected,
    check_fixture,
    companion_files,
    compare,
    findings_for,
    fixture_code,
    fixture_files,
    fixture_path,
    near_misses,
    needs_index,
    parse_expectations,
)

FIXTURE_FILES = fixture_files()
MIN_CASES = 3


def test_every_rule_has_a_fixture() -> None:
    missing = sorted(set(rule_classes()) - {fixture_code(p) for p in FIXTURE_FILES})
    assert not missing, f"rules without tests/rules/fixtures/<CODE>.py: {missing}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=fixture_code)
def test_fixture_with_index(path: Path) -> None:
    """As the CLI and the server run rules: through the project index."""
    code = fixture_code(path)
    files = [path, *companion_files(path)]
    texts = [p.read_text(encoding="utf-8") for p in files]
    expected = [e for text in texts for e in parse_expectations(text)]
    assert {e.code for e in expected} <= {code}, "a fixture annotates its own rule only"
    assert len(expected) >= MIN_CASES, f"{path.name}: fewer than {MIN_CASES} cases that must fire"
    assert sum(near_misses(text) for text in texts) >= MIN_CASES, (
        f"{path.name}: fewer than {MIN_CASES} '# near miss' cases"
    )
    for file in files:
        check_fixture(file, code, with_index=True)


@pytest.mark.parametrize(
    "path", [p for p in FIXTURE_FILES if not needs_index(fixture_code(p))], ids=fixture_code
)
def test_fixture_without_index(path: Path) -> None:
    """Rules that read only the tree give the same answer without an index (a lone file)."""
    for file in [path, *companion_files(path)]:
        check_fixture(file, fixture_code(path), with_index=False)


@pytest.mark.parametrize("code", sorted(rule_classes()))
def test_rule_info_is_complete(code: str) -> None:
    info = rule_classes()[code].info
    assert info.code == code and info.name and info.summary
    assert len(info.rationale) > 80 and info.bad.strip() and info.good.strip()
    assert info.url.endswith(code.lower())
    if info.fixable:
        fixture = fixture_path(code)
        fixes = [f for f in findings_for(fixture, code, with_index=True) if f.fix is not None]
        assert fixes, f"{code} says fixable but offers no fix in its fixture"


PYTHON_RULES = sorted(c for c, cls in rule_classes().items() if cls.file_kind == "python")


@pytest.mark.parametrize("code", [c for c in PYTHON_RULES if not needs_index(c)])
def test_bad_example_fires_and_good_does_not(code: str) -> None:
    info = rule_classes()[code].info
    engine = Engine(Settings(select=[code]))
    bad = engine.check_parsed(parse_text("/x/example.py", info.bad))
    good = engine.check_parsed(parse_text("/x/example.py", info.good))
    assert [f.code for f in bad] and {f.code for f in bad} == {code}
    assert good == []


# --- the harness itself -------------------------------------------------------------------


def test_carets_and_expect_lines_are_read() -> None:
    text = textwrap.dedent(
        """\
        x = call(f"a {b}")
        #        ^^^^^^^^ BA101
        y = (
            1)
        # expect: BA401 3:4-4:6
        """
    )
    assert parse_expectations(text) == [
        Expected(0, 9, 0, 17, "BA101"),
        Expected(2, 4, 3, 6, "BA401"),
    ]


def test_stacked_carets_refer_to_the_same_line() -> None:
    text = "a = f(x) + g(y)\n#   ^^^^ BA101\n#          ^^^^ BA101\n"
    assert [(e.line, e.col, e.end_col) for e in parse_expectations(text)] == [
        (0, 4, 8),
        (0, 11, 15),
    ]


@pytest.mark.parametrize(
    "text",
    ["\n#   ^^ BA101\n", "x = 1\n#     ^^^^^^^^ BA101\n", "x = 1\n# expect: BA101 2:0-1:0\n"],
)
def test_bad_annotations_are_errors(text: str) -> None:
    with pytest.raises(AnnotationError):
        parse_expectations(text)


def _ba101(text: str) -> list:
    return Engine(Settings(select=["BA101"])).check_parsed(parse_text("/x/t.py", text))


SOURCE = 'def f(cur, x):\n    cur.execute(f"SELECT * FROM t WHERE a = {x}")\n'


def _carets(start: int, length: int, code: str = "BA101") -> str:
    return "    #" + " " * (start - 5) + "^" * length + f" {code}\n"


def test_harness_accepts_the_exact_range() -> None:
    exact = SOURCE + _carets(16, 32)  # the f-string argument
    assert compare(exact, parse_expectations(exact), _ba101(exact)) == []


@pytest.mark.parametrize(
    "annotation",
    [
        _carets(17, 31),  # starts one column late
        _carets(16, 33),  # ends one column late
        _carets(16, 32, "BA401"),  # wrong code
        "",  # missing expectation: the finding is extra
        _carets(16, 32) + "# expect: BA101 1:0-1:3\n",  # an expected finding is missing
    ],
)
def test_harness_rejects_any_difference(annotation: str) -> None:
    text = SOURCE + annotation
    assert compare(text, parse_expectations(text), _ba101(text)) != []


NOT_IN_TESTS = sorted(c for c in PYTHON_RULES if rule_classes()[c].info.test_files != "always")
NEVER_IN_TESTS = sorted(c for c in PYTHON_RULES if rule_classes()[c].info.test_files == "never")


def test_rules_leave_test_files_alone_by_default() -> None:
    """Routes, API contracts, N+1 loops and fake secrets of a test suite are fixtures."""
    assert {"BA101", "BA201", "BA301", "BA309", "BA401", "BA402"} <= set(NOT_IN_TESTS)


def _codes_in(tmp_path: Path, path: Path, code: str, settings: Settings) -> list[str]:
    index = ProjectIndex(str(tmp_path))
    index.build([str(path)])
    parsed = index.parsed(str(path))
    assert parsed is not None
    return [f.code for f in Engine(settings).check_parsed(parsed, index)]


@pytest.mark.parametrize("code", NOT_IN_TESTS)
def test_rule_is_silent_in_a_test_file(code: str, tmp_path: Path) -> None:
    """The rule's own fixture, moved into a ``tests/`` folder of the project, gives nothing;
    at the project's top it gives its findings (so the silence is the test-file rule)."""
    fixture = fixture_path(code)
    if fixture.parent.name == code:  # a project folder: the files beside the code come too
        shutil.copytree(fixture.parent, tmp_path, dirs_exist_ok=True)
    text = fixture.read_text(encoding="utf-8")
    top, inside = tmp_path / f"{code}.py", tmp_path / "tests" / f"test_{code.lower()}.py"
    inside.parent.mkdir(exist_ok=True)
    top.write_text(text, encoding="utf-8")
    inside.write_text(text, encoding="utf-8")
    settings = Settings(select=[code])
    assert _codes_in(tmp_path, top, code, settings), f"{code}'s fixture fires at the top"
    assert _codes_in(tmp_path, inside, code, settings) == []


def _in_a_test_file(code: str, tmp_path: Path) -> Path:
    """The rule's own fixture (and the project files beside it) moved into ``tests/``."""
    fixture = fixture_path(code)
    if fixture.parent.name == code:
        shutil.copytree(fixture.parent, tmp_path, dirs_exist_ok=True)
    inside = tmp_path / "tests" / f"test_{code.lower()}.py"
    inside.parent.mkdir(exist_ok=True)
    inside.write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    return inside


def test_check_tests_setting_checks_test_files(tmp_path: Path) -> None:
    inside = _in_a_test_file("BA301", tmp_path)
    settings = Settings(select=["BA301"], check_tests=True)
    assert _codes_in(tmp_path, inside, "BA301", settings).count("BA301") >= 3


def test_rules_about_production_code_never_run_in_tests() -> None:
    """A test's print, create_all, fake secret or env read is how tests are written."""
    assert {"BA102", "BA405", "BA408", "BA501", "BA502", "BA503", "BA505"} <= set(NEVER_IN_TESTS)
    assert {"BA901", "BA902"} <= set(NEVER_IN_TESTS)


@pytest.mark.parametrize("code", NEVER_IN_TESTS)
def test_never_rules_stay_silent_with_check_tests(code: str, tmp_path: Path) -> None:
    inside = _in_a_test_file(code, tmp_path)
    settings = Settings(select=[code], check_tests=True)
    assert _codes_in(tmp_path, inside, code, settings) == []


@pytest.mark.parametrize(
    ("rel", "is_test"),
    [
        ("tests/test_api.py", True),
        ("app/tests.py", True),
        ("conftest.py", True),
        ("src/pkg/testutils/settings.py", True),
        ("tests_e2e/flows.py", True),
        ("test_api/helpers.py", True),
        ("orders_test.py", True),
        ("app/testimonials/views.py", False),
        ("app/contest/views.py", False),
        ("app/views.py", False),
    ],
)
def test_which_files_belong_to_a_test_suite(rel: str, is_test: bool, tmp_path: Path) -> None:
    tree = parse_text("x.py", "x = 1\n").tree
    assert tree is not None
    ctx = FileContext(str(tmp_path / rel), "x = 1\n", tree, ProjectIndex(str(tmp_path)))
    assert ctx.is_test_file is is_test

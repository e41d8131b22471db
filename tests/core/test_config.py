"""Settings: precedence, selection semantics, and clear problems for bad values."""

from __future__ import annotations

from pathlib import Path

from backend_architect.config import Settings, load
from backend_architect.core.model import Severity


def test_precedence_init_options_over_client_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.backend-architect]\nignore = ["BA3"]\napi-prefix = "/api"\ntimeout = 30\n'
    )
    settings, problems = load(
        str(tmp_path), {"apiPrefix": "/v2", "ignore": ["BA4"]}, {"ignore": ["BA1"]}
    )
    assert problems == []
    assert settings.ignore == ["BA1"]  # initializationOptions win
    assert settings.api_prefix == "/v2"  # workspace settings over pyproject
    assert settings.timeout == 30.0  # pyproject where nobody else says


def test_selection_longest_prefix_wins() -> None:
    s = Settings(select=["BA"], ignore=["BA3"], extend_select=["BA301"])
    assert s.is_enabled("BA101")
    assert not s.is_enabled("BA302")
    assert s.is_enabled("BA301")
    s = Settings(per_file_ignores={"tests/*": ["BA1"]})
    assert not s.is_enabled("BA101", "/p/tests/test_x.py", "/p")
    assert s.is_enabled("BA101", "/p/app/x.py", "/p")


def test_severity_override_by_prefix() -> None:
    s = Settings(severity={"BA3": Severity.ERROR, "BA301": Severity.HINT})
    assert s.severity_for("BA301", Severity.WARNING) == Severity.HINT
    assert s.severity_for("BA302", Severity.WARNING) == Severity.ERROR
    assert s.severity_for("BA101", Severity.WARNING) == Severity.WARNING


def test_bad_values_are_reported_and_defaults_kept(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.backend-architect\nbroken")
    settings, problems = load(
        str(tmp_path), {"select": "BA1", "per-file-ignores": {"x": ["Q1"]}}, {"timeout": "soon"}
    )
    assert any("cannot read" in p for p in problems)
    assert any("`per-file-ignores`['x']" in p and "'Q1'" in p for p in problems)
    assert any("`timeout` must be a positive number" in p for p in problems)
    assert settings.select == ["BA1"]  # a single string is accepted as a list
    assert settings.timeout == Settings().timeout


# --- hostile settings: bounded messages, bounded patterns -------------------------------------


def test_a_huge_value_is_quoted_cut_short() -> None:
    huge = "X" * 10_000_000
    for raw in ({"select": [huge]}, {"select": huge}, {"timeout": huge}, {"select": 7}):
        settings, problems = load(None, None, raw)
        assert len(problems) == 1 and len(problems[0]) < 300, problems[0][:400]
        assert settings.select == ["BA"] and settings.timeout == 120.0


def test_unknown_keys_are_one_problem_with_a_count() -> None:
    raw = {f"key{n}": n for n in range(10_000)}
    _, problems = load(None, raw, None)
    assert problems == [
        "workspace settings: 10,000 unknown settings: `key0`, `key1`, `key2`, ... and 9,997 more"
    ]
    _, problems = load(None, None, {"colour": 1, "select": ["BA1"]})
    assert problems == ["initializationOptions: `colour` is not a setting of backend-architect"]


def test_problems_per_source_are_bounded() -> None:
    raw = {"severity": {f"BA{n}": "loud" for n in range(500)}}
    _, problems = load(None, None, raw)
    assert len(problems) == 10 and problems[-1] == "initializationOptions: 491 more problem(s)"
    assert sum(len(p) for p in problems) < 2_000


def test_client_settings_that_are_not_an_object_are_reported() -> None:
    for odd, kind in (([1, 2], "list"), ("abc", "str"), (3, "int")):
        settings, problems = load(None, None, odd)
        assert problems == [f"initializationOptions: settings must be a table/object, got {kind}"]
        assert settings == Settings()
    _, problems = load(None, ["x"], None)
    assert problems == ["workspace settings: settings must be a table/object, got list"]


def test_oversized_globs_are_left_out_with_a_message() -> None:
    huge = "a*" * 5_000_000
    settings, problems = load(None, None, {"exclude": ["build", huge], "extendExclude": huge})
    assert settings.exclude == ["build"] and settings.extend_exclude == []
    assert len(problems) == 2 and all("longer than 1,000 characters" in p for p in problems)
    assert all(len(p) < 300 for p in problems)
    settings, problems = load(None, None, {"perFileIgnores": {huge: ["BA1"], "tests/*": ["BA3"]}})
    assert settings.per_file_ignores == {"tests/*": ["BA3"]} and len(problems) == 1
    settings, problems = load(None, None, {"exclude": [f"d{n}" for n in range(1_001)]})
    assert problems == [
        "initializationOptions: `exclude` has 1,001 patterns (at most 1,000); ignored"
    ]

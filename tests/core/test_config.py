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

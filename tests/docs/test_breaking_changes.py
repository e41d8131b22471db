"""BA310 against the committed OpenAPI document: FastAPI's own ``app.openapi()`` as the committed
contract (the framework is the judge of what was promised), the document the tool itself
writes, YAML at the root, broken documents, and the route card's hover naming the version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from _support import WORKSPACES, framework_dump, require_module
from backend_architect.actions.document_api.build import document_api, render
from backend_architect.config import Settings
from backend_architect.core.model import Position
from backend_architect.index.contracts.committed import find_committed, load_committed
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine
from backend_architect.workspace import Workspace

from .test_openapi_fastapi_judge import CASES, PROBE

FIXTURE = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "BA310"
V1 = WORKSPACES / "docs_contract_v1"


def ba310(root: Path, setting: str | None = None) -> list[tuple[str, int, str]]:
    index = ProjectIndex(str(root))
    index.build()
    engine = Engine(Settings(select=["BA310"], docs_openapi=setting or "docs/openapi.json"))
    out = []
    for path in sorted(index.files):
        parsed = index.parsed(path)
        if parsed is not None:
            for f in engine.check_parsed(parsed, index):
                out.append((Path(path).name, f.span.start.line, f.message))
    return out


def committed(root: Path, doc: dict[str, object], name: str = "docs/openapi.json") -> None:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc), encoding="utf-8")


def clauses(findings: list[tuple[str, int, str]]) -> set[tuple[int, str]]:
    """Each difference a finding names, without the document's name and version."""
    out = set()
    for _file, line, message in findings:
        body = message.split("): ", 1)[1] if message.startswith("Breaks") else message
        out.add((line, body.split(" of the committed contract")[0]))
    return out


@pytest.mark.parametrize("case", [*CASES, ("docs_contract_v1", "main:app", 9)], ids=lambda c: c[0])
def test_code_agrees_with_the_document_fastapi_writes_for_it(
    case: tuple[str, str, int], tmp_path: Path
) -> None:
    """No false alarm: each app against FastAPI's own document of the same code."""
    require_module("fastapi")
    workspace, app, _minimum = case
    root = tmp_path / workspace
    shutil.copytree(WORKSPACES / workspace, root)
    committed(root, framework_dump(PROBE, str(root), app))
    assert ba310(root) == []


def test_the_fixture_breaks_fastapis_document_of_version_1_as_it_breaks_ours(
    tmp_path: Path,
) -> None:
    require_module("fastapi")
    ours = ba310(FIXTURE)
    assert len(ours) == 6
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    fastapi_doc = framework_dump(PROBE, str(V1), "main:app")
    committed(root, fastapi_doc)
    theirs = ba310(root)
    assert clauses(theirs) == clauses(ours)
    assert all(f"version {fastapi_doc['info']['version']}" in m for _f, _l, m in theirs)


def test_the_fixtures_document_is_what_the_tool_writes_for_version_1() -> None:
    index = ProjectIndex(str(V1))
    index.build()
    written = json.loads(render(document_api(index), "openapi"))
    kept = json.loads((FIXTURE / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert kept["info"]["version"] == "1.4.0"
    assert {**written, "info": kept["info"]} == kept


def test_yaml_at_the_root_and_the_setting(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(FIXTURE / "BA310.py", root / "main.py")
    doc = json.loads((FIXTURE / "docs" / "openapi.json").read_text(encoding="utf-8"))
    (root / "openapi.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert len(ba310(root)) == 6  # docs/openapi.json absent: openapi.yaml at the root
    committed(root, {**doc, "info": {"title": "x", "version": "2.0.0"}}, "api/contract.json")
    found = ba310(root, "api/contract.json")
    assert len(found) == 6 and all("api/contract.json (version 2.0.0)" in m for *_, m in found)
    # a setting pointing outside the project is never read
    assert find_committed(str(root), "../elsewhere.json") is not None  # falls back to the root file
    assert find_committed(str(root), "../elsewhere.json").relative == "openapi.yaml"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    ["{not json", "[]", '{"swagger": "2.0", "paths": {}}', '{"openapi": "3.1.0"}', ""],
    ids=["broken", "a list", "swagger 2", "no paths", "empty"],
)
def test_a_document_that_promises_nothing_readable_reports_nothing(
    text: str, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    shutil.copy(FIXTURE / "BA310.py", root / "main.py")
    (root / "docs" / "openapi.json").write_text(text, encoding="utf-8")
    assert ba310(root) == []


def test_parsed_once_per_content(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    path.write_text('{"openapi": "3.1.0", "info": {"version": "1"}, "paths": {}}')
    first = load_committed(str(path), "openapi.json")
    assert first is not None and load_committed(str(path), "openapi.json") is first
    copy = tmp_path / "copy.json"
    shutil.copy(path, copy)
    assert load_committed(str(copy), "copy.json") is first  # same digest, same parse
    path.write_text('{"openapi": "3.1.0", "info": {"version": "2"}, "paths": {}}')
    second = load_committed(str(path), "openapi.json")
    assert second is not None and second.version == "2"


def test_the_route_card_says_which_version_it_breaks() -> None:
    ws = Workspace(str(FIXTURE), Settings(select=["BA310"]))
    ws.index.build()
    path = str(FIXTURE / "BA310.py")
    text = (FIXTURE / "BA310.py").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines()) if s.startswith("def read_item"))
    card = ws.hover(path, Position(line, 6), text)
    assert card is not None
    assert "BA310" in card and "docs/openapi.json (version 1.4.0)" in card
    assert "response field `price` removed" in card


def test_an_edit_to_the_document_changes_the_pull_result_id(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    ws = Workspace(str(root), Settings())
    ws.index.build()
    text = (root / "BA310.py").read_text(encoding="utf-8")
    before = ws.result_id(str(root / "BA310.py"), text)
    doc = root / "docs" / "openapi.json"
    doc.write_text(doc.read_text(encoding="utf-8").replace('"1.4.0"', '"1.5.0"'), encoding="utf-8")
    assert ws.result_id(str(root / "BA310.py"), text) != before


def test_regenerating_keeps_the_committed_title_and_version(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    index = ProjectIndex(str(root))
    index.build()
    doc = document_api(index, committed="docs/openapi.json").openapi
    assert doc["info"] == {"title": "Shop API", "version": "1.4.0"}
    (root / "docs" / "openapi.json").write_text(json.dumps(doc), encoding="utf-8")
    assert ba310(root) == []  # the regenerated document is the new promise

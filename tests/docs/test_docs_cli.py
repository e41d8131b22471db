"""``backend-architect docs`` on the three example apps: a valid OpenAPI 3.1 document with unique
operationIds, and the Markdown contracts; exit codes as the design says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _support import EXAMPLES, require_module
from backend_architect.cli import main

EXAMPLE_APPS = [("fastapi_shop", 15), ("flask_blog", 20), ("django_drf", 15)]


@pytest.mark.parametrize(("name", "minimum"), EXAMPLE_APPS, ids=[e[0] for e in EXAMPLE_APPS])
def test_docs_writes_a_valid_openapi_31_document(name: str, minimum: int, tmp_path: Path) -> None:
    validator = require_module("openapi_spec_validator")
    out = tmp_path / "openapi.json"
    assert main(["docs", str(EXAMPLES / name), "--format", "openapi", "--output", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["openapi"].startswith("3.1")
    validator.validate(doc)  # raises on an invalid document
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) >= minimum
    assert len(ids) == len(set(ids)), "operationIds must be unique"


def test_docs_markdown_for_an_example_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", str(EXAMPLES / "fastapi_shop")]) == 0
    text = capsys.readouterr().out
    section = text.split("## `POST /api/v1/items`", 1)[1].split("\n## ", 1)[0]
    for part in (
        "**Auth**: `get_current_user`",
        "**Request body** (application/json, required): `ItemCreate`",
        "**Response 201**",
        "| 422 |",
        "curl -X POST",
        "export interface ItemCreate",
    ):
        assert part in section, part


def test_docs_usage_error_for_a_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "/no/such/folder"]) == 2
    assert "no such file or folder" in capsys.readouterr().err

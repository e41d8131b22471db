"""``backend-architect docs --agent`` end to end: a subprocess, the real SDK, the scripted API.

The agent's additions are checked against the static schema: descriptions, examples, error
explanations and notes are merged; a reply that adds, removes or retypes a field (in a field
description or an example), or invents an operation or a response, is rejected whole and the
static contract is written as it is without a key."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _support import WORKSPACES
from openapi_spec_validator import validate

from .fake_api import FakeAnthropic, Reply

ITEM = {"id": 7, "name": "Desk lamp", "price": 24.5, "tags": ["light"]}


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    dest = tmp_path / "shop"
    shutil.copytree(WORKSPACES / "docs_contract_v1", dest)
    (dest / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    return dest


def docs(root: Path, *args: str, key: str | None, url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTHROPIC_BASE_URL=url)
    env.pop("ANTHROPIC_API_KEY", None)
    if key:
        env["ANTHROPIC_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "backend_architect", "docs", ".", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reply(**changes: Any) -> Reply:
    data: dict[str, Any] = {
        "operations": [
            {
                "operation": "GET /items/{item_id}",
                "description": "One item of the catalogue, by its id.",
                "errors": [{"status": "422", "explanation": "item_id is not an integer."}],
                "response_example": ITEM,
            },
            {"operation": "POST /items", "request_example": {"name": "Desk lamp", "price": 24.5}},
        ],
        "fields": [
            {
                "schema": "Item",
                "field": "price",
                "type": "number",
                "description": "Unit price, VAT included.",
            }
        ],
        "notes": [
            {
                "topic": "pagination",
                "operations": ["GET /items", "GET /owners"],
                "text": "Both lists are unbounded past `limit`: return a cursor.",
            },
            {
                "topic": "consolidation",
                "operations": ["GET /owners/{owner_id}"],
                "text": "Clients fetch an owner then each item: embed the items.",
            },
        ],
        "report": "Sixteen fields described; two notes.",
    }
    data.update(changes)
    return Reply(tool_input=data, tool_name="report_documentation")


def test_accepted_additions_are_merged_and_the_document_stays_valid(
    shop: Path, fake_api: FakeAnthropic
) -> None:
    fake_api.then(reply())
    out = docs(shop, "--agent", "--format", "openapi", key="k", url=fake_api.url)
    assert out.returncode == 0, out.stderr
    assert "5 addition(s), 2 note(s)" in out.stderr
    doc = json.loads(out.stdout)
    validate(doc)
    op = doc["paths"]["/items/{item_id}"]["get"]
    assert op["description"] == "One item of the catalogue, by its id."
    assert op["responses"]["422"]["description"] == "item_id is not an integer."
    assert op["responses"]["200"]["content"]["application/json"]["example"] == ITEM
    price = doc["components"]["schemas"]["Item"]["properties"]["price"]
    assert price["description"] == "Unit price, VAT included." and price["type"] == "number"
    # the request carried the static contract and the tool, forced
    body = fake_api.requests[0].body
    assert body["tools"][0]["name"] == "report_documentation"
    assert body["tool_choice"] == {"type": "tool", "name": "report_documentation"}
    assert "/owners/{owner_id}" in json.dumps(body["messages"])


def test_notes_go_into_the_markdown_report(shop: Path, fake_api: FakeAnthropic) -> None:
    fake_api.then(reply())
    out = docs(shop, "--agent", key="k", url=fake_api.url)
    assert out.returncode == 0, out.stderr
    notes = out.stdout.split("## Notes from the agent", 1)[1]
    assert "**pagination** (`GET /items`, `GET /owners`): Both lists are unbounded" in notes
    assert "**consolidation**" in notes and "Sixteen fields described" in notes
    assert "One item of the catalogue, by its id." in out.stdout  # the operation's section


REJECTED = [
    (
        "a field added",
        {"fields": [{"schema": "Item", "field": "colour", "description": "Its colour."}]},
        "`Item.colour` is not a field of the code (a field added)",
    ),
    (
        "a field retyped",
        {"fields": [{"schema": "Item", "field": "id", "type": "string", "description": "Id."}]},
        "`Item.id` is integer in the code, string in the reply (retyped)",
    ),
    (
        "an example that retypes",
        {
            "operations": [
                {"operation": "GET /items/{item_id}", "response_example": {**ITEM, "id": "7"}}
            ]
        },
        "`GET /items/{item_id}` response.id is string in the example, integer in the code",
    ),
    (
        "an example that removes a field",
        {"operations": [{"operation": "POST /items", "request_example": {"name": "Lamp"}}]},
        "`POST /items` request.price is required by the code and missing (a field removed)",
    ),
    (
        "an example that adds a field",
        {
            "operations": [
                {"operation": "GET /items/{item_id}", "response_example": {**ITEM, "sku": "L-1"}}
            ]
        },
        "response.sku is not in the code's schema (a field added)",
    ),
    (
        "an operation invented",
        {"operations": [{"operation": "DELETE /owners/{owner_id}", "description": "Deletes."}]},
        "`DELETE /owners/{owner_id}` is not an operation of the code",
    ),
    (
        "a response invented",
        {
            "operations": [
                {
                    "operation": "GET /items/{item_id}",
                    "errors": [{"status": "404", "explanation": "No such item."}],
                }
            ]
        },
        "answers no 404 in the code (a response added)",
    ),
]


@pytest.mark.parametrize(("case", "changes", "said"), REJECTED, ids=[r[0] for r in REJECTED])
def test_a_reply_that_changes_the_contract_is_rejected_and_the_static_one_stands(
    case: str, changes: dict[str, Any], said: str, shop: Path, fake_api: FakeAnthropic
) -> None:
    static = docs(shop, "--format", "openapi", key=None, url=fake_api.url)
    assert static.returncode == 0, static.stderr
    fake_api.then(reply(**changes))
    out = docs(shop, "--agent", "--format", "openapi", key="k", url=fake_api.url)
    assert out.returncode == 0, out.stderr
    assert "rejected; the static contract stands" in out.stderr and said in out.stderr, out.stderr
    assert out.stdout == static.stdout
    markdown = docs(shop, "--agent", key="k", url=fake_api.url)  # the cached reply, as Markdown
    assert said in markdown.stdout.split("## Notes from the agent", 1)[1]


def test_without_a_key_the_static_contract_is_written(shop: Path, fake_api: FakeAnthropic) -> None:
    out = docs(shop, "--agent", "--format", "openapi", key=None, url=fake_api.url)
    assert out.returncode == 0 and "need an Anthropic API key" in out.stderr
    assert fake_api.requests == []
    assert json.loads(out.stdout)["paths"]


def test_an_api_error_exits_3_and_writes_nothing(shop: Path, fake_api: FakeAnthropic) -> None:
    fake_api.then(Reply(status=401))
    out = docs(shop, "--agent", key="bad-key", url=fake_api.url)
    assert out.returncode == 3 and out.stdout == "" and "bad-key" not in out.stderr

"""``backendArchitect/routes`` and ``backendArchitect/routesChanged`` end to end (both client
profiles), on tests/workspaces/editor_app: FastAPI with a router and a GraphQL schema, a Flask
blueprint, a Django URL conf with a namespace."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from pytest_lsp import LanguageClient

from .helpers import change_doc, client_root, open_doc, position_of, wait_indexed, workspace_copy

ROUTES = "backendArchitect/routes"
CHANGED = "backendArchitect/routesChanged"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return workspace_copy(tmp_path, "editor_app")


root = client_root


def as_dict(result: Any) -> Any:
    """pygls hands a custom result back as attribute objects: plain JSON again."""
    if isinstance(result, list):
        return [as_dict(v) for v in result]
    if hasattr(result, "_asdict"):
        return {k: as_dict(v) for k, v in result._asdict().items()}
    if isinstance(result, dict):
        return {k: as_dict(v) for k, v in result.items()}
    return result


async def routes(client: LanguageClient, params: dict[str, Any] | None = None) -> dict[str, Any]:
    result = await client.protocol.send_request_async(ROUTES, params or {})
    return as_dict(result)  # type: ignore[no-any-return]


async def test_routes_lists_every_route_grouped_with_auth_and_findings(
    client: LanguageClient,
) -> None:
    await wait_indexed(client)
    answer = await routes(client)
    got = {r["id"]: r for r in answer["routes"]}
    assert answer["generation"] > 0
    # sorted by path, then method; one entry per route and method
    keys = [(r["path"], r["method"]) for r in answer["routes"]]
    assert keys == sorted(keys)

    item = got["GET /api/v1/items/{item_id} app.items:get_item"]
    items_py = root(client) / "app" / "items.py"
    name_at = position_of(items_py, "def get_item", 4)
    assert item["uri"] == items_py.as_uri()
    assert item["range"] == {
        "start": {"line": name_at.line, "character": 4},
        "end": {"line": name_at.line, "character": 12},
    }
    assert item["kind"] == "http" and item["framework"] == "fastapi"
    assert item["group"] == ["app.main:app", "app.items:router", "/api/v1/items"]
    assert item["auth"] == ["get_current_user"]
    assert item["findings"] >= 1  # the SQL built with an f-string (BA101), at least

    cart = got["GET /shop/cart/{cart_id} shop.app:show_cart"]
    assert cart["group"] == ["shop.app:app", "shop.app:bp", "/shop"] and cart["auth"] == []
    post = got["ANY /blog/post/{pk}/ blog.views:post_detail"]
    assert post["group"][1:] == ["blog.urls:urlpatterns", "/blog"]

    ops = {r["path"]: r for r in answer["routes"] if r["kind"] == "graphql"}
    assert ops["items"]["method"] == "QUERY" and ops["addItem"]["method"] == "MUTATION"
    assert ops["items"]["group"] == ["GraphQL", "/graphql"]


async def test_routes_of_one_document_follow_its_unsaved_text(client: LanguageClient) -> None:
    await wait_indexed(client)
    items_py = root(client) / "app" / "items.py"
    uri = open_doc(client, items_py)
    answer = await routes(client, {"textDocument": {"uri": uri}})
    assert {r["handler"] for r in answer["routes"]} == {
        "app.items:get_item",
        "app.items:create_item",
        "app.items:get_part",
    }
    change_doc(
        client, uri, items_py.read_text().replace('"/{item_id}/parts', '"/{item_id}/bits'), 2
    )
    await asyncio.sleep(0.1)
    answer = await routes(client, {"textDocument": {"uri": uri}})
    assert "/api/v1/items/{item_id}/bits/{part_id}" in {r["path"] for r in answer["routes"]}


async def test_routes_changed_sent_when_the_list_changes_only(client: LanguageClient) -> None:
    await wait_indexed(client)
    # the start-up announcement follows the progress's end: a round trip drains it (the server
    # answers in order) before the handler that counts announcements is in place
    before = await routes(client)
    seen: list[Any] = []
    client.protocol.fm.features[CHANGED] = lambda params: seen.append(params)
    items_py = root(client) / "app" / "items.py"
    uri = open_doc(client, items_py)
    text = items_py.read_text()
    # a docstring edit: the list is the same, nothing is announced
    change_doc(client, uri, text.replace('"""One item."""', '"""One item!"""'), 2)
    await asyncio.sleep(0.6)
    assert seen == []
    change_doc(client, uri, text.replace('prefix="/items"', 'prefix="/things"'), 3)

    async def announced() -> None:
        while not seen:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(announced(), 10)
    generation = seen[-1].generation if hasattr(seen[-1], "generation") else seen[-1]["generation"]
    assert generation > before["generation"]
    after = await routes(client)
    assert after["generation"] == generation
    assert "/api/v1/things/{item_id}" in {r["path"] for r in after["routes"]}

"""Completion of route paths and names, and the lens above client calls, end to end (both
client profiles: VS Code takes snippets, the Neovim 0.7 profile here does not), on
tests/workspaces/editor_app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .helpers import change_doc, client_root, open_doc, wait_indexed, workspace_copy


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return workspace_copy(tmp_path, "editor_app")


root = client_root


def snippets(client: LanguageClient) -> bool:
    return client.profile == "vscode"  # type: ignore[attr-defined]


async def complete_after(
    client: LanguageClient, line_text: str, version: int = 2
) -> tuple[list[types.CompletionItem], int]:
    """The items offered with the cursor at the end of ``line_text``, typed as a new last line
    of the test module (unsaved, the string left open as it is while typing)."""
    tests = root(client) / "tests" / "test_api.py"
    uri = open_doc(client, tests)
    text = tests.read_text() + "\n\ndef test_more() -> None:\n    " + line_text
    change_doc(client, uri, text, version)
    line = text.count("\n")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=4 + len(line_text)),
        )
    )
    assert result is None or isinstance(result, types.CompletionList)
    return (list(result.items) if result else []), line


def edit_of(item: types.CompletionItem) -> types.TextEdit:
    assert isinstance(item.text_edit, types.TextEdit)
    return item.text_edit


async def test_paths_completed_in_test_client_call_filtered_by_method(
    client: LanguageClient,
) -> None:
    await wait_indexed(client)
    items, line = await complete_after(client, 'client.get("/api/v1/')
    by_label = {i.label: i for i in items}
    assert set(by_label) == {
        "/api/v1/items/{item_id}",
        "/api/v1/items/{item_id}/parts/{part_id}",
    }  # the POST route is left out: the call sends GET
    item = by_label["/api/v1/items/{item_id}"]
    assert item.detail == "GET · app.items:get_item"
    edit = edit_of(item)
    assert edit.range == types.Range(
        start=types.Position(line=line, character=16), end=types.Position(line=line, character=24)
    )
    if snippets(client):
        assert item.insert_text_format == types.InsertTextFormat.Snippet
        assert edit.new_text == "/api/v1/items/${1:item_id}"
    else:
        assert item.insert_text_format == types.InsertTextFormat.PlainText
        assert edit.new_text == "/api/v1/items/{item_id}"

    posts, _ = await complete_after(client, 'client.post("/api/v1/it', version=3)
    assert [i.label for i in posts] == ["/api/v1/items/"]


async def test_paths_after_a_base_url_and_with_typed_values(client: LanguageClient) -> None:
    await wait_indexed(client)
    items, _ = await complete_after(client, 'requests.get(f"{BASE}/items/')
    assert {i.label for i in items} == {"/items/{item_id}", "/items/{item_id}/parts/{part_id}"}
    typed, _ = await complete_after(client, 'client.get("/api/v1/items/5/p', version=3)
    assert [i.label for i in typed] == ["/api/v1/items/{item_id}/parts/{part_id}"]
    expected = "/api/v1/items/5/parts/${1:part_id}" if snippets(client) else None
    assert edit_of(typed[0]).new_text == (expected or "/api/v1/items/5/parts/{part_id}")


async def test_route_names_completed_per_framework(client: LanguageClient) -> None:
    await wait_indexed(client)
    flask, _ = await complete_after(client, 'url_for("')
    # the app's own ``static`` endpoint too: ``url_for("static", filename=...)``
    assert {i.label for i in flask} == {"shop.show_cart", "shop.new_cart", "static"}
    cart = next(i for i in flask if i.label == "shop.show_cart")
    assert cart.detail == "GET /shop/cart/{cart_id} · show_cart"
    static = next(i for i in flask if i.label == "static")
    assert static.detail == "GET /static/{filename} · send_static_file"
    starlette, _ = await complete_after(client, 'request.url_for("', version=3)
    assert {"get_item", "make_item", "health"} <= {i.label for i in starlette}
    django, _ = await complete_after(client, 'reverse("', version=4)
    assert [i.label for i in django] == ["blog:post"]
    assert edit_of(django[0]).new_text == "blog:post"


async def test_nothing_offered_outside_a_call_string(client: LanguageClient) -> None:
    await wait_indexed(client)
    items, _ = await complete_after(client, 'x = "/api/v1/')
    assert items == []


async def test_lens_above_each_client_call_opens_the_handler(client: LanguageClient) -> None:
    await wait_indexed(client)
    tests = root(client) / "tests" / "test_api.py"
    uri = open_doc(client, tests)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    calls = [lens for lens in lenses or [] if lens.command and lens.command.title.startswith("→")]
    titles = [lens.command.title for lens in calls if lens.command]
    assert titles == [
        "→ GET /api/v1/items/{item_id} · get_item",
        "→ POST /api/v1/items/ · create_item",
    ]
    lines = tests.read_text().splitlines()
    assert calls[0].range.start == types.Position(
        line=next(n for n, t in enumerate(lines) if "client.get(" in t),
        character=lines[8].index('"/api'),
    )
    command = calls[0].command
    assert command is not None
    items_py = root(client) / "app" / "items.py"
    assert command.arguments is not None and command.arguments[0] == items_py.as_uri()

    shown: list[types.ShowDocumentParams] = []
    client.protocol.fm.features[types.WINDOW_SHOW_DOCUMENT] = lambda params: (
        shown.append(params) or types.ShowDocumentResult(success=True)
    )
    messages: list[str] = []
    client.protocol.fm.features[types.WINDOW_SHOW_MESSAGE] = lambda params: messages.append(
        params.message
    )
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    await asyncio.sleep(0.2)
    get_item_line = next(
        n for n, t in enumerate(items_py.read_text().splitlines()) if t.startswith("def get_item")
    )
    if client.profile == "vscode":  # type: ignore[attr-defined]
        assert shown and shown[0].uri == items_py.as_uri()
        assert shown[0].selection is not None
        assert shown[0].selection.start == types.Position(line=get_item_line, character=4)
    else:  # no showDocument in Neovim 0.7: the message says where the handler is
        assert any(f"items.py:{get_item_line + 1}" in m for m in messages)

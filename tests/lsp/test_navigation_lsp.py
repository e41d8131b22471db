"""Navigation end to end (both client profiles): URL strings to routes and back, route symbols,
full-path inlay hints. The workspace is tests/workspaces/nav_app (a FastAPI app and a module of
client calls)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from _support import WORKSPACES
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import capabilities, init_params, record_pushes
from .helpers import change_doc, open_doc, position_of, wait_indexed


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    dest = tmp_path / "nav_app"
    shutil.copytree(WORKSPACES / "nav_app", dest)
    return dest


def root(client: LanguageClient) -> Path:
    return client.root  # type: ignore[attr-defined]


def doc_id(path: Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=path.as_uri())


def line_of(path: Path, needle: str) -> int:
    return position_of(path, needle).line


async def hover_text(client: LanguageClient, path: Path, needle: str, offset: int) -> str | None:
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(path), position=position_of(path, needle, offset))
    )
    if hover is None:
        return None
    assert isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_hover_on_url_string_shows_the_route_it_calls(client: LanguageClient) -> None:
    await wait_indexed(client)
    calls = root(client) / "clients" / "calls.py"
    open_doc(client, calls)

    card = await hover_text(client, calls, '"/api/v1/users/1"', 5)
    assert card is not None and card.startswith("### `GET /api/v1/users/{user_id}`")
    assert "get_current_user" in card and "404 User not found" in card
    assert "DELETE" not in card  # the call's .get narrows the match

    me = await hover_text(client, calls, '"/api/v1/users/me"', 3)
    assert me is not None and "`GET /api/v1/users/me`" in me and "{user_id}" not in me

    # an f-string whose start is a setting, a query string after the path
    fstring = await hover_text(client, calls, "{settings.API_V1_STR}/users/", 30)
    assert fstring is not None and "`GET /api/v1/users/{user_id}`" in fstring

    # url + "/users/3" sent with .delete
    deleted = await hover_text(client, calls, 'url + "/users/3"', 8)
    assert deleted is not None and deleted.startswith("### `DELETE /api/v1/users/{user_id}`")
    assert "204 (declared)" in deleted

    # no route answers PUT, and "/".join is no URL
    assert await hover_text(client, calls, '"/api/v1/users/5"', 3) is None
    assert await hover_text(client, calls, '"/".join', 1) is None


async def test_definition_jumps_from_url_string_to_handler(client: LanguageClient) -> None:
    await wait_indexed(client)
    calls = root(client) / "clients" / "calls.py"
    users = root(client) / "app" / "routers" / "users.py"
    orders = root(client) / "app" / "routers" / "orders.py"
    open_doc(client, calls)

    async def define(needle: str, offset: int) -> list[types.Location]:
        got = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=doc_id(calls), position=position_of(calls, needle, offset)
            )
        )
        assert got is None or isinstance(got, list)
        return [g for g in got or [] if isinstance(g, types.Location)]

    [loc] = await define('"/api/v1/users/1"', 4)
    assert loc.uri == users.as_uri()
    name = position_of(users, "read_user")
    assert loc.range.start == name
    assert loc.range.end == types.Position(line=name.line, character=name.character + 9)

    [post] = await define('f"{BASE}/api/v1/orders"', 12)
    assert post.uri == orders.as_uri() and post.range.start == position_of(orders, "create_order")

    [item] = await define("orders/{order_id}/items/2", 20)  # a full URL with a host
    assert item.range.start == position_of(orders, "read_order_item")

    [delete] = await define('client.request("DELETE"', 30)
    assert delete.range.start == position_of(users, "delete_user")

    assert await define("def calls", 5) == []


async def test_references_on_handler_list_the_calls_of_its_url(client: LanguageClient) -> None:
    await wait_indexed(client)
    calls = root(client) / "clients" / "calls.py"
    users = root(client) / "app" / "routers" / "users.py"
    uri = open_doc(client, users)

    async def refs(needle: str, offset: int, declaration: bool = False) -> list[types.Location]:
        got = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=position_of(users, needle, offset),
                context=types.ReferenceContext(include_declaration=declaration),
            )
        )
        return list(got or [])

    read_user = await refs("def read_user", 6)
    assert {r.uri for r in read_user} == {calls.as_uri()}
    assert sorted(r.range.start.line for r in read_user) == [
        line_of(calls, '"/api/v1/users/1"'),
        line_of(calls, "{settings.API_V1_STR}/users/"),
    ]  # not "/users/me" (its own route wins), nor the DELETE calls
    first = next(r for r in read_user if r.range.start.line == line_of(calls, '"/api/v1/users/1"'))
    start = position_of(calls, '"/api/v1/users/1"')
    assert first.range == types.Range(
        start=start, end=types.Position(line=start.line, character=start.character + 17)
    )

    on_decorator = await refs('@router.delete("/{user_id}"', 3, declaration=True)
    assert on_decorator[0].uri == users.as_uri()  # the declaration first
    assert on_decorator[0].range.start == position_of(users, "delete_user")
    assert sorted(r.range.start.line for r in on_decorator[1:]) == [
        line_of(calls, 'url + "/users/3"'),
        line_of(calls, 'client.request("DELETE"'),
    ]

    assert await refs("from fastapi", 2) == []


async def test_references_follow_unsaved_edits(client: LanguageClient) -> None:
    await wait_indexed(client)
    calls = root(client) / "clients" / "calls.py"
    users = root(client) / "app" / "routers" / "users.py"
    calls_uri = open_doc(client, calls)
    text = calls.read_text() + '\n\ndef more(client):\n    client.get("/api/v1/users/me/")\n'
    change_doc(client, calls_uri, text, 2)
    await asyncio.sleep(0.4)
    got = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc_id(users),
            position=position_of(users, "def read_me", 5),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    lines = sorted(r.range.start.line for r in got or [])
    assert lines == [line_of(calls, '"/api/v1/users/me"'), len(text.splitlines()) - 1]


async def test_workspace_symbols_by_path_method_and_name(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = root(client) / "app" / "routers" / "users.py"

    async def names(query: str) -> list[types.SymbolInformation]:
        got = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
        assert got is not None
        return [s for s in got if isinstance(s, types.SymbolInformation)]

    by_path = await names("/users/{id}")
    assert {s.name for s in by_path[:2]} == {
        "GET /api/v1/users/{user_id}",
        "DELETE /api/v1/users/{user_id}",
    }
    first = next(s for s in by_path if s.name == "GET /api/v1/users/{user_id}")
    assert first.kind == types.SymbolKind.Function
    assert first.container_name == "app.routers.users:read_user"
    assert first.location.uri == users.as_uri()
    assert first.location.range.start == position_of(users, "read_user")

    assert [s.name for s in await names("POST users")] == ["POST /api/v1/users/create"]
    assert (await names("read_user"))[0].name == "GET /api/v1/users/{user_id}"
    assert (await names("createOrder"))[0].name == "POST /api/v1/orders"
    assert (await names("/api/v1/users/me"))[0].name == "GET /api/v1/users/me"
    assert len(await names("")) == 12  # an empty query lists every route, FastAPI's 4 too
    assert await names("no_such_thing_at_all") == []


async def test_document_symbols_nest_routes_under_handlers(client: LanguageClient) -> None:
    await wait_indexed(client)
    orders = root(client) / "app" / "routers" / "orders.py"
    uri = open_doc(client, orders)
    got = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert got is not None
    symbols = [s for s in got if isinstance(s, types.DocumentSymbol)]
    assert [s.name for s in symbols] == ["create_order", "read_order_item"]
    item = symbols[1]
    assert item.range.start == position_of(orders, '@router.get("/{order_id}/items/')
    assert item.selection_range.start == position_of(orders, "read_order_item")
    assert [c.name for c in item.children or []] == [
        "GET /api/v1/orders/{order_id}/items/{item_id}",
        "GET /api/v1/orders/{order_id}/lines/{item_id}",
    ]
    lines_child = (item.children or [])[1]
    assert lines_child.range.start == position_of(orders, 'router.get("/{order_id}/lines/')


async def test_inlay_hints_show_full_paths_of_fragments(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = root(client) / "app" / "routers" / "users.py"
    main = root(client) / "app" / "main.py"
    open_doc(client, users)
    n = len(users.read_text().splitlines())

    async def hints(path: Path, first: int, last: int) -> list[types.InlayHint]:
        got = await client.text_document_inlay_hint_async(
            types.InlayHintParams(
                text_document=doc_id(path),
                range=types.Range(
                    start=types.Position(line=first, character=0),
                    end=types.Position(line=last, character=0),
                ),
            )
        )
        return list(got or [])

    everything = await hints(users, 0, n)
    assert [h.label for h in everything] == [
        "→ GET /api/v1/users/me",
        "→ GET /api/v1/users/{user_id}",
        "→ DELETE /api/v1/users/{user_id}",
        "→ POST /api/v1/users/create",
    ]
    decorator = '@router.get("/{user_id}", response_model=UserOut)'
    at = position_of(users, decorator)
    assert everything[1].position == types.Position(
        line=at.line, character=at.character + len(decorator)
    )
    assert everything[1].padding_left is True

    only_one = await hints(users, at.line, at.line + 1)
    assert [h.label for h in only_one] == ["→ GET /api/v1/users/{user_id}"]

    # "/health" is written in full: no hint; an edit that adds a prefix makes one
    main_uri = open_doc(client, main)
    assert await hints(main, 0, 20) == []
    edited = main.read_text().replace('FastAPI(title="Navigation test app")', "FastAPI()")
    edited = edited.replace("@app.get", "@sub.get")
    edited = edited.replace(
        "app.include_router(users.router",
        'sub = APIRouter(prefix="/ops")\napp.include_router(users.router',
    ).replace("from fastapi import FastAPI", "from fastapi import APIRouter, FastAPI")
    edited += "\napp.include_router(sub)\n"
    change_doc(client, main_uri, edited, 2)
    await asyncio.sleep(0.4)
    [health] = await hints(main, 0, 30)
    assert health.label == "→ GET /ops/health"


# --- a client without hierarchical document symbols, with inlay hint refresh -----------------


def flat_capabilities() -> types.ClientCapabilities:
    caps = capabilities("neovim")
    assert caps.text_document is not None and caps.text_document.document_symbol is not None
    caps.text_document.document_symbol.hierarchical_document_symbol_support = False
    assert caps.workspace is not None
    caps.workspace.inlay_hint = types.InlayHintWorkspaceClientCapabilities(refresh_support=True)
    return caps


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "backend_architect", "serve"])
)
async def flat_client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    lsp_client.root = workspace  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    refreshes: list[None] = []
    lsp_client.inlay_refreshes = refreshes  # type: ignore[attr-defined]
    lsp_client.protocol.fm.features[types.WORKSPACE_INLAY_HINT_REFRESH] = lambda params: (
        refreshes.append(None)
    )
    params = init_params("neovim", workspace)
    params.capabilities = flat_capabilities()
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def test_document_symbols_flat_for_clients_without_hierarchy(
    flat_client: LanguageClient,
) -> None:
    await wait_indexed(flat_client)
    orders = root(flat_client) / "app" / "routers" / "orders.py"
    uri = open_doc(flat_client, orders)
    got = await flat_client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert got is not None
    assert all(isinstance(s, types.SymbolInformation) for s in got)
    assert [(s.name, s.container_name) for s in got] == [  # type: ignore[union-attr]
        ("POST /api/v1/orders", "create_order"),
        ("GET /api/v1/orders/{order_id}/items/{item_id}", "read_order_item"),
        ("GET /api/v1/orders/{order_id}/lines/{item_id}", "read_order_item"),
    ]


async def test_inlay_hints_refreshed_when_routes_change(flat_client: LanguageClient) -> None:
    await wait_indexed(flat_client)
    refreshes: list[None] = flat_client.inlay_refreshes  # type: ignore[attr-defined]

    async def refreshed(count: int) -> None:
        while len(refreshes) < count:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(refreshed(1), 10)  # after the start-up index: prefixes are known
    main = root(flat_client) / "app" / "main.py"
    uri = open_doc(flat_client, main)
    before = len(refreshes)
    edited = main.read_text().replace("prefix=settings.API_V1_STR", 'prefix="/v2"')
    change_doc(flat_client, uri, edited, 2)
    await asyncio.wait_for(refreshed(before + 1), 10)

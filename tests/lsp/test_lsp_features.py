"""The server end to end, over stdio, under a VS Code-like and a Neovim 0.7-like client."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from .helpers import change_doc, diagnostics, open_doc, position_of, wait_indexed


async def test_indexing_reports_progress(client: LanguageClient) -> None:
    await wait_indexed(client)
    kinds = [type(r).__name__ for reports in client.progress_reports.values() for r in reports]
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
    end = [r for reports in client.progress_reports.values() for r in reports][-1]
    assert end.message == "7 routes"  # with FastAPI's /openapi.json, /docs (+ redirect), /redoc


async def test_diagnostics_delivered_per_client_profile(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    items = await diagnostics(client, uri, version=1)
    ba301 = [d for d in items if d.code == "BA301"]
    assert len(ba301) == 1
    start = position_of(users, '"/create"', 2)
    assert ba301[0].range == types.Range(
        start=start, end=types.Position(line=start.line, character=start.character + 6)
    )
    assert ba301[0].source == "backend-architect"
    assert "POST /api/v1/users/create" in ba301[0].message
    if client.profile == "vscode":  # type: ignore[attr-defined]
        await asyncio.sleep(0.5)
        assert client.pushes == []  # type: ignore[attr-defined]  # pull clients are never pushed to


async def test_edit_updates_diagnostics_with_version(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    await diagnostics(client, uri, version=1)
    fixed = users.read_text().replace('"/create"', '""')
    change_doc(client, uri, fixed, 2)
    await asyncio.sleep(0.3)
    items = await diagnostics(client, uri, version=2)
    assert [d for d in items if d.code == "BA301"] == []


async def test_hover_on_handler_shows_route_card(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(users, "read_user", 3),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    card = hover.contents.value
    assert "`GET /api/v1/users/{user_id}`" in card
    assert "`get_current_user`" in card  # auth through the CurrentUser alias
    assert "UserOut" in card and "`email: str`" in card  # response model with its fields
    assert "404 User not found" in card
    assert "| `user_id` | path | `int` |" in card

    on_decorator = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(users, "@router.post", 3),
        )
    )
    assert on_decorator is not None and "`POST /api/v1/users/create`" in on_decorator.contents.value  # type: ignore[union-attr]
    assert "201 (declared)" in on_decorator.contents.value  # type: ignore[union-attr]
    assert "`BA301`" in on_decorator.contents.value  # type: ignore[union-attr]  # the findings section

    elsewhere = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0),
        )
    )
    assert elsewhere is None


async def test_code_lens_above_each_handler(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    titles = sorted(
        (lens.range.start.line, lens.command.title)
        for lens in lenses
        if lens.command and lens.command.title != "Review"
    )
    assert titles == [
        (position_of(users, "def read_user").line, "GET /api/v1/users/{user_id}"),
        (position_of(users, "def create_user").line, "POST /api/v1/users/create"),
    ]


async def test_syntax_error_keeps_last_good_routes(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    await diagnostics(client, uri, version=1)
    broken = users.read_text().replace(
        "    return UserOut(id=1, email=body.email)", "    return UserOut(id=1, email="
    )
    change_doc(client, uri, broken, 2)
    await asyncio.sleep(0.3)
    items = await diagnostics(client, uri, version=2)
    assert any(d.code == "BA001" for d in items)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(users, "read_user", 1),
        )
    )
    assert hover is not None and "GET /api/v1/users/{user_id}" in hover.contents.value  # type: ignore[union-attr]


async def test_prefix_change_in_another_file_relinks(client: LanguageClient) -> None:
    await wait_indexed(client)
    config = client.root / "app" / "config.py"  # type: ignore[attr-defined]
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    users_uri = open_doc(client, users)
    config_uri = open_doc(client, config)
    change_doc(client, config_uri, config.read_text().replace("/api/v1", "/api/v2"), 2)
    await asyncio.sleep(0.4)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=users_uri))
    )
    assert {lens.command.title for lens in lenses if lens.command} - {"Review"} == {
        "GET /api/v2/users/{user_id}",
        "POST /api/v2/users/create",
    }


async def test_unknown_method_answers_error_and_server_keeps_serving(
    client: LanguageClient,
) -> None:
    await wait_indexed(client)
    try:
        await client.protocol.send_request_async("backendArchitect/noSuchMethod", {})
        raise AssertionError("expected an error response")
    except Exception as exc:  # JsonRpcMethodNotFound
        assert "noSuchMethod" in str(exc) or "not found" in str(exc).lower()
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    assert await diagnostics(client, uri, version=1)


async def test_client_settings_apply_and_change(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    assert any(d.code == "BA301" for d in await diagnostics(client, uri, version=1))
    client.set_configuration({"ignore": ["BA3"]}, section="backendArchitect")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await asyncio.sleep(0.5)
    if client.profile == "neovim":  # type: ignore[attr-defined]
        # Neovim 0.7 does not answer workspace/configuration: the setting cannot reach the
        # server that way, so nothing changes
        assert any(d.code == "BA301" for d in client.diagnostics[uri])
    else:
        assert not any(d.code == "BA301" for d in await diagnostics(client, uri))


async def test_other_files_diagnostics_follow_a_prefix_change(client: LanguageClient) -> None:
    await wait_indexed(client)
    root = client.root  # type: ignore[attr-defined]
    users_uri = open_doc(client, root / "app" / "routers" / "users.py")
    config = root / "app" / "config.py"
    config_uri = open_doc(client, config)
    await diagnostics(client, users_uri, version=1)
    refreshes = client.diagnostic_refresh_count
    change_doc(client, config_uri, config.read_text().replace("/api/v1", "/api/v2"), 2)
    if client.profile == "vscode":  # type: ignore[attr-defined]
        for _ in range(100):
            if client.diagnostic_refresh_count > refreshes:
                break
            await asyncio.sleep(0.05)
        assert client.diagnostic_refresh_count > refreshes  # asked to pull again
    else:
        for _ in range(100):
            if any("/api/v2/" in d.message for d in client.diagnostics.get(users_uri, [])):
                break
            await asyncio.sleep(0.05)
    items = await diagnostics(client, users_uri)
    assert any(d.code == "BA301" and "POST /api/v2/users/create" in d.message for d in items)

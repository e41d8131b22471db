"""Code actions, rule hover and workspace diagnostics end to end, under both client profiles.

Every edit the server returns is applied to the text here (``apply_text_edits``), the result
must parse, and after sending it back the finding must be gone.
"""

from __future__ import annotations

import ast
import asyncio
import textwrap
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import LanguageClient

from .helpers import change_doc, diagnostics, open_doc, position_of, wait_indexed

SQL_FILE = textwrap.dedent(
    '''\
    """Orders, with SQL built by hand."""


    def orders_for(cursor, email: str):
        cursor.execute(f"SELECT * FROM orders WHERE email = '{email}'")
        return cursor.fetchall()


    def totals(session, users):
        out = []
        for user in users:
            out.append(session.query(User).filter_by(id=user.id).first())  # noqa: E501
        return out


    def more(session, ids):
        return [session.query(User).get(i) for i in ids]
    '''
)


def apply_text_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits (ranges in the client's units) the way an editor does."""
    lines = text.splitlines(keepends=True)
    codec = PositionCodec(types.PositionEncodingKind(encoding))
    plain = [line.rstrip("\r\n") for line in lines]

    def offset(pos: types.Position) -> int:
        if pos.line >= len(lines):
            return len(text)
        server = codec.position_from_client_units(plain, pos)
        return sum(len(line) for line in lines[: pos.line]) + min(
            server.character, len(plain[pos.line])
        )

    spans = sorted((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits)
    out, last = [], 0
    for start, end, new in spans:
        assert start >= last, "overlapping edits"
        out += [text[last:start], new]
        last = end
    return "".join(out) + text[last:]


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None, action.title
    assert action.command is None  # the edit travels in the action itself (no resolve)
    return list(action.edit.changes[uri])


async def actions_at(
    client: LanguageClient,
    uri: str,
    rng: types.Range,
    diags: list[types.Diagnostic] | None = None,
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    got = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diags or [], only=only),
        )
    )
    return [a for a in got or [] if isinstance(a, types.CodeAction)]


async def sql_document(client: LanguageClient) -> tuple[Path, str, list[types.Diagnostic]]:
    await wait_indexed(client)
    path = client.root / "app" / "orders.py"  # type: ignore[attr-defined]
    path.write_text(SQL_FILE)
    uri = open_doc(client, path)
    return path, uri, await diagnostics(client, uri, version=1)


async def resend(
    client: LanguageClient, uri: str, text: str, version: int
) -> list[types.Diagnostic]:
    ast.parse(text)
    change_doc(client, uri, text, version)
    await asyncio.sleep(0.3)  # past the debounce
    return await diagnostics(client, uri, version=version)


async def test_quick_fix_parameterises_the_query(client: LanguageClient) -> None:
    _, uri, items = await sql_document(client)
    (ba101,) = [d for d in items if d.code == "BA101"]
    assert ba101.range.start.line == 4
    actions = await actions_at(client, uri, ba101.range, [ba101])
    fixes = [a for a in actions if a.title.startswith("Fix: ")]
    assert len(fixes) == 1 and fixes[0].kind == types.CodeActionKind.QuickFix
    assert (
        fixes[0].is_preferred and fixes[0].diagnostics and fixes[0].diagnostics[0].code == "BA101"
    )
    fixed = apply_text_edits(SQL_FILE, edits_of(fixes[0], uri))
    assert "%s" in fixed or ":email" in fixed, fixed
    after = await resend(client, uri, fixed, 2)
    assert [d for d in after if d.code == "BA101"] == []
    assert [d.code for d in after if d.code == "BA401"]  # the other findings are still there


async def test_noqa_actions_silence_the_finding(client: LanguageClient) -> None:
    _, uri, items = await sql_document(client)
    ba401 = sorted((d for d in items if d.code == "BA401"), key=lambda d: d.range.start.line)
    assert [d.range.start.line for d in ba401] == [11, 16]
    text = SQL_FILE
    version = 1
    for diag in (ba401[0], ba401[1]):
        actions = await actions_at(client, uri, diag.range, [diag])
        (noqa,) = [a for a in actions if a.title == "Add `# noqa: BA401`"]
        assert noqa.kind == types.CodeActionKind.QuickFix
        text = apply_text_edits(text, edits_of(noqa, uri))
        version += 1
        after = await resend(client, uri, text, version)
        assert diag.range.start.line not in [d.range.start.line for d in after if d.code == "BA401"]
    lines = text.splitlines()
    # appended to the existing noqa comment, not a second one
    assert lines[11].endswith("# noqa: E501, BA401") and lines[11].count("#") == 1
    assert lines[16].endswith("for i in ids]  # noqa: BA401")
    assert [d for d in after if d.code == "BA401"] == []
    # nothing left to silence: no noqa action on a line that already covers the code
    again = await actions_at(client, uri, ba401[0].range)
    assert not [a for a in again if "noqa" in a.title]


async def test_noqa_on_route_finding_from_the_index(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    (ba301,) = [d for d in await diagnostics(client, uri, version=1) if d.code == "BA301"]
    actions = await actions_at(client, uri, ba301.range, [ba301])
    (noqa,) = [a for a in actions if a.title == "Add `# noqa: BA301`"]
    text = apply_text_edits(users.read_text(), edits_of(noqa, uri))
    assert '@router.post("/create", status_code=201)  # noqa: BA301' in text
    after = await resend(client, uri, text, 2)
    assert [d for d in after if d.code == "BA301"] == []


async def test_fix_all_source_action(client: LanguageClient) -> None:
    _, uri, _items = await sql_document(client)
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
    )
    actions = await actions_at(client, uri, whole, only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == ["source.fixAll.backend-architect"]
    fixed = apply_text_edits(SQL_FILE, edits_of(actions[0], uri))
    after = await resend(client, uri, fixed, 2)
    assert [d for d in after if d.code == "BA101"] == []
    # asking only for quick fixes leaves the source action out, and vice versa
    quick = await actions_at(client, uri, whole, only=[types.CodeActionKind.QuickFix])
    assert all(a.kind == types.CodeActionKind.QuickFix for a in quick)


async def test_hover_on_rule_code(client: LanguageClient) -> None:
    path, uri, _items = await sql_document(client)
    noqa_text = SQL_FILE.replace("# noqa: E501", "# noqa: E501, BA401")
    after = await resend(client, uri, noqa_text, 2)
    assert not [d for d in after if d.code == "BA401" and d.range.start.line == 11]
    path.write_text(noqa_text)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(path, "BA401", 2),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    card = hover.contents.value
    assert card.startswith("**BA401**") and "```python" in card and "Instead:" in card
    # on a squiggle: BA101's card, with its CWE link
    (ba101,) = [d for d in after if d.code == "BA101"]
    on_finding = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=ba101.range.start
        )
    )
    assert on_finding is not None and "**BA101**" in on_finding.contents.value  # type: ignore[union-attr]
    assert "https://cwe.mitre.org/data/definitions/89.html" in on_finding.contents.value  # type: ignore[union-attr]
    # on E501 (not ours) and on plain code: no rule card
    other = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(path, "E501", 1),
        )
    )
    assert other is None or "**BA" not in other.contents.value  # type: ignore[union-attr]


async def test_workspace_diagnostics(client: LanguageClient) -> None:
    await wait_indexed(client)
    # advertised in the capabilities the server builds from its registered options
    from backend_architect.lsp.server import create_server

    options = create_server().protocol.fm.feature_options[types.TEXT_DOCUMENT_DIAGNOSTIC]
    assert options.workspace_diagnostics is True
    if client.profile != "vscode":  # type: ignore[attr-defined]
        return  # push clients get per-document pushes (the other tests); nothing to pull
    report = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[])
    )
    by_uri = {item.uri: item for item in report.items}
    users = (client.root / "app" / "routers" / "users.py").as_uri()  # type: ignore[attr-defined]
    main = (client.root / "app" / "main.py").as_uri()  # type: ignore[attr-defined]
    assert users in by_uri and main in by_uri  # every Python file, open or not
    first = by_uri[users]
    assert isinstance(first, types.WorkspaceFullDocumentDiagnosticReport)
    assert [d.code for d in first.items if d.code == "BA301"] == ["BA301"]
    previous = [
        types.PreviousResultId(uri=i.uri, value=i.result_id) for i in report.items if i.result_id
    ]
    again = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=previous)
    )
    assert all(isinstance(i, types.WorkspaceUnchangedDocumentDiagnosticReport) for i in again.items)
    # a route prefix changed in another file: the findings that read it are reported anew
    config = client.root / "app" / "config.py"  # type: ignore[attr-defined]
    uri = open_doc(client, config)
    assert "/api/v1" in config.read_text()
    change_doc(client, uri, config.read_text().replace("/api/v1", "/api/v2"), 2)
    await asyncio.sleep(0.5)
    third = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=previous)
    )
    moved = {i.uri: i for i in third.items}[users]
    assert isinstance(moved, types.WorkspaceFullDocumentDiagnosticReport)
    assert any("/api/v2/users/create" in d.message for d in moved.items)

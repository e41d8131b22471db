"""One line model end to end, with pytest-lsp's real client: characters ``str.splitlines``
counts as line ends (form feed, U+2028, U+0085) do not move what the rules see, ``noqa`` or
the edits; incremental edits with such characters keep the server's text the editor's; what
the last good facts say is clamped to a file cut down."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pytest_lsp import LanguageClient

from .helpers import change_doc, diagnostics, open_doc, wait_indexed

SQL = "    cursor.execute(f\"SELECT * FROM orders WHERE email = '{email}'\")"
TEXT = "\x0c\n# a comment\u2028with a U+2028 and a \x85 in it\ndef orders(cursor, email):\n" + SQL


def _lines(text: str) -> list[str]:  # the editor's lines: only \n, \r\n, \r end one
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


async def test_form_feed_and_odd_separators_keep_lines(client: LanguageClient) -> None:
    await wait_indexed(client)
    root = client.root  # type: ignore[attr-defined]
    path = root / "app" / "orders.py"
    path.write_text(TEXT + "\n", newline="")
    uri = open_doc(client, path)
    ba101 = [d for d in await diagnostics(client, uri, version=1) if d.code == "BA101"]
    assert len(ba101) == 1
    sql_line = _lines(TEXT).index(SQL)
    assert ba101[0].range.start.line == sql_line == 3
    assert ba101[0].range.start.character == SQL.index("f")

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=ba101[0].range,
            context=types.CodeActionContext(diagnostics=ba101),
        )
    )
    (noqa,) = [a for a in actions or [] if a.title == "Add `# noqa: BA101`"]
    assert noqa.edit is not None and noqa.edit.changes is not None
    (edit,) = noqa.edit.changes[uri]
    assert edit.range.start.line == sql_line  # at the end of the SQL line, not inside a string
    assert edit.range.start.character == len(SQL)

    silenced = TEXT + "  # noqa: BA101\n"
    change_doc(client, uri, silenced, 2)
    await asyncio.sleep(0.3)
    assert not [d for d in await diagnostics(client, uri, version=2) if d.code == "BA101"]


async def test_incremental_edits_with_odd_separators(client: LanguageClient) -> None:
    await wait_indexed(client)
    path = client.root / "app" / "orders.py"  # type: ignore[attr-defined]
    path.write_text("def orders(cursor, email):\n    pass\n")
    uri = open_doc(client, path)
    edits = [  # (range, text): each inserts before the def line's function, in odd ways
        ((0, 0, 0, 0), "#\x0c\u2028\x85\n"),  # one line more, by the spec's count
        ((9, 99, 9, 99), "\r\n"),  # past the last line: appended at the end
        ((1, 99, 1, 99), "  # comment"),  # past the def line's end: before its newline
    ]
    for version, ((a, b, c, d), text) in enumerate(edits, start=2):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(types.Position(a, b), types.Position(c, d)), text=text
                    )
                ],
            )
        )
    want = "#\x0c\u2028\x85\ndef orders(cursor, email):  # comment\n    pass\n\r\n"
    # the server's text, seen through a finding it must place: BA101 on the SQL line
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=5),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(2, 0), types.Position(2, 8)), text=SQL
                )
            ],
        )
    )
    want = want.replace("    pass", SQL)
    await asyncio.sleep(0.3)
    ba101 = [d for d in await diagnostics(client, uri, version=5) if d.code == "BA101"]
    assert [d.range.start.line for d in ba101] == [_lines(want).index(SQL)] == [2]
    path.write_text(want, newline="")  # what the editor holds is what disk holds: same result
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=ba101[0].range,
            context=types.CodeActionContext(diagnostics=ba101),
        )
    )
    (noqa,) = [a for a in actions or [] if a.title == "Add `# noqa: BA101`"]
    assert noqa.edit is not None and noqa.edit.changes is not None
    assert noqa.edit.changes[uri][0].range.start == types.Position(2, len(SQL))


async def test_ranges_clamped_to_a_file_cut_down(client: LanguageClient) -> None:
    await wait_indexed(client)
    users = client.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(client, users)
    cut = 'router = APIRouter(prefix="/users",\n'  # does not parse: the last good facts stay
    change_doc(client, uri, cut, 2)
    await asyncio.sleep(0.3)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    ranges = [s.range for s in symbols or [] if hasattr(s, "range")]
    ranges += [s.location.range for s in symbols or [] if hasattr(s, "location")]
    ranges += [lens.range for lens in lenses or []]
    assert ranges  # the last good facts are still shown ...
    for r in ranges:  # ... inside the text the editor has
        for p in (r.start, r.end):
            assert (p.line, p.character) <= (1, 0), p  # the end of the text

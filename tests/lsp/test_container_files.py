"""Dockerfiles and Compose files in the editor: diagnostics, a quick fix and a noqa applied,
the rule card on hover, under both client profiles."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .helpers import change_doc, diagnostics, wait_indexed
from .test_code_actions import actions_at, apply_text_edits, edits_of

DOCKERFILE = (
    "FROM python:3.12-slim\n"
    "WORKDIR /app\n"
    "COPY requirements.txt .\n"
    "RUN pip install -r requirements.txt\n"
    "COPY . .\n"
    "USER app\n"
    'CMD ["python", "-m", "app"]\n'
)
COMPOSE = (
    "services:\n"
    "  db:\n"
    "    image: postgres:16\n"
    "    restart: unless-stopped\n"
    "    environment:\n"
    "      POSTGRES_PASSWORD: hunter2\n"
    "    volumes: [pgdata:/var/lib/postgresql/data]\n"
    "volumes:\n"
    "  pgdata:\n"
)


def _open(client: LanguageClient, path: Path, text: str, language: str) -> str:
    path.write_text(text)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id=language, version=1, text=text
            )
        )
    )
    return path.as_uri()


async def _resend(
    client: LanguageClient, uri: str, text: str, version: int
) -> list[types.Diagnostic]:
    change_doc(client, uri, text, version)
    await asyncio.sleep(0.3)  # past the debounce
    return await diagnostics(client, uri, version=version)


async def test_dockerfile_diagnostics_and_quick_fix(client: LanguageClient) -> None:
    await wait_indexed(client)
    path = client.root / "Dockerfile"  # type: ignore[attr-defined]
    uri = _open(client, path, DOCKERFILE, "dockerfile")
    items = await diagnostics(client, uri, version=1)
    codes = sorted(str(d.code) for d in items)
    assert "BA607" in codes and "BA622" in codes, codes
    (ba607,) = [d for d in items if d.code == "BA607"]
    assert (ba607.range.start.line, ba607.range.start.character) == (3, 4)
    assert (ba607.range.end.line, ba607.range.end.character) == (3, 15)
    assert ba607.code_description is not None and "ba607" in ba607.code_description.href
    actions = await actions_at(client, uri, ba607.range, [ba607])
    (fix,) = [a for a in actions if a.title.startswith("Fix: ")]
    assert fix.kind == types.CodeActionKind.QuickFix
    fixed = apply_text_edits(DOCKERFILE, edits_of(fix, uri))
    assert "RUN pip install --no-cache-dir -r requirements.txt\n" in fixed
    after = await _resend(client, uri, fixed, 2)
    assert [d for d in after if d.code == "BA607"] == []
    assert [d for d in after if d.code == "BA622"]  # the others stay
    # the rule card on the finding
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=next(d for d in after if d.code == "BA622").range.start,
        )
    )
    assert hover is not None and "**BA622**" in hover.contents.value  # type: ignore[union-attr]


async def test_compose_diagnostics_and_noqa(client: LanguageClient) -> None:
    await wait_indexed(client)
    path = client.root / "compose.yaml"  # type: ignore[attr-defined]
    uri = _open(client, path, COMPOSE, "dockercompose")
    items = await diagnostics(client, uri, version=1)
    (ba704,) = [d for d in items if d.code == "BA704"]
    assert (ba704.range.start.line, ba704.range.start.character) == (5, 25)
    assert (ba704.range.end.line, ba704.range.end.character) == (5, 32)
    actions = await actions_at(client, uri, ba704.range, [ba704])
    (noqa,) = [a for a in actions if a.title == "Add `# noqa: BA704`"]
    text = apply_text_edits(COMPOSE, edits_of(noqa, uri))
    assert "      # noqa: BA704\n      POSTGRES_PASSWORD: hunter2\n" in text
    after = await _resend(client, uri, text, 2)
    assert [d for d in after if d.code == "BA704"] == []
    # a YAML error: one diagnostic, and the server goes on answering
    broken = await _resend(client, uri, "services:\n  db: [unclosed\n", 3)
    assert [d.code for d in broken] == ["BA001"]


async def test_other_yaml_files_are_left_alone(client: LanguageClient) -> None:
    await wait_indexed(client)
    path = client.root / "config.yaml"  # type: ignore[attr-defined]
    uri = _open(client, path, "services:\n  db:\n    image: postgres\n", "yaml")
    await asyncio.sleep(0.5)
    if client.profile == "vscode":  # type: ignore[attr-defined]
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert list(report.items) == []  # type: ignore[union-attr]
    else:
        assert not client.diagnostics.get(uri)


BUILT = (
    "services:\n"
    "  api:\n"
    "    build: .\n"
    "    restart: unless-stopped\n"
    "    read_only: true\n"
    "    security_opt: [no-new-privileges:true]\n"
    "    healthcheck:\n"
    '      test: ["CMD", "curl", "-f", "http://localhost:8000/healthz"]\n'
)


async def test_compose_healthcheck_checked_against_the_apps_routes(client: LanguageClient) -> None:
    """The cross-project rules in the editor: the compose file's healthcheck path is looked up
    among the routes the index holds (the workspace app serves ``/health``)."""
    await wait_indexed(client)
    path = client.root / "compose.yaml"  # type: ignore[attr-defined]
    uri = _open(client, path, BUILT, "dockercompose")
    items = await diagnostics(client, uri, version=1)
    (ba715,) = [d for d in items if d.code == "BA715"]
    assert (ba715.range.start.line, ba715.range.start.character) == (7, 56)
    assert (ba715.range.end.line, ba715.range.end.character) == (7, 64)
    assert "`/healthz`" in ba715.message
    after = await _resend(client, uri, BUILT.replace("/healthz", "/health"), 2)
    assert [d.code for d in after if d.code == "BA715"] == []

"""Document API in the editor: "Document endpoint" (the handler's docstring, carried in the
action) and "Document API" (a command that builds the project's contracts and applies them as
one ``WorkspaceEdit``: ``CreateFile`` + the text of docs/api.md and docs/openapi.json, one undo
step), then shows the Markdown. With a key, the same two with the agent's additions:
``document_agent.py``."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.workspace import TextDocument

from ...core.model import Span
from ..language_server import BackendArchitectServer
from .api_files import apply_api_files
from .code_actions import _workspace_edit, add_provider
from .document_agent import AGENT_COMMAND, AGENT_KIND, agent_actions, document_with_agent

DOCUMENT_API_COMMAND = "backend-architect.documentApi"
ENDPOINT_KIND = "refactor.backend-architect.documentEndpoint"
API_KIND = "refactor.backend-architect.documentApi"


def document_actions(
    ls: BackendArchitectServer,
    doc: TextDocument,
    path: str,
    span: Span,
    params: types.CodeActionParams,
) -> list[types.CodeAction]:
    assert ls.ws is not None
    from ...actions.document_api.edits import docstring_edit
    from ...actions.review import find_route

    route = find_route(ls.ws, path, span.start)
    if route is None or not (route.body_span or route.span).contains(span.start):
        return []
    actions = []
    # before the start-up index is done, names resolve partly: a docstring written then
    # would carry a wrong contract (a path without its prefix, models unresolved)
    ready = ls.ws.ready.is_set()
    edit = docstring_edit(ls.ws, route, doc.source) if ready else None
    if edit is not None:
        actions.append(
            types.CodeAction(
                title=f"Document endpoint {route.label}",
                kind=ENDPOINT_KIND,
                edit=_workspace_edit(doc, [edit]),
            )
        )
    creates_files = _creates_files(ls)
    if creates_files:
        actions.append(
            types.CodeAction(
                title="Document API",
                kind=API_KIND,
                command=types.Command(
                    title="Document API", command=DOCUMENT_API_COMMAND, arguments=[doc.uri]
                ),
            )
        )
    if ready:
        actions += agent_actions(ls, doc, route, creates_files)
    return actions


def _creates_files(ls: BackendArchitectServer) -> bool:
    """The client applies ``documentChanges`` with ``CreateFile`` (VS Code; Neovim advertises
    only the resource operation, and applies both)."""
    edit = getattr(getattr(ls.client_capabilities, "workspace", None), "workspace_edit", None)
    operations = getattr(edit, "resource_operations", None) or ()
    return bool(getattr(edit, "document_changes", None)) or (
        types.ResourceOperationKind.Create in operations
    )


async def document_api_command(ls: BackendArchitectServer, uri: str) -> dict[str, Any] | None:
    if ls.ws is None:
        return None
    await ls.index_ready(timeout=60)
    return await apply_api_files(ls)


def register(server: BackendArchitectServer) -> None:
    add_provider(server, document_actions, ENDPOINT_KIND, API_KIND, AGENT_KIND)
    server.command(DOCUMENT_API_COMMAND)(document_api_command)
    server.command(AGENT_COMMAND)(document_with_agent)

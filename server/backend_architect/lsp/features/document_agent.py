"""Document API and Document endpoint with the agent: with a key configured, two more actions
(kind ``refactor.backend-architect.document``) run commands that ask the agent for descriptions,
error explanations, examples and notes, with ``$/progress``, then apply the result with
``workspace/applyEdit``: the project's documents (notes in the Markdown) or the handler's
docstring (the agent's lines close its contract block). A cancel (``$/cancelRequest`` or the
progress's cancel) applies nothing; an agent failure or a rejected reply applies the static
result and a message says so; without a key the static result."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.workspace import TextDocument

from ...core.model import Position
from ..cancellation import request_future
from ..language_server import BackendArchitectServer
from .agent_work import Cancelled, run_with_progress
from .api_files import apply_api_files
from .code_actions import _workspace_edit
from .migration_agent import agent_configured

AGENT_COMMAND = "backend-architect.documentWithAgent"
AGENT_KIND = "refactor.backend-architect.document"


def agent_actions(
    ls: BackendArchitectServer, doc: TextDocument, route: Any, creates_files: bool
) -> list[types.CodeAction]:
    """Called by the Document API feature for a handler, once its static actions are made."""
    if not agent_configured(ls):
        return []
    where = {"line": route.span.start.line, "column": route.span.start.column}
    out = [
        types.CodeAction(
            title=f"Document endpoint {route.label} (with the agent)",
            kind=AGENT_KIND,
            command=types.Command(
                title="Document endpoint",
                command=AGENT_COMMAND,
                arguments=[doc.uri, {"scope": "endpoint", **where}],
            ),
        )
    ]
    if creates_files:
        out.append(
            types.CodeAction(
                title="Document API (with the agent)",
                kind=AGENT_KIND,
                command=types.Command(
                    title="Document API",
                    command=AGENT_COMMAND,
                    arguments=[doc.uri, {"scope": "api"}],
                ),
            )
        )
    return out


async def document_with_agent(
    ls: BackendArchitectServer, uri: str, options: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    from ...actions.document_api.build import document_api
    from ...actions.review import find_route

    request = request_future(ls.protocol)  # before any await: ``msg_id`` is this request's
    found = ls.python_document(uri)
    if found is None or ls.ws is None:
        return None
    doc, path = found
    await ls.index_ready(timeout=60)
    options = options or {}
    route = None
    if options.get("scope") == "endpoint":
        at = Position(int(options.get("line", 0)), int(options.get("column", 0)))
        route = find_route(ls.ws, path, at)
        if route is None:
            ls.show_message("No route handler here to document.", types.MessageType.Warning)
            return None
    static = document_api(
        ls.ws.index, routes=[route] if route else None, committed=ls.ws.settings.docs_openapi
    )
    outcome, agent_doc = await _ask_agent(ls, request, static, route.label if route else "the API")
    if outcome == "cancelled":
        return {"cancelled": True}
    if route is None:
        doc_used = agent_doc.doc if agent_doc is not None else static
        notes = agent_doc.notes_markdown() if agent_doc is not None else ""
        return {**await apply_api_files(ls, doc_used, notes), "agent": outcome}
    return {**await _apply_docstring(ls, doc, route, agent_doc), "agent": outcome}


async def _ask_agent(
    ls: BackendArchitectServer, request: Any, static: Any, what: str
) -> tuple[str, Any]:
    """("documented" | "rejected" | "failed" | "no-key" | "cancelled", the agent's result)."""
    from ...actions.document_api.agent_docs import agent_document
    from ...agents.client import AgentConfigError, AgentError
    from ...agents.runtime import AgentRuntime

    assert ls.ws is not None
    ws = ls.ws
    runtime = AgentRuntime(ws.settings, ws.root)
    if runtime.api_key() is None:
        ls.show_message(
            "Document API: the agent's additions need an Anthropic API key; the static "
            "contract is written",
            types.MessageType.Info,
        )
        return "no-key", None
    try:
        found, token = await run_with_progress(
            ls,
            request,
            "document",
            f"Documenting {what}",
            lambda on_progress: agent_document(ws.index, static, runtime, on_progress),
            cancelled="Documentation cancelled: nothing written",
            failed="The agent failed",
        )
    except Cancelled:
        return "cancelled", None
    except (AgentError, AgentConfigError) as exc:
        ls.show_message(
            f"Document API: the agent failed ({exc}); the static contract is written",
            types.MessageType.Warning,
        )
        return "failed", None
    if found.rejected:
        ls.end_progress(token, "The agent's reply was rejected")
        ls.show_message(
            "Document API: the agent's reply changed the contract and was rejected; the static "
            "contract is written: " + "; ".join(found.rejected[:3]),
            types.MessageType.Warning,
        )
        return "rejected", None
    ls.end_progress(token, f"The agent added {found.additions} description(s) and example(s)")
    return "documented", found


async def _apply_docstring(
    ls: BackendArchitectServer, doc: TextDocument, route: Any, agent_doc: Any
) -> dict[str, Any]:
    from ...actions.document_api.edits import agent_lines, docstring_edit

    assert ls.ws is not None
    current = ls.workspace.get_text_document(doc.uri)  # the text now, after the agent's wait
    extra = agent_lines(agent_doc.operations, agent_doc.doc.contracts) if agent_doc else []
    edit = docstring_edit(ls.ws, route, current.source, extra)
    if edit is None:
        ls.show_message(
            f"{route.label}: no docstring can be written here", types.MessageType.Warning
        )
        return {"applied": False}
    answer = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(
            edit=_workspace_edit(current, [edit]), label=f"Document endpoint {route.label}"
        )
    )
    return {"applied": bool(answer.applied), "lines": len(extra)}

"""Generate migration with a key configured: the action's command writes the revision only after
the agent has reviewed it for data safety (its notes as comments in the file), with
``$/progress``; a cancel stops the review and creates nothing. An agent failure or a rejected
reply leaves the static revision, and a message says so. The revision is delivered as the
action's edit would be (``workspace/applyEdit`` with ``CreateFile``), or written by the server
for a client that cannot create files."""

from __future__ import annotations

import asyncio
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path

from ..cancellation import cancel_with, request_future
from ..language_server import BackendArchitectServer


def agent_configured(ls: BackendArchitectServer) -> bool:
    from ...agents.runtime import AgentRuntime

    assert ls.ws is not None
    return AgentRuntime(ls.ws.settings, ls.ws.root).api_key() is not None


async def reviewed_text(ls: BackendArchitectServer, plan: Any) -> tuple[str | None, str]:
    """The revision's text after the agent's review (None: cancelled) and what happened."""
    from ...actions.generate_migration.agent_review import review_revision
    from ...agents.client import AgentConfigError, AgentError
    from ...agents.runtime import AgentRuntime

    assert ls.ws is not None
    runtime = AgentRuntime(ls.ws.settings, ls.ws.root)
    token = await ls.begin_progress(
        "migration", types.WorkDoneProgressBegin(title="Reviewing the migration", cancellable=True)
    )
    work = asyncio.ensure_future(
        review_revision(
            ls.ws.index, plan, runtime, on_progress=lambda m: ls.report_progress(token, m)
        )
    )
    progress_future = ls.work_done_progress.tokens.get(token) if token is not None else None
    cancel_with(work, request_future(ls.protocol), progress_future)
    try:
        found = await work
    except asyncio.CancelledError:
        ls.end_progress(token, "Review cancelled: no revision written")
        return None, "cancelled"
    except (AgentError, AgentConfigError) as exc:
        ls.end_progress(token, "The agent failed")
        ls.show_message(
            f"Generate migration: the agent failed ({exc}); the static revision is written, "
            "not reviewed by the agent",
            types.MessageType.Warning,
        )
        return str(plan.text), "failed"
    finally:
        if token is not None:
            ls.work_done_progress.tokens.pop(token, None)
    if found.rejected:
        ls.end_progress(token, "The agent's reply was rejected")
        ls.show_message(
            "Generate migration: the agent's reply changed the revision's code and was "
            "rejected; the static revision is written: " + "; ".join(found.rejected[:3]),
            types.MessageType.Warning,
        )
        return found.text, "rejected"
    ls.end_progress(token, f"The agent added {found.placed} note(s)")
    return found.text, "reviewed"


async def deliver(ls: BackendArchitectServer, plan: Any, creates_files: bool) -> dict[str, Any]:
    """The revision created in the editor (or written here); the command's answer."""
    from ...actions.generate_migration.generate import write_plan

    if creates_files:
        answer = await ls.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(
                edit=revision_edit(plan.path, plan.text), label="Generate migration"
            )
        )
        if not answer.applied:
            reason = answer.failure_reason or "no reason given"
            ls.show_message(
                f"Generate migration: the editor did not apply the edit ({reason})",
                types.MessageType.Warning,
            )
            return {"applied": False, "path": None}
        path = plan.path
    else:
        path = write_plan(plan)
    target = from_fs_path(path) or path
    if not await ls.show_document(target):
        ls.show_message(f"Wrote {path}", types.MessageType.Info)
    return {"applied": True, "path": path, "revision": plan.revision}


def revision_edit(path: str, text: str) -> types.WorkspaceEdit:
    uri = from_fs_path(path) or path
    return types.WorkspaceEdit(
        document_changes=[
            types.CreateFile(
                uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
            ),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[
                    types.TextEdit(
                        range=types.Range(types.Position(0, 0), types.Position(0, 0)), new_text=text
                    )
                ],
            ),
        ]
    )

"""Generate migration in the editor: on a BA801 drift diagnostic, a code action whose edit creates
the revision file (``CreateFile`` + its text). A client that cannot create files gets a command
that writes it and opens it."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

from ...core.model import Span
from ..language_server import BackendArchitectServer
from .code_actions import add_provider
from .migration_agent import agent_configured, deliver, reviewed_text, revision_edit

MIGRATION_KIND = "refactor.backend-architect.migration"
MIGRATION_COMMAND = "backend-architect.generateMigration"
AUTOGENERATE_COMMAND = "backend-architect.autogenerateMigration"
DRIFT_CODE = "BA801"


def migration_actions(
    ls: BackendArchitectServer,
    doc: TextDocument,
    path: str,
    span: Span,
    params: types.CodeActionParams,
) -> list[types.CodeAction]:
    assert ls.ws is not None
    drift = [
        f
        for f in ls.ws.diagnose(path, doc.source)
        if f.code == DRIFT_CODE
        and f.span.start.line <= span.end.line
        and span.start.line <= f.span.end.line
    ]
    if not drift:
        return []
    plan = ls.ws.migration_plan(path=path)
    diagnostics = [ls.diagnostic(f, doc) for f in drift]
    if plan.problem is not None or plan.path is None or plan.text is None:
        return []
    title = "Generate migration: " + plan.text.splitlines()[0].strip('"')
    return [*_static_actions(ls, doc, plan, title, diagnostics), *_autogenerate(doc, plan)]


def _autogenerate(doc: TextDocument, plan: Any) -> list[types.CodeAction]:
    """Beside it, when the static reading marks tables unknown: Alembic's own autogenerate."""
    if plan.state is None or not plan.state.diff.skipped:
        return []
    title = "Generate migration with Alembic's autogenerate (runs the project's code)"
    return [
        types.CodeAction(
            title=title,
            kind=MIGRATION_KIND,
            command=types.Command(title=title, command=AUTOGENERATE_COMMAND, arguments=[doc.uri]),
        )
    ]


def _static_actions(
    ls: BackendArchitectServer,
    doc: TextDocument,
    plan: Any,
    title: str,
    diagnostics: list[types.Diagnostic],
) -> list[types.CodeAction]:
    if agent_configured(ls):  # the command runs the agent's review, then applies the edit
        return [
            types.CodeAction(
                title=title + " (reviewed by the agent)",
                kind=MIGRATION_KIND,
                diagnostics=diagnostics,
                command=types.Command(
                    title=title, command=MIGRATION_COMMAND, arguments=[doc.uri, {"agent": True}]
                ),
            )
        ]
    if _creates_files(ls):
        return [
            types.CodeAction(
                title=title,
                kind=MIGRATION_KIND,
                diagnostics=diagnostics,
                edit=revision_edit(plan.path, plan.text),
            )
        ]
    return [
        types.CodeAction(
            title=title,
            kind=MIGRATION_KIND,
            diagnostics=diagnostics,
            command=types.Command(title=title, command=MIGRATION_COMMAND, arguments=[doc.uri]),
        )
    ]


def _creates_files(ls: BackendArchitectServer) -> bool:
    if not (
        ls.client_supports("workspace", "workspace_edit", "document_changes")
        and ls.client_supports("workspace", "workspace_edit", "resource_operations")
    ):
        return False
    ops = ls.client_capabilities.workspace.workspace_edit.resource_operations  # type: ignore[union-attr]
    return types.ResourceOperationKind.Create in (ops or [])


async def generate_command(
    ls: BackendArchitectServer, uri: str, *rest: dict[str, Any]
) -> dict[str, Any] | None:
    """Write the revision for the models of ``uri``'s project and open it (with
    ``{"agent": true}``, after the agent's review: ``migration_agent.py``)."""
    from ...actions.generate_migration.generate import write_plan

    found = ls.python_document(uri)
    if found is None or ls.ws is None:
        return None
    await ls.index_ready(timeout=60)
    plan = ls.ws.migration_plan(path=found[1])
    if plan.problem is not None:
        ls.show_message(f"Generate migration: {plan.problem}", types.MessageType.Warning)
        return {"error": plan.problem}
    if plan.path is None:
        ls.show_message("The models match the migrations at head.", types.MessageType.Info)
        return {"path": None}
    options = rest[0] if rest and isinstance(rest[0], dict) else {}
    if options.get("agent") and agent_configured(ls):
        text, outcome = await reviewed_text(ls, plan)
        if text is None:
            return {"cancelled": True, "path": None}
        plan.text = text
        return {**await deliver(ls, plan, _creates_files(ls)), "agent": outcome}
    path = write_plan(plan)
    target = from_fs_path(path) or path
    if not await ls.show_document(target):
        ls.show_message(f"Wrote {path}", types.MessageType.Info)
    return {"path": path, "revision": plan.revision}


async def autogenerate_command(ls: BackendArchitectServer, uri: str) -> dict[str, Any] | None:
    """Alembic's own autogenerate, in a subprocess with a timeout (``actions/.../autogenerate``)."""
    import asyncio

    from ...actions.generate_migration.autogenerate import autogenerate

    if ls.ws is None:
        return None
    settings = ls.ws.settings
    done = await asyncio.to_thread(
        autogenerate, ls.ws.root, "autogenerate", settings.python, settings.timeout
    )
    if done.problem is not None:
        ls.show_message(f"Generate migration: {done.said}; {done.problem}", types.MessageType.Error)
        return {"error": done.problem, "said": done.said}
    ls.show_message(
        f"Generate migration: {done.said}; wrote {', '.join(done.paths)}", types.MessageType.Info
    )
    for path in done.paths[:1]:
        await ls.show_document(from_fs_path(path) or path)
    return {"paths": done.paths, "said": done.said}


def register(server: BackendArchitectServer) -> None:
    add_provider(server, migration_actions, MIGRATION_KIND)
    server.command(MIGRATION_COMMAND)(generate_command)
    server.command(AUTOGENERATE_COMMAND)(autogenerate_command)

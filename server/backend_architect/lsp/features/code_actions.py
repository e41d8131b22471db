"""Code actions: the one ``textDocument/codeAction`` handler (pygls takes one per method).

For every finding in the requested range: "Fix: <title>" when it has a fix, and "Add
``# noqa: CODE``"; for the file, ``source.fixAll.backend-architect`` applying every checklist
fix. Each action carries its edit directly, so clients without ``codeAction/resolve`` (Helix)
work. Other features add their actions (the review's ``refactor.*`` ones) through
:func:`add_provider`. What is offered comes from one core call (``Workspace.code_actions``);
this module only converts it.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import TextDocument

from ...core.model import Edit, Span
from ..convert import from_position, to_range
from ..language_server import BackendArchitectServer, CodeActionProvider

FIX_ALL_KIND = "source.fixAll.backend-architect"
QUICK_FIX, SOURCE_FIX_ALL = types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll


def add_provider(server: BackendArchitectServer, provider: CodeActionProvider, *kinds: str) -> None:
    """Have ``provider`` add actions (of ``kinds``, advertised in the capabilities) to every
    code action request; called by other features' ``register`` before the client initializes."""
    server.code_action_providers.append(provider)
    server.code_action_kinds.extend(k for k in kinds if k not in server.code_action_kinds)


def code_actions(
    ls: BackendArchitectServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    found = ls.checked_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return []
    doc, path = found
    span = Span(
        from_position(params.range.start, doc.lines, doc.position_codec),
        from_position(params.range.end, doc.lines, doc.position_codec),
    )
    offered = ls.ws.code_actions(path, doc.source, span)
    actions: list[types.CodeAction] = []
    for item in offered.findings:
        diagnostic = ls.diagnostic(item.finding, doc)
        fix = item.finding.fix
        if fix is not None:
            actions.append(
                types.CodeAction(
                    title=f"Fix: {fix.title}",
                    kind=QUICK_FIX,
                    diagnostics=[diagnostic],
                    edit=_workspace_edit(doc, fix.edits),
                    is_preferred=True,
                )
            )
        if item.noqa is not None:
            actions.append(
                types.CodeAction(
                    title=f"Add `# noqa: {item.finding.code}`",
                    kind=QUICK_FIX,
                    diagnostics=[diagnostic],
                    edit=_workspace_edit(doc, [item.noqa]),
                )
            )
    if offered.fix_all is not None:
        actions.append(
            types.CodeAction(
                title=f"Fix all backend-architect findings ({offered.fix_all.count})",
                kind=FIX_ALL_KIND,
                edit=_workspace_edit(doc, [offered.fix_all.edit]),
            )
        )
    for provider in ls.code_action_providers:
        actions += provider(ls, doc, path, span, params)
    only = params.context.only
    if only:  # kinds are hierarchical: "source" asks for "source.fixAll.backend-architect" too
        actions = [
            a
            for a in actions
            if any(a.kind == k or (a.kind or "").startswith(k + ".") for k in only)
        ]
    return actions


def _workspace_edit(doc: TextDocument, edits: tuple[Edit, ...] | list[Edit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        changes={
            doc.uri: [
                types.TextEdit(
                    range=to_range(e.span, doc.lines, doc.position_codec), new_text=e.text
                )
                for e in edits
            ]
        }
    )


def register(server: BackendArchitectServer) -> None:
    # the same list object: kinds added by later providers reach the advertised options
    server.code_action_kinds.extend([QUICK_FIX, SOURCE_FIX_ALL, FIX_ALL_KIND])
    options = types.CodeActionOptions(
        code_action_kinds=server.code_action_kinds, resolve_provider=False
    )
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)

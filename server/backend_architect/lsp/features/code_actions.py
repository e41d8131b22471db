"""Code actions: the one ``textDocument/codeAction`` handler (pygls takes one per method).

For every finding in the requested range: "Fix: <title>" when it has a fix, and "Add
``# noqa: CODE``"; for the file, ``source.fixAll.backend-architect`` applying every checklist
fix. Each action carries its edit directly, so clients without ``codeAction/resolve`` (Helix)
work. Other features add their actions (the review's ``refactor.*`` ones) through
:func:`add_provider`. The edits themselves come from the core (``rules/noqa.py``);
this module only converts them.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import TextDocument

from ...core.model import Edit, Finding, Span
from ...rules.noqa import changed_region, fix_all, noqa_edit
from ...rules.registry import info as rule_info
from ..convert import from_position, to_diagnostic, to_range
from ..language_server import BackendArchitectServer, CodeActionProvider

CHECKLIST_SOURCE = "backend-architect"
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
    found = ls.python_document(params.text_document.uri)
    if found is None or ls.ws is None:
        return []
    doc, path = found
    span = Span(
        from_position(params.range.start, doc.lines, doc.position_codec),
        from_position(params.range.end, doc.lines, doc.position_codec),
    )
    findings = ls.ws.diagnose(path, doc.source)
    actions: list[types.CodeAction] = []
    for finding in findings:
        if finding.span.end < span.start or span.end < finding.span.start:
            continue
        diagnostic = to_diagnostic(finding, doc.lines, doc.position_codec)
        if finding.fix is not None:
            actions.append(
                types.CodeAction(
                    title=f"Fix: {finding.fix.title}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=_workspace_edit(doc, finding.fix.edits),
                    is_preferred=True,
                )
            )
        noqa = _noqa_action(finding, doc, diagnostic)
        if noqa is not None:
            actions.append(noqa)
    fix_all_action = _fix_all_action(findings, doc)
    if fix_all_action is not None:
        actions.append(fix_all_action)
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


def _noqa_action(
    finding: Finding, doc: TextDocument, diagnostic: types.Diagnostic
) -> types.CodeAction | None:
    # only the checklist's own findings: the engine applies noqa to them, not to agent findings
    if finding.source != CHECKLIST_SOURCE or rule_info(finding.code) is None:
        return None
    edit = noqa_edit(finding, doc.source)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"Add `# noqa: {finding.code}`",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=_workspace_edit(doc, [edit]),
    )


def _fix_all_action(findings: list[Finding], doc: TextDocument) -> types.CodeAction | None:
    fixable = [f for f in findings if f.fix is not None and f.source == CHECKLIST_SOURCE]
    if not fixable:
        return None
    text, count = fix_all(doc.source, fixable)
    region = changed_region(doc.source, text)
    if region is None:
        return None
    span, new_text = region
    return types.CodeAction(
        title=f"Fix all backend-architect findings ({count})",
        kind=FIX_ALL_KIND,
        edit=_workspace_edit(doc, [Edit(doc.path, span, new_text)]),
    )


def register(server: BackendArchitectServer) -> None:
    # the same list object: kinds added by later providers reach the advertised options
    server.code_action_kinds.extend([QUICK_FIX, SOURCE_FIX_ALL, FIX_ALL_KIND])
    options = types.CodeActionOptions(
        code_action_kinds=server.code_action_kinds, resolve_provider=False
    )
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)

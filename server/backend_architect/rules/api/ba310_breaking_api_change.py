"""BA310 breaking-api-change: a handler whose code breaks the committed OpenAPI document's promise."""

from __future__ import annotations

from ...core.model import Severity
from ...index.contracts.drift import file_breaks
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo


@register
class BreakingApiChange(Rule):
    info = RuleInfo(
        code="BA310",
        name="breaking-api-change",
        summary="The handler no longer honours the committed OpenAPI document: clients break.",
        severity=Severity.WARNING,
        rationale=(
            "The OpenAPI document a project commits (docs/openapi.json, the `docs-openapi` "
            "setting, or openapi.json/openapi.yaml at the root) is what front ends and "
            "generated clients were built against. A field or parameter removed or renamed, a "
            "type changed, a parameter or field made required, a success status changed or an "
            "operation removed breaks them at run time, not at review time. Additions (a new "
            "optional parameter, a new response field, a new operation) are compatible and not "
            "reported. Keep the old shape (a deprecated alias, a new version of the path) or "
            "ship the change as a new major version of the contract, then regenerate the "
            "document with 'Document API'."
        ),
        bad=(
            "# docs/openapi.json (version 1.0.0): GET /items/{item_id} answers {id, name, price}\n"
            "@app.get('/items/{item_id}')\ndef read_item(item_id: int) -> ItemWithoutPrice: ..."
        ),
        good="@app.get('/items/{item_id}')\ndef read_item(item_id: int) -> Item:  # as committed\n    ...",
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        setting = ctx.settings.docs_openapi if ctx.settings is not None else None
        for found in file_breaks(ctx.index, ctx.path, setting):
            ctx.report(found.span, found.message)

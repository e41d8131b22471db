"""BA309 handler-without-docstring: a route handler without a docstring."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...index.facts import name_span
from ..file_context import FileContext
from ..nodes import of_type
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode
from ..support.handlers import handlers


@register
class NoDocstring(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA309",
        name="handler-without-docstring",
        summary="Route handler without a docstring.",
        severity=Severity.INFO,
        rationale=(
            "FastAPI and DRF turn a handler's docstring into the operation's description in "
            "the OpenAPI document and the browsable API; Flask's generators (flask-smorest, "
            "apispec) read it too. Without one, the published documentation shows a bare path, "
            "and the reader of the code has to infer the contract from the body. Left alone: "
            "a handler whose decorator writes the description (`summary=`/`description=` on "
            "the route, drf-spectacular's `extend_schema`), and a method of a documented view "
            "class (DRF and drf-spectacular fall back to the class docstring)."
        ),
        bad='@router.get("/orders/{order_id}")\ndef read_order(order_id: int) -> OrderOut:\n'
        "    ...",
        good='@router.get("/orders/{order_id}")\ndef read_order(order_id: int) -> OrderOut:\n'
        '    """One of the caller\'s orders, with its lines; 404 for another customer\'s."""\n'
        "    ...",
    )

    def check_file(self, ctx: FileContext) -> None:
        documented_classes = {
            id(item)
            for cls in of_type(ctx.tree, ast.ClassDef)
            if ast.get_docstring(cls) is not None
            for item in cls.body
        }
        for fn, routes in handlers(ctx):
            if ast.get_docstring(fn) is not None or _described_by_decorator(fn):
                continue
            if id(fn) in documented_classes:
                continue  # a view class's docstring: DRF and drf-spectacular fall back to it
            ctx.report(
                name_span(fn, ctx.lines), f"`{routes[0].label}`: the handler has no docstring"
            )


# keywords that give an operation its text in the schema: FastAPI's route decorators,
# drf-spectacular's extend_schema, drf-yasg's swagger_auto_schema, flask-smorest's doc
DESCRIPTION_KEYWORDS = frozenset(
    {"description", "summary", "operation_description", "operation_summary"}
)


def _described_by_decorator(fn: FunctionNode) -> bool:
    """A decorator writes the operation's description (``@extend_schema(description=...)``,
    ``@router.get("/x", summary=...)``): an empty string or None does not count."""
    for dec in fn.decorator_list:
        if not isinstance(dec, ast.Call):
            continue
        for kw in dec.keywords:
            if kw.arg not in DESCRIPTION_KEYWORDS:
                continue
            if isinstance(kw.value, ast.Constant) and not kw.value.value:
                continue
            return True
    return False

"""BA305 delete-status: a DELETE answering 200 with no body, or declaring 204 and returning a body."""

from __future__ import annotations

import ast

from ...core.model import Route, Severity
from ...core.syntax import keyword_value
from ...index.frameworks.common import status_literal
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, is_none
from ..support.handlers import handlers
from ..support.responses import is_response_call, returns


def _is_empty_body(expr: ast.expr | None) -> bool:
    return is_none(expr) or (isinstance(expr, ast.Constant) and expr.value in ("", b""))


@register
class DeleteStatus(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA305",
        name="delete-status",
        summary="DELETE handler answers 200 with no body, or declares 204 and returns a body.",
        severity=Severity.INFO,
        rationale=(
            "A delete that returns nothing should say `204 No Content`; a `200` with an empty "
            "or `null` body makes clients parse a body that is not there. The reverse is a bug: "
            "with `204` declared, whatever the handler returns is dropped on the way out. "
            "A `200` that returns the deleted object is fine. Checked: FastAPI (`status_code` "
            "on the decorator against the handler's returns), Flask (`return '', 200` or a "
            "body with `204`) and DRF (`Response()` without a status, `Response(data, "
            "status=204)`)."
        ),
        bad='@router.delete("/items/{item_id}")\ndef delete_item(item_id: int, db: Session):\n'
        "    db.delete(db.get(Item, item_id))\n    db.commit()",
        good='@router.delete("/items/{item_id}", status_code=204)\n'
        "def delete_item(item_id: int, db: Session) -> None:\n"
        "    db.delete(db.get(Item, item_id))\n    db.commit()",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if set(route.methods) != {"DELETE"}:
                continue
            values = [r.value for r in returns(fn)]
            if route.framework == "fastapi":
                self._fastapi(ctx, fn, route, values)
            elif route.framework in {"flask", "starlette", "django", "drf"}:
                self._explicit(ctx, route, values)

    def _fastapi(
        self, ctx: FileContext, fn: FunctionNode, route: Route, values: list[ast.expr | None]
    ) -> None:
        if any(is_response_call(v) for v in values):
            return  # the handler builds its response (and status) itself
        status = route.status_code
        bodies = [v for v in values if v is not None and not is_none(v)]
        if status in (None, 200) and not bodies and route.response_model is None:
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` returns no body with status 200 (`null`); declare "
                "`status_code=204`",
            )
        elif status == 204 and bodies:
            ctx.report(bodies[0], f"`{route.label}` declares 204 No Content; this body is dropped")

    def _explicit(self, ctx: FileContext, route: Route, values: list[ast.expr | None]) -> None:
        for value in values:
            body: ast.expr | None
            if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                body, status = value.elts[0], status_literal(value.elts[1])
            elif is_response_call(value):
                assert isinstance(value, ast.Call)
                body = value.args[0] if value.args else keyword_value(value, "data", "content")
                status_expr = keyword_value(value, "status", "status_code")
                status = status_literal(status_expr) if status_expr is not None else 200
            elif isinstance(value, ast.Constant) and value.value in ("", b""):
                body, status = value, 200
            else:
                continue
            if status == 204 and not _is_empty_body(body):
                ctx.report(value, f"`{route.label}` answers 204 No Content; this body is dropped")
            elif status == 200 and _is_empty_body(body):
                ctx.report(
                    value, f"`{route.label}` answers 200 with no body; answer 204 No Content"
                )

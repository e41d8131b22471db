"""BA307 no-response-model: a FastAPI route with neither response_model nor a return annotation."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import keyword_value
from ...index.facts import name_span
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_none
from ..support.handlers import handlers
from ..support.responses import decorator_call, is_response_call, returns


@register
class NoResponseModel(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA307",
        name="no-response-model",
        summary="FastAPI route with neither `response_model` nor a return annotation.",
        severity=Severity.HINT,
        rationale=(
            "FastAPI documents, validates and filters a response from `response_model` or the "
            "handler's return annotation. Without either, the OpenAPI schema says nothing about "
            "the body, generated clients get `any`, and fields the handler did not mean to "
            "expose (a password hash on an ORM object) go out unfiltered. Routes that build "
            "their own `Response`, declare `response_class`, answer 204 or are hidden from the "
            "schema are left alone."
        ),
        bad='@router.get("/users/{user_id}")\ndef read_user(user_id: int, db: Session):\n'
        "    return db.get(User, user_id)",
        good='@router.get("/users/{user_id}")\ndef read_user(user_id: int, db: Session) -> UserOut:\n'
        "    return db.get(User, user_id)",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if route.framework != "fastapi" or fn.returns is not None or route.is_websocket:
                continue  # a websocket answers with messages, not a response body
            dec = decorator_call(fn, route, ctx)
            if dec is None:
                continue
            if any(keyword_value(dec, k) is not None for k in ("response_model", "response_class")):
                continue
            hidden = keyword_value(dec, "include_in_schema")
            if route.status_code == 204 or (
                isinstance(hidden, ast.Constant) and hidden.value is False
            ):
                continue
            values = [r.value for r in returns(fn) if not is_none(r.value)]
            if values and all(is_response_call(v) for v in values):
                continue
            ctx.report(
                name_span(fn, ctx.lines),
                f"`{route.label}` has no `response_model` and no return annotation; its "
                "response is undocumented and unfiltered",
            )

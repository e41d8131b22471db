"""BA304 create-not-201: a POST handler that creates but answers 200."""

from __future__ import annotations

import ast

from ...core.model import Edit, Fix, Severity, Span
from ...core.syntax import keyword_value
from ...index.facts import span_of
from ...index.frameworks.common import status_literal
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, body_nodes, call_name
from ..support.handler_writes import writes
from ..support.handlers import handlers, is_public_flow
from ..support.responses import decorator_call, renders_page


def explicit_statuses(fn: FunctionNode) -> list[int | None]:
    """Statuses the handler sets itself: Flask ``return body, 201``, ``Response(...,
    status=201)`` / ``JSONResponse(status_code=201)``, ``response.status_code = 201``
    (None for one set but not readable)."""
    out: list[int | None] = []
    for node in body_nodes(fn):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            elts = node.value.elts
            if len(elts) >= 2:
                out.append(status_literal(elts[1]))
        elif isinstance(node, ast.Call) and call_name(node).endswith("Response"):
            status = keyword_value(node, "status", "status_code")
            if status is not None:
                out.append(status_literal(status))
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Attribute) and t.attr in {"status_code", "status"}:
                    out.append(status_literal(node.value))
    return out


@register
class CreateNot201(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA304",
        name="create-not-201",
        summary="POST handler creates a resource but answers 200 instead of 201 Created.",
        severity=Severity.INFO,
        rationale=(
            "`201 Created` tells clients and generated SDKs that a new resource exists (and "
            "where, with a `Location` header); `200` says only that something happened. A POST "
            "handler is taken to create when it adds a newly built object to a session, calls "
            "`objects.create` / `Model.create`, runs an INSERT, or saves a serializer built "
            "from request data. A status the handler sets itself (any status) is respected, "
            "and login, token and similar flows are left alone, as are HTML forms (a handler "
            "that renders a page or redirects). The quick fix adds "
            "`status_code=201` to a FastAPI decorator."
        ),
        bad='@router.post("/items")\ndef create_item(item_in: ItemIn, db: Session):\n'
        "    item = Item(**item_in.model_dump())\n    db.add(item)\n    db.commit()\n    return item",
        good='@router.post("/items", status_code=201)\ndef create_item(item_in: ItemIn, db: Session):\n'
        "    item = Item(**item_in.model_dump())\n    db.add(item)\n    db.commit()\n    return item",
        fixable=True,
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if set(route.methods) != {"POST"} or is_public_flow(route, fn):
                continue
            if route.status_code is not None or explicit_statuses(fn):
                continue
            if renders_page(fn):  # a form's POST answers a page or a redirect, not 201
                continue
            creates = [c for c, kind in writes(fn) if kind == "create"]
            if not creates:
                continue
            dec = decorator_call(fn, route, ctx) if route.framework == "fastapi" else None
            fix = self._fix(ctx, dec) if dec is not None else None
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` creates a resource and answers 200; answer 201 Created",
                fix=fix,
            )

    @staticmethod
    def _fix(ctx: FileContext, dec: ast.Call) -> Fix | None:
        end = span_of(dec, ctx.lines).end
        line = ctx.lines[end.line]
        if end.column < 1 or line[end.column - 1] != ")":
            return None
        # After a trailing comma (a call spread over lines), the keyword goes after the comma.
        last = max(
            (span_of(n, ctx.lines).end for n in [*dec.args, *(k.value for k in dec.keywords)]),
            default=None,
        )
        if last is None:
            return None
        after = ctx.lines[last.line][last.column :]
        if after.lstrip().startswith(","):
            col = last.column + after.index(",") + 1
            edit = Edit(ctx.path, Span.of(last.line, col, last.line, col), " status_code=201,")
        else:
            edit = Edit(
                ctx.path,
                Span.of(last.line, last.column, last.line, last.column),
                ", status_code=201",
            )
        return Fix("Answer 201 Created (status_code=201)", (edit,))

"""BA505 missing-type-hints: a handler or service function without parameter annotations."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...index.facts import name_span
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode
from ..support.handlers import HANDLER_MODULES, is_route_handler
from ..support.server_code import is_service_module


def _missing_hints(fn: FunctionNode, skip_request: bool) -> list[str]:
    args = fn.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if params and params[0].arg in ("self", "cls"):
        params = params[1:]
    missing = [
        a.arg for a in params if a.annotation is None and not (skip_request and a.arg == "request")
    ]
    for extra in (args.vararg, args.kwarg):
        if extra is not None and extra.annotation is None:
            missing.append(extra.arg)
    return missing


TYPED_FRAMEWORKS = frozenset({"fastapi", "litestar", "ninja", "blacksheep", "robyn"})


def _annotations_are_the_contract(fn: FunctionNode, ctx: FileContext) -> bool:
    """Frameworks that read a handler's annotations to parse and validate the request."""
    for route in ctx.routes():
        if route.span.start.line == fn.lineno - 1:
            return route.framework == "fastapi"
    if any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "route"
        for d in fn.decorator_list
    ):
        return False  # Flask, Quart, Sanic-style @bp.route
    return bool({v.split(".")[0] for v in ctx.scopes.imports.values()} & TYPED_FRAMEWORKS)


@register
class MissingTypeHints(Rule):
    info = RuleInfo(
        code="BA505",
        test_files="never",
        name="missing-type-hints",
        summary="A route handler or public service function lacks type hints.",
        severity=Severity.HINT,
        rationale=(
            "In FastAPI a handler's parameter annotations are the request contract: an "
            "unannotated parameter becomes a required string query parameter, unvalidated and "
            "undocumented. In service and repository modules, hints on public functions are "
            "what callers, the type checker and the API docs read. Handlers of frameworks that "
            "validate through annotations (FastAPI, Litestar, django-ninja) are checked for "
            "parameter hints (the return type is an API design question, BA3xx); public "
            "functions of services/repositories/crud modules for parameters and return."
        ),
        bad=(
            "from fastapi import FastAPI\n\n"
            '@app.get("/items/{item_id}")\ndef read_item(item_id, q=None):\n    ...'
        ),
        good='@app.get("/items/{item_id}")\ndef read_item(item_id: int, q: str | None = None):\n    ...',
    )
    node_types = (ast.FunctionDef, ast.AsyncFunctionDef)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(FunctionNode, node)
        if is_route_handler(node, ctx, django_views=False):
            if not _annotations_are_the_contract(node, ctx):
                return  # Flask/Django convert path values themselves; hints are optional there
            missing = _missing_hints(node, skip_request=True)
            if missing:
                ctx.report(
                    name_span(node, ctx.lines),
                    f"route handler `{node.name}` has no type hint for "
                    + ", ".join(f"`{m}`" for m in missing),
                )
            return
        parent = ctx.parent()
        if (
            isinstance(parent, ast.Module)
            and not node.name.startswith("_")
            and is_service_module(ctx)
            and not any(p in HANDLER_MODULES for p in ctx.relative_parts[:-1])
        ):
            missing = [f"`{m}`" for m in _missing_hints(node, skip_request=False)]
            if node.returns is None:
                missing.append("the return value")
            if missing:
                ctx.report(
                    name_span(node, ctx.lines),
                    f"public service function `{node.name}` has no type hint for "
                    + ", ".join(missing),
                )

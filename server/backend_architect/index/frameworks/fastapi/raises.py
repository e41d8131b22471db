"""The HTTP errors a handler raises (``HTTPException``, ``abort``), with status and detail."""

from __future__ import annotations

import ast

from ....core.syntax import keyword_value, last_name
from ...facts import FunctionFacts, ModuleFacts
from ...symbols import Symbols
from ..common import arg, status_from


def raised_errors(
    symbols: Symbols, facts: ModuleFacts, fn: FunctionFacts
) -> list[tuple[int | None, str]]:
    out: list[tuple[int | None, str]] = []
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            name = last_name(call.func)
            if not name.endswith(("Exception", "Error", "HTTPException")) and name != "abort":
                continue
            status_expr = (
                arg(call, 0, "status_code")
                if name.endswith("HTTPException")
                else keyword_value(call, "status_code")
            )
            status = status_from(symbols, facts, fn.qualname, status_expr)
            detail_expr = arg(call, 1, "detail") if name.endswith("HTTPException") else None
            detail = ""
            if detail_expr is not None:
                v = symbols.evaluate(facts, fn.qualname, detail_expr)
                detail = v if isinstance(v, str) else ast.unparse(detail_expr)
            if status is None and not name.endswith("HTTPException"):
                detail = detail or name
            out.append((status, detail or name))
        elif isinstance(node, ast.Call) and last_name(node.func) == "abort" and node.args:
            status = status_from(symbols, facts, fn.qualname, node.args[0])
            out.append((status, "abort"))
    return out

"""BA114: a route handler sending exception text or a traceback back to the client."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..scopes import FileScopes
from ..support.ast_helpers import walk_names
from ..support.handlers import is_route_handler

BROAD_EXCEPTIONS = frozenset(
    {"Exception", "BaseException", "SQLAlchemyError", "DatabaseError", "DBAPIError",
     "OperationalError", "ProgrammingError", "IntegrityError", "InterfaceError", "Error",
     "RequestException", "HTTPError", "ConnectionError", "OSError", "IOError", "ClientError",
     "BotoCoreError", "RuntimeError", "AttributeError", "TypeError"}
)  # fmt: skip
TRACEBACK_CALLS = frozenset(
    {"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
     "traceback.format_stack"}
)  # fmt: skip
RESPONSE_CALLS = frozenset(
    {"jsonify", "JSONResponse", "Response", "HttpResponse", "JsonResponse", "make_response",
     "HTTPException", "abort", "PlainTextResponse", "HTMLResponse", "HttpResponseServerError",
     "HttpResponseBadRequest", "ORJSONResponse", "UJSONResponse", "APIException"}
)  # fmt: skip


@register
class ExceptionTextToClient(Rule):
    info = RuleInfo(
        code="BA114",
        name="exception-text-to-client",
        summary="A route handler sends exception text or a traceback back to the client.",
        severity=Severity.WARNING,
        rationale=(
            "The text of an unexpected exception describes the inside of the server: SQL and "
            "table names from the database driver, file paths, host names, library versions, "
            "sometimes credentials from a connection string. Sent to the client it helps an "
            "attacker map the system. Log the exception with its traceback and answer with a "
            "generic message (and a request id to find the log). Messages of exceptions the "
            "application raises itself for the client (a `ValueError` from validation, also "
            "in an `if isinstance(exc, HTTPException):` branch of a broad `except`) are not "
            "flagged, nor a broad `except` around code that only parses or validates the input "
            "(`Model.model_validate(body)`, `json.loads`): only broad and driver-level "
            "exceptions and tracebacks are."
        ),
        bad=(
            '@router.post("/orders")\ndef create_order(order: Order):\n    try:\n'
            "        return save(order)\n"
            "    except Exception as exc:\n"
            "        raise HTTPException(status_code=500, detail=str(exc))"
        ),
        good=(
            '@router.post("/orders")\ndef create_order(order: Order):\n    try:\n'
            "        return save(order)\n"
            "    except Exception:\n"
            '        log.exception("creating order failed")\n'
            '        raise HTTPException(status_code=500, detail="internal error")'
        ),
        cwe=(209,),
    )
    node_types = (ast.ExceptHandler,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.ExceptHandler, node)
        fn = ctx.enclosing_function()
        if fn is None or not is_route_handler(fn, ctx, module_counts=True):
            return
        data = ctx.scopes
        broad = node.type is None or any(
            (dotted_name(t) or "").split(".")[-1] in BROAD_EXCEPTIONS
            for t in (node.type.elts if isinstance(node.type, ast.Tuple) else [node.type])
        )
        attempt = ctx.parent()
        if broad and isinstance(attempt, ast.Try) and _parses_only(attempt.body):
            broad = False  # whatever it caught, it is the client input's validation message
        seen: set[int] = set()
        for leak, narrowed in _outgoing(node.body, node.name):
            for sub in _walk_outside_debug(leak):
                if id(sub) in seen:
                    continue
                what = _leaked(sub, node.name if broad and not narrowed else None, data)
                if what is not None:
                    seen.update(id(n) for n in walk(sub))
                    ctx.report(
                        sub,
                        f"{what} is sent to the client; log it and answer with a generic message",
                    )


# Calls that only parse or validate what the client sent: their errors describe the input
PARSE_CALLS = frozenset(
    {
        "model_validate", "model_validate_json", "parse_obj", "parse_raw", "parse_obj_as",
        "validate_python", "validate_json", "loads", "int", "float", "UUID", "Decimal",
        "fromisoformat", "strptime", "b64decode",
    }
)  # fmt: skip


def _parses_only(body: list[ast.stmt]) -> bool:
    """The ``try`` block does nothing but parse or validate input (every call in it is one)."""
    calls = [n for stmt in body for n in walk(stmt) if isinstance(n, ast.Call)]
    return bool(calls) and all(
        (n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", ""))
        in PARSE_CALLS
        for n in calls
    )


def _outgoing(body: list[ast.stmt], exc_name: str | None) -> list[tuple[ast.expr, bool]]:
    """What leaves the handler from an except block: returned values, raised exceptions and
    arguments of response and abort calls; not nested functions. Each comes with whether it
    sits under ``if isinstance(exc, SomeAppError):`` (the exception narrowed to a type that
    is not broad: its message is meant for the client, as with ``except SomeAppError``)."""
    out: list[tuple[ast.expr, bool]] = []
    todo: list[tuple[ast.AST, bool]] = [(stmt, False) for stmt in body]
    while todo:
        stmt, narrowed = todo.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            out.append((stmt.value, narrowed))
            continue
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            out.append((stmt.exc, narrowed))
            continue
        if isinstance(stmt, ast.If) and _mentions_debug(stmt.test):
            todo.extend((s, narrowed) for s in stmt.orelse)
            continue
        if isinstance(stmt, ast.If) and exc_name and _narrows_to_app_error(stmt.test, exc_name):
            todo.extend((s, True) for s in stmt.body)
            todo.extend((s, narrowed) for s in stmt.orelse)
            continue
        if isinstance(stmt, ast.Call):
            name = dotted_name(stmt.func) or ""
            if name.split(".")[-1] in RESPONSE_CALLS:
                out.append((stmt, narrowed))
                continue
        todo.extend((child, narrowed) for child in ast.iter_child_nodes(stmt))
    return out


def _narrows_to_app_error(test: ast.expr, exc_name: str) -> bool:
    """``isinstance(exc, HTTPException)`` (alone or in an ``and``) with types none of which
    is broad: the branch handles exceptions whose text is written for the client."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_narrows_to_app_error(v, exc_name) for v in test.values)
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and _is_name(test.args[0], exc_name)
    ):
        return False
    kinds = test.args[1]
    types = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    names = [dotted_name(t) for t in types]
    return all(n is not None and n.split(".")[-1] not in BROAD_EXCEPTIONS for n in names)


def _leaked(node: ast.AST, exc_name: str | None, data: FileScopes) -> str | None:
    if isinstance(node, ast.Call):
        name = data.qualified(node.func) or dotted_name(node.func)
        if name in TRACEBACK_CALLS:
            return "the traceback"
        if (
            exc_name is not None
            and isinstance(node.func, ast.Name)
            and node.func.id in ("str", "repr")
            and len(node.args) == 1
            and _is_name(node.args[0], exc_name)
        ):
            return "the exception text"
    if (
        exc_name is not None
        and isinstance(node, ast.JoinedStr)
        and any(
            isinstance(v, ast.FormattedValue) and _is_name(v.value, exc_name) for v in node.values
        )
    ):
        return "the exception text"
    if (
        exc_name is not None
        and isinstance(node, ast.Attribute)
        and node.attr in ("args", "message", "orig", "detail_text")
        and _is_name(node.value, exc_name)
    ):
        return "the exception text"
    return None


def _walk_outside_debug(expr: ast.AST) -> list[ast.AST]:
    """The nodes of ``expr``, leaving out ``x if settings.DEBUG else ...`` branches."""
    out: list[ast.AST] = []
    todo = [expr]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.IfExp) and _mentions_debug(node.test):
            todo.append(node.orelse)
            continue
        todo.extend(reversed(list(ast.iter_child_nodes(node))))
    return out


def _mentions_debug(test: ast.expr) -> bool:
    """``if settings.DEBUG:`` / ``... if app.debug else ...``: shown to developers only."""
    return any("debug" in n.lower() for n in walk_names(test))


def _is_name(expr: ast.expr, name: str) -> bool:
    return isinstance(expr, ast.Name) and expr.id == name

"""BA101: SQL built from strings reaches a query call; the quick fix passes the values as parameters."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from ...core.model import Edit, Fix, Severity
from ...core.syntax import dotted_name
from ...index.facts import span_of
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..scopes import FileScopes, Scope, pos_of
from ..support.flow import Built, Flow

# Methods whose first argument is SQL text: DB-API cursors and connections, SQLAlchemy
# connections, Django's ``Manager.raw``, pandas.
EXECUTE_METHODS = frozenset(
    {
        "execute",
        "executemany",
        "executescript",
        "exec_driver_sql",
        "raw",
        "read_sql",
        "read_sql_query",
    }
)
SQL_KEYWORD_ARGS = ("sql", "query", "statement", "operation", "raw_query", "stmt")
TEXT_FUNCTIONS = frozenset(
    {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlmodel.text"}
)
RAW_SQL_FUNCTIONS = frozenset({"django.db.models.RawSQL", "django.db.models.expressions.RawSQL"})
SQLITE_MODULES = ("sqlite3", "aiosqlite")
# Receivers that are SQLAlchemy sessions or engines rather than DB-API cursors: a raw string
# given to them needs ``text()``, so the ``%s`` quick fix would be wrong there.
NOT_DBAPI_RE = re.compile(r"session|engine", re.IGNORECASE)
# Where a placeholder may stand for a value (and so become a bind parameter without changing
# what the statement means): after a comparison, LIKE, LIMIT/OFFSET, or inside VALUES (...).
VALUE_CONTEXT_RE = re.compile(
    r"(?:[=<>]|\b(?:I?LIKE|LIMIT|OFFSET)|\bVALUES\s*\([^()]*)\s*$", re.IGNORECASE
)
BIND_PARAM_RE = re.compile(r"(?<![:\w\\]):\w")
STRING_PREFIX_RE = re.compile(r"([A-Za-z]*)('''|\"\"\"|'|\")")


@dataclass(frozen=True)
class _Sink:
    arg: ast.expr
    name: str  # for the message: "cursor.execute", "text()"
    call: ast.Call
    fragment: bool = False  # extra(where=[...]) conditions do not start with a keyword
    is_text: bool = False


def _sinks(call: ast.Call, data: FileScopes) -> Iterator[_Sink]:
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr in EXECUTE_METHODS:
            arg = call.args[0] if call.args else _keyword(call, SQL_KEYWORD_ARGS)
            if arg is not None and not isinstance(arg, ast.Starred):
                receiver = dotted_name(func.value)
                yield _Sink(arg, f"{receiver}.{func.attr}" if receiver else f".{func.attr}()", call)
        elif func.attr == "extra":
            where = _keyword(call, ("where",)) or (call.args[1] if len(call.args) > 1 else None)
            if isinstance(where, (ast.List, ast.Tuple)):
                for elt in where.elts:
                    yield _Sink(elt, ".extra(where=...)", call, fragment=True)
    qualified = data.qualified(func)
    if qualified in TEXT_FUNCTIONS and call.args:
        yield _Sink(call.args[0], "text()", call, is_text=True)
    elif qualified in RAW_SQL_FUNCTIONS and call.args:
        yield _Sink(call.args[0], "RawSQL()", call)


def _keyword(call: ast.Call, names: tuple[str, ...]) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg in names), None)


# --- the rule --------------------------------------------------------------------------------


@register
class SqlStringExecute(Rule):
    info = RuleInfo(
        code="BA101",
        name="sql-string-execute",
        summary="SQL built from strings reaches a query call; pass the values as parameters.",
        severity=Severity.ERROR,
        rationale=(
            "SQL assembled with f-strings, `%`, `+` or `.format()` mixes code and data: a value "
            "such as `' OR '1'='1` becomes part of the statement (SQL injection). Every driver "
            "and ORM takes the values separately (`cursor.execute(sql, params)`, "
            "`text(...)` with bind parameters, Django's `params=`), quotes them correctly, and "
            "lets the database cache the plan. Identifiers cannot be parameters: take table and "
            "column names from a constant or an allow-list, never from the request. In "
            "migrations, names interpolated where a table, column or constraint name goes are "
            "left alone (DDL on the schema's own names); values there still fire."
        ),
        bad=(
            "cursor.execute(f\"SELECT * FROM users WHERE email = '{email}'\")\n"
            'session.execute(text(f"DELETE FROM items WHERE id = {item_id}"))'
        ),
        good=(
            'cursor.execute("SELECT * FROM users WHERE email = %s", (email,))\n'
            'session.execute(text("DELETE FROM items WHERE id = :item_id"), {"item_id": item_id})'
        ),
        cwe=(89,),
        fixable=True,
    )
    node_types = (ast.Call,)
    # _sinks: an execute-like method, `.extra(where=...)`, or text() / RawSQL()
    call_names = EXECUTE_METHODS | {"extra"}
    call_qualified = TEXT_FUNCTIONS | RAW_SQL_FUNCTIONS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        data = ctx.scopes
        sinks = list(_sinks(node, data))
        if not sinks:
            return
        flow = Flow(ctx, data)
        scope = data.scope(ctx.enclosing_function())
        for sink in sinks:
            found = flow.built(sink.arg, scope, pos_of(sink.arg), sql_check=not sink.fragment)
            if found is None:
                continue
            if ctx.is_migration_file and _names_only(found, flow, scope):
                continue  # DDL on the schema's own names, run once by whoever deploys
            what = f"SQL built with {found.how}"
            if found.via is None:
                message = f"{what} reaches `{sink.name}`"
            elif found.via.endswith("()`"):
                message = f"{found.via} returns {what} (line {found.node.lineno}) to `{sink.name}`"
            else:
                message = f"{found.via} holds {what} (line {found.node.lineno}) for `{sink.name}`"
            message += "; pass the values as query parameters"
            fix = _parameterise(ctx, flow, scope, sink, found, data) if found.via is None else None
            ctx.report(sink.arg, message, fix)


# Where a placeholder stands for a value or a whole condition rather than a name: the value
# contexts, inside IN (...), and right after a keyword that a condition or an expression follows.
VALUE_OR_CONDITION_RE = re.compile(
    r"(?:\bIN\s*\([^()]*|\b(?:WHERE|AND|OR|HAVING|WHEN|THEN|ELSE|IS)\s*)$",
    re.IGNORECASE,
)


def _names_only(found: Built, flow: Flow, scope: Scope) -> bool:
    """An f-string whose every unknown part sits where a table, column, index or constraint
    name goes (``ALTER TABLE {table} DROP CONSTRAINT {name}``, ``UPDATE "{table}" SET ...``):
    migrations build such DDL from the schema's own names, which no parameter can carry. A
    part inside a quoted literal or in a value or condition position is still data."""
    node = found.node
    if not isinstance(node, ast.JoinedStr):
        return False
    before = ""
    for value in node.values:
        if isinstance(value, ast.Constant):
            before += str(value.value)
            continue
        assert isinstance(value, ast.FormattedValue)
        if not flow.is_const(value.value, scope, pos_of(value)):
            if before.count("'") % 2 or VALUE_CONTEXT_RE.search(before):
                return False
            if VALUE_OR_CONDITION_RE.search(before):
                return False
        before += "?"
    return True


# --- the quick fix ---------------------------------------------------------------------------


def _parameterise(
    ctx: FileContext, flow: Flow, scope: Scope, sink: _Sink, found: Built, data: FileScopes
) -> Fix | None:
    """f-string with plain-name placeholders, given straight to ``cursor.execute`` or to
    ``text()`` inside ``session.execute`` -> a parameterised query. None when not mechanical."""
    node = sink.arg
    if node is not found.node or not isinstance(node, ast.JoinedStr):
        return None
    if sink.is_text:
        outer = ctx.parent()
        if not (
            len(sink.call.args) == 1
            and not sink.call.keywords
            and isinstance(outer, ast.Call)
            and isinstance(outer.func, ast.Attribute)
            and outer.func.attr in ("execute", "exec", "scalars", "scalar")
            and len(outer.args) == 1
            and outer.args[0] is sink.call
            and not outer.keywords
        ):
            return None
        style = "named"
    else:
        func = sink.call.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr == "execute"
            and len(sink.call.args) == 1
            and not sink.call.keywords
            and not NOT_DBAPI_RE.search(dotted_name(func.value) or "")
        ):
            return None
        qmark = data.imports_module(SQLITE_MODULES)
        style = "qmark" if qmark else "format"

    # items: constant text, or (name, keep): keep=True stays an f-string placeholder (a constant
    # such as a table name), keep=False becomes a bind parameter
    items: list[str | tuple[str, bool]] = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            items.append(str(part.value))
            continue
        assert isinstance(part, ast.FormattedValue)
        if (
            not isinstance(part.value, ast.Name)
            or part.conversion != -1
            or part.format_spec is not None
        ):
            return None
        keep = flow.is_const(part.value, scope, pos_of(node))
        items.append((part.value.id, keep))
    params: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, tuple) or item[1]:
            continue
        before = items[i - 1] if i > 0 and isinstance(items[i - 1], str) else ""
        after = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], str) else ""
        assert isinstance(before, str) and isinstance(after, str)
        quoted_before, quoted_after = before.endswith(("'", '"')), after.startswith(("'", '"'))
        if quoted_before or quoted_after:
            if not (before.endswith("'") and after.startswith("'")):
                return None  # '%{x}%' and "identifiers" are not one value
            before, after = before[:-1], after[1:]
            items[i - 1], items[i + 1] = before, after
        preceding = "".join(t if isinstance(t, str) else "?" for t in items[:i])
        if not VALUE_CONTEXT_RE.search(preceding):
            return None  # ORDER BY {col}, IN ({ids}): not a single value
        params.append(item[0])
    if not params:
        return None
    constant_text = "".join(t for t in items if isinstance(t, str))
    if style == "named" and BIND_PARAM_RE.search(constant_text):
        return None  # text() would take an existing ":word" for a parameter

    src = ctx.source_of(node)
    m = STRING_PREFIX_RE.match(src)
    quote = m.group(2) if m else '"'
    keep_f = any(isinstance(t, tuple) and t[1] for t in items)
    body = []
    for t in items:
        if isinstance(t, str):
            body.append(_escape(t, quote, keep_f, percent=style == "format"))
        elif t[1]:
            body.append("{" + t[0] + "}")
        else:
            body.append({"format": "%s", "qmark": "?", "named": f":{t[0]}"}[style])
    literal = ("f" if keep_f else "") + quote + "".join(body) + quote

    if style == "named":
        unique = list(dict.fromkeys(params))
        mapping = "{" + ", ".join(f'"{p}": {p}' for p in unique) + "}"
        replacement = f"{ctx.source_of(sink.call.func)}({literal}), {mapping}"
        target = span_of(sink.call, ctx.lines)
    else:
        values = f"({params[0]},)" if len(params) == 1 else "(" + ", ".join(params) + ")"
        replacement = f"{literal}, {values}"
        target = span_of(node, ctx.lines)
    names = ", ".join(f"`{p}`" for p in dict.fromkeys(params))
    what = "query parameters" if len(set(params)) > 1 else "a query parameter"
    return Fix(f"Pass {names} as {what}", (Edit(ctx.path, target, replacement),))


def _escape(text: str, quote: str, fstring: bool, percent: bool) -> str:
    text = text.replace("\\", "\\\\")
    if len(quote) == 1:
        text = text.replace("\n", "\\n").replace("\r", "\\r")
    text = text.replace(quote[0], "\\" + quote[0])
    if fstring:
        text = text.replace("{", "{{").replace("}", "}}")
    if percent:
        text = text.replace("%", "%%")
    return text

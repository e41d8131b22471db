"""How a string is built: is a value a constant (or at least not text a client controls),
and where does run-time text enter it (an f-string, ``%``, ``+``, ``.format``, a variable, a
helper's return)? BA101 follows SQL through it, BA109 HTML; the request-data flow
(``request_data.RequestData``) takes its depth limit."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import walk
from ..scopes import END, FileScopes, Pos, Scope, pos_of
from .sql_text import looks_like_sql

# Calls whose result is a number whatever the argument: safe to interpolate.
NUMERIC_CALLS = frozenset({"int", "float", "len", "bool", "abs", "round"})
# Calls that quote and escape an identifier for SQL (psycopg's ``quote_ident``, SQLAlchemy's
# ``IdentifierPreparer.quote_identifier``). Django's ``quote_name`` is not one: it wraps the
# name in quotes without escaping the quotes inside it.
SQL_QUOTING_CALLS = frozenset({"quote_ident", "quote_identifier"})

# Calls that give the SQL an ORM compiled, with the values kept apart as parameters (Django's
# ``query.sql_with_params()``, a compiler's ``as_sql()``)
ORM_SQL_CALLS = frozenset({"sql_with_params", "as_sql"})

MAX_DEPTH = 12


# --- the flow analysis -----------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """SQL text built at run time from something that is not a constant."""

    how: str  # "an f-string", "`%` formatting", ...
    node: ast.expr  # the expression that builds it
    via: str | None = None  # "`query`" or "`build_query()`" when it flows through one


class Flow:
    def __init__(self, ctx: FileContext, data: FileScopes) -> None:
        self.ctx = ctx
        self.data = data
        self._helpers_seen: set[int] = set()

    # - is the value a constant (or at least not text an attacker controls)? -

    def is_const(
        self,
        expr: ast.expr,
        scope: Scope,
        at: Pos,
        depth: int = 0,
        bound: frozenset[str] = frozenset(),
    ) -> bool:
        if depth > MAX_DEPTH:
            return False
        d = depth + 1
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.JoinedStr):
            return all(
                self.is_const(v.value, scope, at, d, bound) or _numeric_spec(v)
                for v in expr.values
                if isinstance(v, ast.FormattedValue)
            )
        if isinstance(expr, ast.BinOp):
            return self.is_const(expr.left, scope, at, d, bound) and self.is_const(
                expr.right, scope, at, d, bound
            )
        if isinstance(expr, ast.UnaryOp):
            return self.is_const(expr.operand, scope, at, d, bound)
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            return all(self.is_const(e, scope, at, d, bound) for e in expr.elts)
        if isinstance(expr, ast.Dict):
            return all(self.is_const(v, scope, at, d, bound) for v in expr.values)
        if isinstance(expr, ast.IfExp):
            return self.is_const(expr.body, scope, at, d, bound) and self.is_const(
                expr.orelse, scope, at, d, bound
            )
        if isinstance(expr, ast.Subscript):
            # an allow-list lookup (``ORDER_COLUMNS[sort]``) yields one of its constant values
            return self.is_const(expr.value, scope, at, d, bound)
        if isinstance(expr, ast.Name):
            return expr.id in bound or self._name_const(expr, scope, at, d)
        if isinstance(expr, ast.Attribute):
            return self._attr_const(expr, scope, d)
        if isinstance(expr, ast.Call):
            return self._call_const(expr, scope, at, d, bound)
        if isinstance(expr, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            # names bound by ``for i in range(...)`` are numbers
            names = set(bound)
            for gen in expr.generators:
                if isinstance(gen.iter, ast.Call) and dotted_name(gen.iter.func) in (
                    "range",
                    "enumerate",
                ):
                    names.update(n.id for n in walk(gen.target) if isinstance(n, ast.Name))
                elif not self.is_const(gen.iter, scope, at, d, bound):
                    return False
            return self.is_const(expr.elt, scope, at, d, frozenset(names))
        return False

    def _name_const(self, name: ast.Name, scope: Scope, at: Pos, depth: int) -> bool:
        binding, augs = scope.before(name.id, at)
        if binding is None and scope is not self.data.module:
            if name.id in scope.bindings:  # bound later in the function: unknown here
                return False
            binding, augs = self.data.module.before(name.id, END)
            scope, at = self.data.module, END
        if binding is None:
            return self._external_const(name, scope)
        if binding.kind in ("param", "for-unknown") or binding.value is None:
            return False
        if any(
            not self.is_const(a.value, scope, a.pos, depth) for a in augs if a.value is not None
        ):
            return False
        return self.is_const(binding.value, scope, binding.pos, depth)

    def _attr_const(self, expr: ast.Attribute, scope: Scope, depth: int) -> bool:
        base = expr.value
        cls: ast.ClassDef | None = None
        if isinstance(base, ast.Name) and base.id in ("self", "cls"):
            cls = scope.owner
        elif isinstance(base, ast.Name):
            cls = self.data.classes.get(base.id)
        if cls is not None:
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign):
                    targets, value = stmt.targets, stmt.value
                elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                    targets, value = [stmt.target], stmt.value
                else:
                    continue
                if any(isinstance(t, ast.Name) and t.id == expr.attr for t in targets):
                    return self.is_const(value, self.data.module, END, depth)
            return False
        return self._index_const(expr, scope)

    def _call_const(
        self, call: ast.Call, scope: Scope, at: Pos, depth: int, bound: frozenset[str]
    ) -> bool:
        name = dotted_name(call.func)
        if name in NUMERIC_CALLS:
            return True
        func = call.func
        terminal = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if terminal in SQL_QUOTING_CALLS:
            return True
        if terminal in ORM_SQL_CALLS:
            return True  # the ORM's own SQL for a queryset: its values are in the params
        if name == "str" and call.args:
            return self.is_const(call.args[0], scope, at, depth, bound)
        if terminal == "get" and isinstance(func, ast.Attribute) and call.args:
            # ``ALLOWED.get(kind, "uptime")``: an allow-list lookup, like ``ALLOWED[kind]``
            return isinstance(func.value, (ast.Name, ast.Attribute, ast.Dict)) and all(
                self.is_const(e, scope, at, depth, bound) for e in [func.value, *call.args[1:]]
            )
        if isinstance(call.func, ast.Attribute) and call.func.attr == "join" and call.args:
            # ", ".join(["%s"] * len(ids)) and friends: placeholders, not values
            return self.is_const(
                call.func.value, scope, at, depth, bound
            ) and self._const_or_repeat(call.args[0], scope, at, depth, bound)
        return False

    def _const_or_repeat(
        self, expr: ast.expr, scope: Scope, at: Pos, depth: int, bound: frozenset[str]
    ) -> bool:
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
            return self.is_const(expr.left, scope, at, depth, bound) or self.is_const(
                expr.right, scope, at, depth, bound
            )
        if isinstance(expr, (ast.GeneratorExp, ast.ListComp)):
            return self.is_const(expr.elt, scope, at, depth, bound | _range_targets(expr))
        return self.is_const(expr, scope, at, depth, bound)

    def _external_const(self, name: ast.Name, scope: Scope) -> bool:
        if self._index_const(name, scope):
            return True
        # an imported UPPER_CASE name is a constant by convention; unresolvable without the index
        return name.id.isupper() and (name.id in self.data.imports or self.ctx.index is None)

    def _index_const(self, expr: ast.expr, scope: Scope) -> bool:
        index = self.ctx.index
        if index is None:
            return False
        facts = index.facts(self.ctx.path)
        if facts is None:
            return False
        try:
            value: Any = index.symbols.evaluate(facts, scope.qualname, expr)
        except Exception:  # a rule must never take the file's other findings down with it
            return False
        return isinstance(value, (str, int, float, bool))

    # - static text: what the string looks like with the unknown parts left out -

    def static(self, expr: ast.expr, scope: Scope, at: Pos, depth: int = 0) -> str | None:
        """The text of a string expression with ``?`` for unknown parts; None if not a string."""
        if depth > MAX_DEPTH:
            return None
        d = depth + 1
        if isinstance(expr, ast.Constant):
            return expr.value if isinstance(expr.value, str) else None
        if isinstance(expr, ast.JoinedStr):
            return "".join(
                str(v.value) if isinstance(v, ast.Constant) else "?" for v in expr.values
            )
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.static(expr.left, scope, at, d)
            right = self.static(expr.right, scope, at, d)
            if left is None and right is None:
                return None
            return (left if left is not None else "?") + (right if right is not None else "?")
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            return self.static(expr.left, scope, at, d)
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "format"
        ):
            return self.static(expr.func.value, scope, at, d)
        if isinstance(expr, ast.Name):
            binding, augs = scope.before(expr.id, at)
            if binding is None and scope is not self.data.module and expr.id not in scope.bindings:
                binding, augs = self.data.module.before(expr.id, END)
                scope = self.data.module
            if binding is None or binding.value is None or binding.kind != "assign":
                return None
            text = self.static(binding.value, scope, binding.pos, d)
            if text is None:
                return None
            return text + "".join(
                self.static(a.value, scope, a.pos, d) or "?" for a in augs if a.value
            )
        return None

    # - is SQL built from non-constant parts? -

    def built(
        self, expr: ast.expr, scope: Scope, at: Pos, sql_check: bool = True, depth: int = 0
    ) -> Built | None:
        if depth > MAX_DEPTH:
            return None
        d = depth + 1

        def sqlish(text: str | None) -> bool:
            return text is not None and (not sql_check or looks_like_sql(text))

        if isinstance(expr, ast.JoinedStr):
            if not self.is_const(expr, scope, at, d) and sqlish(self.static(expr, scope, at, d)):
                return Built("an f-string", expr)
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            left = self.static(expr.left, scope, at, d)
            if left is not None and not self.is_const(expr.right, scope, at, d) and sqlish(left):
                return Built("`%` formatting", expr)
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            text = self.static(expr, scope, at, d)
            if text is not None and not self.is_const(expr, scope, at, d) and sqlish(text):
                return Built("`+` concatenation", expr)
            return None
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "format"
        ):
            receiver = expr.func.value
            args = [*expr.args, *(k.value for k in expr.keywords)]
            text = self.static(receiver, scope, at, d)
            if not all(self.is_const(a, scope, at, d) for a in args) and sqlish(text):
                return Built("`.format()`", expr)
            return None
        if isinstance(expr, ast.IfExp):
            return self.built(expr.body, scope, at, sql_check, d) or self.built(
                expr.orelse, scope, at, sql_check, d
            )
        if isinstance(expr, ast.Name):
            return self._built_name(expr, scope, at, sql_check, d)
        if isinstance(expr, ast.Call):
            return self._built_helper(expr, scope, sql_check, d)
        return None

    def _built_name(
        self, name: ast.Name, scope: Scope, at: Pos, sql_check: bool, depth: int
    ) -> Built | None:
        binding, augs = scope.before(name.id, at)
        if binding is None or binding.kind != "assign" or binding.value is None:
            return None
        via = f"`{name.id}`"
        found = self.built(binding.value, scope, binding.pos, sql_check, depth)
        if found is not None:
            return Built(found.how, found.node, via)
        for aug in augs:
            if aug.value is None or self.is_const(aug.value, scope, aug.pos, depth):
                continue
            base = self.static(binding.value, scope, binding.pos, depth)
            added = self.static(aug.value, scope, aug.pos, depth) or "?"
            if base is not None and (not sql_check or looks_like_sql(base + added)):
                return Built("`+=` concatenation", aug.value, via)
        return None

    def _built_helper(
        self, call: ast.Call, scope: Scope, sql_check: bool, depth: int
    ) -> Built | None:
        """A function of this file (or a method of the same class) returning built SQL."""
        fn: ast.FunctionDef | ast.AsyncFunctionDef | None = None
        func = call.func
        if isinstance(func, ast.Name):
            fn = self.data.functions.get(func.id)
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
            and scope.owner is not None
        ):
            fn = next(
                (
                    s
                    for s in scope.owner.body
                    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and s.name == func.attr
                ),
                None,
            )
        if fn is None or id(fn) in self._helpers_seen:
            return None
        self._helpers_seen.add(id(fn))
        try:
            helper = self.data.scope(fn)
            for ret in helper.returns:
                if ret.value is None:
                    continue
                found = self.built(ret.value, helper, pos_of(ret), sql_check, depth)
                if found is not None:
                    return Built(found.how, found.node, f"`{fn.name}()`")
        finally:
            self._helpers_seen.discard(id(fn))
        return None


def _numeric_spec(value: ast.FormattedValue) -> bool:
    """``{limit:d}`` raises for anything but an integer."""
    spec = value.format_spec
    if not isinstance(spec, ast.JoinedStr) or not all(
        isinstance(v, ast.Constant) for v in spec.values
    ):
        return False
    text = "".join(str(v.value) for v in spec.values if isinstance(v, ast.Constant))
    return bool(re.fullmatch(r"[<>=^]?[+\- ]?0?\d*[,_]?[bdoxXn]", text))


def _range_targets(comp: ast.GeneratorExp | ast.ListComp) -> frozenset[str]:
    names: set[str] = set()
    for gen in comp.generators:
        if isinstance(gen.iter, ast.Call) and dotted_name(gen.iter.func) == "range":
            names.update(n.id for n in walk(gen.target) if isinstance(n, ast.Name))
    return frozenset(names)

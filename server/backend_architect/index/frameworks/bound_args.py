"""A project function's parameters as each of its calls binds them, for the routes a helper
registers (``register_assets(app, base_path="/plugins/x/")`` doing
``app.add_url_rule("/" + base_path + "<path:path>", ...)``): one binding per call site, the
argument expressions kept with the caller's module and scope, so a rule is folded once per call.

Static and bounded: only the calls the index records (statement-level calls that pass a name),
at most ``MAX_SITES`` of them, arguments folded as constants by :class:`Symbols`; nothing runs.
Kept apart from the linkers so a general evaluator of project functions can take it over."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..facts import FunctionFacts, ModuleFacts, Scope
from ..symbol_types import FunctionSym
from ..symbols import Symbols
from .common import LinkContext, _enclosing_param, _passed, parameter_defaults

MAX_SITES = 64

Place = tuple[ModuleFacts, Scope, ast.expr]


@dataclass(frozen=True)
class Binding:
    """The arguments of one call: parameter name -> (module, scope, expression) where the
    expression is read (the caller's for a passed argument, the function's for a default)."""

    args: dict[str, Place]


def bindings(
    ctx: LinkContext,
    facts: ModuleFacts,
    scope: Scope,
    expr: ast.expr | None,
    *extra: ast.expr,
) -> list[Binding] | None:
    """One binding per call of the function whose parameters ``expr`` reads (and the
    parameters of that function ``extra`` reads, such as the app a rule is added to); None
    when ``expr`` reads none (or the parameters of several nested functions), or the function
    has no call the index knows of: then ``expr`` folds as it stands (a literal default stands
    for the parameter)."""
    if expr is None:
        return None
    params: dict[str, int | None] = {}
    owner: FunctionSym | None = None
    for node in ast.walk(expr):
        if not isinstance(node, ast.Name) or node.id in params:
            continue
        found = _param_of(facts, scope, node.id)
        if found is None:
            continue
        fn, position = found
        if owner is not None and (owner.facts is not fn.facts or owner.qualname != fn.qualname):
            return None
        owner = fn
        params[node.id] = position
    if owner is None:
        return None
    for e in extra:
        for node in ast.walk(e):
            if isinstance(node, ast.Name) and node.id not in params:
                found = _param_of(facts, scope, node.id)
                if found is not None and found[0].qualname == owner.qualname:
                    params[node.id] = found[1]
    sites = ctx.calls_of(owner)[:MAX_SITES]
    if not sites:
        return None
    function = owner.facts.functions[owner.qualname]
    defaults = parameter_defaults(function.node.args)
    out = []
    for caller, caller_scope, call in sites:
        args: dict[str, Place] = {}
        for name, position in params.items():
            passed = _passed(call, position, name)
            if passed is not None:
                args[name] = (caller, caller_scope, passed)
            elif name in defaults:
                args[name] = (owner.facts, function.scope, defaults[name])
        out.append(Binding(args))
    return out


def bound_str(
    symbols: Symbols, facts: ModuleFacts, scope: Scope, expr: ast.expr, binding: Binding
) -> str | None:
    """``expr`` folded to a string with the parameters ``binding`` gives; None when a part does
    not fold."""
    if isinstance(expr, ast.Name) and expr.id in binding.args:
        arg_facts, arg_scope, arg_expr = binding.args[expr.id]
        return symbols.evaluate_str(arg_facts, arg_scope, arg_expr)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left = bound_str(symbols, facts, scope, expr.left, binding)
        right = bound_str(symbols, facts, scope, expr.right, binding) if left is not None else None
        return None if right is None or left is None else left + right
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            elif isinstance(part, ast.FormattedValue) and part.format_spec is None:
                value = bound_str(symbols, facts, scope, part.value, binding)
                if value is None:
                    return None
                parts.append(value)
            else:
                return None
        return "".join(parts)
    return symbols.evaluate_str(facts, scope, expr)


def _param_of(facts: ModuleFacts, scope: Scope, name: str) -> tuple[FunctionSym, int | None] | None:
    """The function whose parameter ``name`` is, seen from ``scope``, and its position (None
    for keyword-only), as :func:`_enclosing_param` finds it, a parameter with a literal default
    included (the facts hold that default as an assignment in the function's scope)."""
    s = scope
    while s:
        fn = facts.functions.get(s)
        held = facts.assigns.get((s, name))
        if fn is None:
            if held is not None:
                return None
        elif held is None or any(held is d for d in parameter_defaults(fn.node.args).values()):
            return _enclosing_param(facts, s, name) if held is None else _position(facts, fn, name)
        else:
            return None
        s = s.rsplit(".", 1)[0] if "." in s else ""
    return None


def _position(
    facts: ModuleFacts, fn: FunctionFacts, name: str
) -> tuple[FunctionSym, int | None] | None:
    args = fn.node.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    if fn.scope in facts.classes and positional:
        positional = positional[1:]  # called as ``self.method(app)``
    if name in positional:
        return FunctionSym(facts, fn.qualname), positional.index(name)
    if name in {a.arg for a in args.kwonlyargs}:
        return FunctionSym(facts, fn.qualname), None
    return None

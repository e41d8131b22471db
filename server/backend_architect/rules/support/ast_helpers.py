"""Small AST helpers the rules share: keywords, constants, names, call chains, assigned values."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...core.syntax import is_none_literal, last_name
from ..file_context import FileContext
from ..nodes import children, walk


def kwarg(call: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg == name), None)


def has_kwargs(call: ast.Call) -> bool:
    """``f(**options)`` may carry any keyword; nothing can be said about what is missing."""
    return any(k.arg is None for k in call.keywords)


def is_true(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True


def is_false(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is False


def node_name(node: ast.AST) -> str | None:
    """The name one node carries: an identifier, an attribute, a string subscript key
    (``settings["SECRET_KEY"]``) or a parameter; what secret and debug checks read names from."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
        return None
    if isinstance(node, ast.arg):
        return node.arg
    return None


def walk_names(expr: ast.AST) -> Iterator[str]:
    """Identifiers, attribute names and string subscript keys inside ``expr``."""
    for node in walk(expr):
        name = node_name(node)
        if name is not None:
            yield name


FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def body_nodes(fn: FunctionNode) -> Iterator[ast.AST]:
    """Every node of the handler's body, not descending into nested functions or classes."""
    todo: list[ast.AST] = list(fn.body)
    while todo:
        node = todo.pop(0)
        yield node
        todo[:0] = [c for c in children(node) if not isinstance(c, SCOPES)]


def call_name(call: ast.Call) -> str:
    return last_name(call.func)


def chain(expr: ast.expr) -> list[str]:
    """The names along a call chain, innermost first: ``db.query(User).filter(x).all()``
    -> ["db", "query", "filter", "all"]."""
    names: list[str] = []
    node: ast.expr | None = expr
    while node is not None:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            names.append("[]")
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            node = None
        elif isinstance(node, ast.Await):
            node = node.value
        else:
            node = None
    return names[::-1]


def receiver(call: ast.Call) -> ast.expr | None:
    return call.func.value if isinstance(call.func, ast.Attribute) else None


def assigned_value(expr: ast.expr, ctx: FileContext) -> ast.expr:
    """A name's value when it is assigned once before use in this scope or the module."""
    if not isinstance(expr, ast.Name):
        return expr
    data = ctx.scopes
    for scope in (data.scope(ctx.enclosing_function()), data.module):
        binding, augs = scope.before(expr.id, (expr.lineno, expr.col_offset))
        if binding is not None:
            return binding.value if binding.value is not None and not augs else expr
    return expr


def function_mentions(ctx: FileContext, names: frozenset[str]) -> bool:
    """Whether the function around the node names one of ``names`` (a check it makes: a
    ``safe_join``, an ``is_relative_to``, a ``url_has_allowed_host_and_scheme``)."""
    fn = ctx.enclosing_function()
    return fn is not None and any(
        (isinstance(n, ast.Attribute) and n.attr in names)
        or (isinstance(n, ast.Name) and n.id in names)
        for n in walk(fn)
    )


def qualified_name(ctx: FileContext, func: ast.expr) -> str:
    """The import-resolved name of a callee (``sqlalchemy.create_engine``), or ""."""
    return ctx.scopes.qualified(func) or ""


def is_none(expr: ast.expr | None) -> bool:
    """Missing, or a literal ``None``."""
    return expr is None or is_none_literal(expr)


def destination_name(ctx: FileContext) -> str | None:
    """The name the value ends up under: the variable or keyword it is assigned to, the key
    it is stored at, or the function that returns it (``def generate_otp(): return ...``)."""
    for node in reversed(ctx.stack):
        if isinstance(node, ast.keyword):  # ``User(api_key=...)``: the keyword names it
            return node.arg
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n for t in targets if (n := node_name(t)) is not None]
            return names[0] if names else None
        if isinstance(node, ast.Dict):
            return None  # which key is ours needs the child: rare, left alone
        if isinstance(node, ast.Return):
            fn = ctx.enclosing_function()
            return fn.name if fn is not None else None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.stmt)):
            return None
    return None

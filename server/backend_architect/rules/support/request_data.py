"""How request data flows: through local variables, string building, path joins and calls that
hand their argument back, from the sources ``request_sources`` knows."""

from __future__ import annotations

import ast
import re

from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..scopes import Pos, Scope, pos_of
from .flow import MAX_DEPTH
from .request_sources import param_source, request_chain

# Calls that hand their argument's text back (decoded, parsed, re-typed).
PASSTHROUGH_CALLS = frozenset(
    {
        "str", "bytes", "bytearray", "json.loads", "base64.b64decode", "base64.urlsafe_b64decode",
        "base64.decodebytes", "urllib.parse.unquote", "urllib.parse.unquote_plus", "html.unescape",
    }
)  # fmt: skip
SAFE_METHODS = frozenset({"isdigit", "isalnum", "isnumeric", "startswith", "endswith", "count"})
# the path classes of ``pathlib`` (also as imported names)
PATH_TYPES = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PurePosixPath", "Path", "PurePath",
     "PurePosixPath"}
)  # fmt: skip
# the parts of a ``pathlib`` path that hold no folder
PATH_PARTS = frozenset({"name", "stem", "suffix", "suffixes"})
# calls that build a path or URL from all their arguments (the request data can be any of them)
JOINING_CALLS = frozenset(
    {"os.path.join", "posixpath.join", "ntpath.join", "os.path.abspath", "os.path.normpath",
     "os.path.realpath", "os.path.expanduser", "pathlib.Path", "pathlib.PurePath",
     "pathlib.PurePosixPath", "urllib.parse.urljoin"}
)  # fmt: skip


# ``[^a-z0-9._-]+``: the pattern removes every character outside a class of word characters
_ALLOW_LIST_RE = re.compile(r"\[\^(?:[\w.\-]|\\[wd.\-])*\][+*]?")


def _allow_list_pattern(pattern: ast.expr) -> bool:
    return (
        isinstance(pattern, ast.Constant)
        and isinstance(pattern.value, str)
        and _ALLOW_LIST_RE.fullmatch(pattern.value) is not None
    )


class LocalRequestData:
    """Does an expression carry text from the request? Follows local variables, string
    building and the request objects of Flask, Django, DRF and Starlette/FastAPI."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.data = ctx.scopes

    def scope_of(
        self, ctx: FileContext
    ) -> tuple[Scope, ast.FunctionDef | ast.AsyncFunctionDef | None]:
        fn = ctx.enclosing_function()
        return self.data.scope(fn), fn

    def source(self, expr: ast.expr, at: ast.AST | None = None) -> str | None:
        """A short description of the request data ``expr`` carries, or None."""
        scope, fn = self.scope_of(self.ctx)
        return self._source(expr, scope, fn, pos_of(at or expr), 0)

    def source_in(
        self, expr: ast.expr, fn: ast.FunctionDef | ast.AsyncFunctionDef | None, at: ast.AST
    ) -> str | None:
        """``source`` for an expression of ``fn``, wherever the engine's walk stands."""
        return self._source(expr, self.data.scope(fn), fn, pos_of(at), 0)

    def param(self, name: str, fn: ast.FunctionDef | ast.AsyncFunctionDef | None) -> str | None:
        """What a parameter of ``fn`` carries: the request's, for a route handler's."""
        return param_source(name, fn, self.ctx)

    def _source(
        self,
        expr: ast.expr,
        scope: Scope,
        fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
        at: Pos,
        depth: int,
    ) -> str | None:
        if depth > MAX_DEPTH:
            return None
        d = depth + 1

        def sub(e: ast.expr) -> str | None:
            return self._source(e, scope, fn, at, d)

        if isinstance(expr, ast.Await):
            return sub(expr.value)
        if isinstance(expr, ast.JoinedStr):
            return next(
                (
                    s
                    for v in expr.values
                    if isinstance(v, ast.FormattedValue) and (s := sub(v.value))
                ),
                None,
            )
        if isinstance(expr, ast.BinOp):
            return sub(expr.left) or sub(expr.right)
        if isinstance(expr, ast.IfExp):
            return sub(expr.body) or sub(expr.orelse)
        if isinstance(expr, ast.BoolOp):
            return next((s for v in expr.values if (s := sub(v))), None)
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return next((s for v in expr.elts if (s := sub(v))), None)
        if isinstance(expr, (ast.Attribute, ast.Subscript, ast.Call)):
            chain = request_chain(expr, fn, self.data)
            if chain is not None:
                return chain
        if isinstance(expr, ast.Subscript):
            return sub(expr.value)
        if isinstance(expr, ast.Attribute):
            if expr.attr in PATH_PARTS and self._is_path_call(expr.value):
                return None  # Path(name).suffix: one segment of the name, no folder
            return sub(expr.value)
        if isinstance(expr, ast.Call):
            return self._call_source(expr, sub) or self._helper_source(expr, fn, sub, depth)
        if isinstance(expr, ast.Name):
            return self._name_source(expr, scope, fn, at, d)
        return None

    def _is_path_call(self, expr: ast.expr) -> bool:
        return (
            isinstance(expr, ast.Call)
            and (self.data.qualified(expr.func) or dotted_name(expr.func)) in PATH_TYPES
        )

    def _call_source(self, call: ast.Call, sub: object) -> str | None:
        assert callable(sub)
        func = call.func
        name = self.data.qualified(func) or dotted_name(func)
        if name in PASSTHROUGH_CALLS and call.args:
            result: str | None = sub(call.args[0])
            return result
        if name in JOINING_CALLS:
            return next((s for a in call.args if (s := sub(a))), None)
        if isinstance(func, ast.Attribute) and func.attr in ("sub", "subn"):
            # ``re.sub(p, r, s)`` / ``pattern.sub(r, s)`` hands ``s`` back with some characters
            # replaced: it sanitises only when the pattern removes all but a set it names
            module = name in ("re.sub", "re.subn")
            text = call.args[2 if module else 1] if len(call.args) > (2 if module else 1) else None
            if text is None or (module and _allow_list_pattern(call.args[0])):
                return None
            replaced: str | None = sub(text)
            return replaced
        if isinstance(func, ast.Attribute):
            if func.attr in SAFE_METHODS:
                return None
            if func.attr == "join" and call.args:  # "sep".join(parts)
                joined: str | None = sub(call.args[0])
                if joined:
                    return joined
            if func.attr == "format":
                found: str | None = next(
                    (s for a in [*call.args, *(k.value for k in call.keywords)] if (s := sub(a))),
                    None,
                )
                if found:
                    return found
            receiver: str | None = sub(func.value)  # value.strip(), data.get("x")
            return receiver
        return None

    def _helper_source(
        self,
        call: ast.Call,
        fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
        sub: object,
        depth: int,
    ) -> str | None:
        """A project function's return value: opaque here, within one function's flow;
        ``summaries.RequestData`` follows it through the helper's summary."""
        return None

    def _name_source(
        self,
        name: ast.Name,
        scope: Scope,
        fn: ast.FunctionDef | ast.AsyncFunctionDef | None,
        at: Pos,
        depth: int,
    ) -> str | None:
        binding, augs = scope.before(name.id, at)
        if binding is None:
            return None
        if binding.kind == "param":
            return self.param(name.id, fn)
        for aug in augs:
            if aug.value is not None and self._source(aug.value, scope, fn, aug.pos, depth):
                return f"`{name.id}`"
        if binding.value is None:
            return None
        found = self._source(binding.value, scope, fn, binding.pos, depth)
        return found

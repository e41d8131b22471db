"""Where request data comes from (handler parameters, request attributes) and how it flows."""

from __future__ import annotations

import ast

from ...index.symbols import dotted_name
from ..file_context import FileContext
from ..scopes import Pos, Scope, pos_of
from .flow import MAX_DEPTH, Flow
from .handlers import is_route_handler

# --- which file is it? -----------------------------------------------------------------------


# --- route handlers --------------------------------------------------------------------------


# --- request data ----------------------------------------------------------------------------

# Attributes of a request object that hold what the client sent (Flask, Django, DRF, Starlette).
REQUEST_DATA_ATTRS = frozenset(
    {
        "args", "form", "json", "values", "data", "files", "cookies", "headers", "get_json",
        "get_data", "query_string", "GET", "POST", "body", "query_params", "path_params",
        "FILES", "COOKIES", "META", "stream", "text", "content", "view_args", "match_info",
        "params", "read", "content_params",
    }
)  # fmt: skip
REQUEST_MODULES = frozenset({"flask.request", "quart.request", "bottle.request"})
REQUEST_TYPES = frozenset({"Request", "HttpRequest", "WSGIRequest", "ASGIRequest"})
# Handler parameters whose value cannot carry text an attacker picks (or is no request data).
ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})
SAFE_PARAM_TYPES = frozenset(
    {
        "int", "float", "bool", "UUID", "uuid.UUID", "date", "datetime", "time", "Decimal",
        "Session", "AsyncSession", "BackgroundTasks", "Response", "WebSocket", "Request",
        "HttpRequest", "SecurityScopes", "Connection", "AsyncConnection",
    }
)  # fmt: skip
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


class RequestData:
    """Does an expression carry text from the request? Follows local variables, string
    building and the request objects of Flask, Django, DRF and Starlette/FastAPI."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.data = ctx.scopes
        self.flow = Flow(ctx, self.data)

    def scope_of(
        self, ctx: FileContext
    ) -> tuple[Scope, ast.FunctionDef | ast.AsyncFunctionDef | None]:
        fn = ctx.enclosing_function()
        return self.data.scope(fn), fn

    def source(self, expr: ast.expr, at: ast.AST | None = None) -> str | None:
        """A short description of the request data ``expr`` carries, or None."""
        scope, fn = self.scope_of(self.ctx)
        return self._source(expr, scope, fn, pos_of(at or expr), 0)

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
            chain = self._request_chain(expr, fn)
            if chain is not None:
                return chain
        if isinstance(expr, ast.Subscript):
            return sub(expr.value)
        if isinstance(expr, ast.Attribute):
            if expr.attr in PATH_PARTS and self._is_path_call(expr.value):
                return None  # Path(name).suffix: one segment of the name, no folder
            return sub(expr.value)
        if isinstance(expr, ast.Call):
            return self._call_source(expr, sub)
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
            return self._param_source(name.id, fn)
        for aug in augs:
            if aug.value is not None and self._source(aug.value, scope, fn, aug.pos, depth):
                return f"`{name.id}`"
        if binding.value is None:
            return None
        found = self._source(binding.value, scope, fn, binding.pos, depth)
        return found

    def _param_source(
        self, name: str, fn: ast.FunctionDef | ast.AsyncFunctionDef | None
    ) -> str | None:
        # a Django view's other parameters are URL captures only when the index links it to a
        # URL pattern: helpers called as ``render_page(request, page)`` look the same
        if fn is None or not is_route_handler(fn, self.ctx, django_views=False):
            return None
        args = fn.args
        all_args = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        defaults: dict[str, ast.expr] = {}
        positional = [*args.posonlyargs, *args.args]
        for a, pos_default in zip(
            positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
        ):
            defaults[a.arg] = pos_default
        for a, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if kw_default is not None:
                defaults[a.arg] = kw_default
        arg = next((a for a in all_args if a.arg == name), None)
        if arg is None or name in ("self", "cls", "request", "req"):
            return None
        default = defaults.get(name)
        if isinstance(default, ast.Call) and dotted_name(default.func) in (
            "Depends", "Security", "fastapi.Depends", "fastapi.Security",
        ):  # fmt: skip
            return None
        annotation: ast.expr | None = arg.annotation
        if isinstance(annotation, ast.Subscript) and dotted_name(annotation.value) in (
            "Annotated", "typing.Annotated",
        ):  # fmt: skip
            meta = annotation.slice
            if isinstance(meta, ast.Tuple) and meta.elts:
                if any(
                    isinstance(m, ast.Call) and dotted_name(m.func) in ("Depends", "Security")
                    for m in meta.elts[1:]
                ):
                    return None
                annotation = meta.elts[0]
        if annotation is not None and self._closed_type(annotation):
            return None
        return f"the request parameter `{name}`"

    def _closed_type(self, annotation: ast.expr) -> bool:
        """A type the framework checks the value against, that text cannot escape: numbers,
        ids, dates, ``Literal[...]`` and an ``Enum`` of the file (``lang: Lang``)."""
        name = dotted_name(annotation)
        if name in SAFE_PARAM_TYPES:
            return True
        if name is not None and name.endswith("Dep"):
            return True  # ``SessionDep``, ``AuthManagerDep``: FastAPI's name for a dependency
        if isinstance(annotation, ast.Subscript):
            return dotted_name(annotation.value) in ("Literal", "typing.Literal")
        cls = self.data.classes.get(name or "")
        return cls is not None and any(
            (dotted_name(b) or "").rsplit(".", 1)[-1] in ENUM_BASES for b in cls.bases
        )

    def is_request_object(
        self, expr: ast.expr, fn: ast.FunctionDef | ast.AsyncFunctionDef | None
    ) -> bool:
        if isinstance(expr, ast.Attribute) and expr.attr == "request":
            return dotted_name(expr.value) == "self"  # Django class-based views
        if not isinstance(expr, ast.Name):
            return False
        if self.data.qualified(expr) in REQUEST_MODULES:
            return True
        if fn is None:
            return False
        for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]:
            if a.arg == expr.id:
                ann = dotted_name(a.annotation) if a.annotation is not None else None
                return a.arg in ("request", "req") or (
                    ann is not None and ann.split(".")[-1] in REQUEST_TYPES
                )
        return False

    def _request_chain(
        self, expr: ast.expr, fn: ast.FunctionDef | ast.AsyncFunctionDef | None
    ) -> str | None:
        """``request.args.get("q")``, ``await request.json()``, ``request.GET["x"]``: the
        chain from a request object through one of its data attributes."""
        node: ast.expr = expr
        attrs: list[str] = []
        while True:
            if isinstance(node, ast.Await):
                node = node.value
            elif isinstance(node, ast.Call):
                node = node.func
            elif isinstance(node, ast.Subscript):
                node = node.value
            elif isinstance(node, ast.Attribute):
                if self.is_request_object(node, fn):
                    break
                attrs.append(node.attr)
                node = node.value
            else:
                break
        if not attrs or not self.is_request_object(node, fn):
            return None
        first = attrs[-1]
        if first not in REQUEST_DATA_ATTRS:
            return None
        base = dotted_name(node) or "request"
        return f"`{base}.{first}`"

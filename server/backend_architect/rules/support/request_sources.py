"""Where request data comes from: request objects and their data attributes (Flask, Django,
DRF, Starlette), and the parameters of a route handler that carry what the client sent."""

from __future__ import annotations

import ast

from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..scopes import FileScopes
from .handlers import is_route_handler

# Attributes of a request object that hold what the client sent (Flask, Django, DRF, Starlette).
REQUEST_DATA_ATTRS = frozenset(
    {
        "args", "form", "json", "values", "data", "files", "cookies", "headers", "get_json",
        "get_data", "query_string", "GET", "POST", "body", "query_params", "path_params",
        "FILES", "COOKIES", "META", "stream", "text", "content", "view_args", "match_info",
        "params", "read", "content_params", "query", "post", "rel_url", "full_path",
    }
)  # fmt: skip
REQUEST_MODULES = frozenset(
    {
        "flask.request",
        "quart.request",
        "bottle.request",
        "connexion.request",
        "flask.globals.request",
    }
)
# ``self`` of a request handler class (``http.server``'s ``BaseHTTPRequestHandler``, tornado's
# ``RequestHandler``, ``socketserver``'s): these of its attributes carry what the client sent
HANDLER_CLASS_SUFFIX = "RequestHandler"
HANDLER_DATA_ATTRS = frozenset(
    {"path", "headers", "rfile", "requestline", "get_argument", "get_arguments",
     "get_query_argument", "get_query_arguments", "get_body_argument", "get_body_arguments",
     "get_cookie", "request"}
)  # fmt: skip
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


def is_request_object(
    expr: ast.expr, fn: ast.FunctionDef | ast.AsyncFunctionDef | None, scopes: FileScopes
) -> bool:
    if isinstance(expr, ast.Attribute) and expr.attr == "request":
        return dotted_name(expr.value) == "self"  # Django class-based views
    if not isinstance(expr, ast.Name):
        return False
    if scopes.qualified(expr) in REQUEST_MODULES:
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


def request_chain(
    expr: ast.expr, fn: ast.FunctionDef | ast.AsyncFunctionDef | None, scopes: FileScopes
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
            if is_request_object(node, fn, scopes):
                break
            attrs.append(node.attr)
            node = node.value
        else:
            break
    if not attrs:
        return None
    if (
        isinstance(node, ast.Name)
        and node.id == "self"
        and attrs[-1] in HANDLER_DATA_ATTRS
        and fn is not None
        and _in_handler_class(fn, scopes)
    ):
        return f"`self.{attrs[-1]}`"
    if not is_request_object(node, fn, scopes):
        return None
    first = attrs[-1]
    if first not in REQUEST_DATA_ATTRS:
        return None
    base = dotted_name(node) or "request"
    return f"`{base}.{first}`"


def _in_handler_class(fn: ast.FunctionDef | ast.AsyncFunctionDef, scopes: FileScopes) -> bool:
    """A method of a class whose base is named ``...RequestHandler`` (``http.server``,
    tornado, ``socketserver``): the server calls it with the client's request in ``self``."""
    owner = scopes.owner_of(fn)
    return owner is not None and any(
        (dotted_name(b) or "").rsplit(".", 1)[-1].endswith(HANDLER_CLASS_SUFFIX)
        for b in owner.bases
    )


def param_source(
    name: str, fn: ast.FunctionDef | ast.AsyncFunctionDef | None, ctx: FileContext
) -> str | None:
    # a Django view's other parameters are URL captures only when the index links it to a
    # URL pattern: helpers called as ``render_page(request, page)`` look the same
    if fn is None or not is_route_handler(fn, ctx, django_views=False):
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
    if annotation is not None and _closed_type(annotation, ctx.scopes):
        return None
    return f"the request parameter `{name}`"


def _closed_type(annotation: ast.expr, scopes: FileScopes) -> bool:
    """A type the framework checks the value against, that text cannot escape: numbers,
    ids, dates, ``Literal[...]`` and an ``Enum`` of the file (``lang: Lang``)."""
    name = dotted_name(annotation)
    if name in SAFE_PARAM_TYPES:
        return True
    if name is not None and name.endswith("Dep"):
        return True  # ``SessionDep``, ``AuthManagerDep``: FastAPI's name for a dependency
    if isinstance(annotation, ast.Subscript):
        return dotted_name(annotation.value) in ("Literal", "typing.Literal")
    cls = scopes.classes.get(name or "")
    return cls is not None and any(
        (dotted_name(b) or "").rsplit(".", 1)[-1] in ENUM_BASES for b in cls.bases
    )

"""Which functions are route handlers: the index's routes by handler, and the names and folders that say so."""

from __future__ import annotations

import ast
import os
import re

from ...core.model import Route, Span
from ...index.facts import name_span
from ..file_context import FileContext
from ..nodes import of_type
from ..support.ast_helpers import kwarg
from .ast_helpers import FunctionNode


def _is_route_decorator(dec: ast.expr) -> bool:
    if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute)):
        return False
    if dec.func.attr not in ROUTE_DECORATOR_ATTRS:
        return False
    first = dec.args[0] if dec.args else (kwarg(dec, "path") or kwarg(dec, "rule"))
    value = first.value if isinstance(first, ast.keyword) else first
    return isinstance(value, ast.Constant) and isinstance(value.value, str)


def _is_django_view(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = [*fn.args.posonlyargs, *fn.args.args]
    if args and args[0].arg in ("self", "cls"):
        args = args[1:]
    return bool(args) and args[0].arg == "request"


HANDLER_MODULES = frozenset({"views", "routes", "api", "endpoints", "handlers", "routers"})


def is_route_handler(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    ctx: FileContext,
    module_counts: bool = False,
    django_views: bool = True,
) -> bool:
    """A function the framework calls with a request: a route decorator, the index's routes,
    a view taking ``request`` (unless ``django_views`` is off: helpers take ``request`` too);
    with ``module_counts``, any function of a views/routes module."""
    if any(_is_route_decorator(d) for d in fn.decorator_list):
        return True
    if django_views and _is_django_view(fn):
        return True
    if any(r.span.start.line == fn.lineno - 1 for r in ctx.routes()):
        return True
    if module_counts:
        parts = ctx.relative_parts
        stem = os.path.splitext(parts[-1])[0]
        return stem in HANDLER_MODULES or any(p in HANDLER_FOLDERS for p in parts[:-1])
    return False


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def handlers(ctx: FileContext) -> list[tuple[FunctionNode, list[Route]]]:
    """Each handler function of this file with the routes it serves (a router included
    twice gives one function and two routes). Views without a written method (a DRF
    ``ModelViewSet``'s ``list``) have no function here: nothing to read."""
    routes = [r for r in ctx.routes() if r.framework != "graphql"]
    if not routes:
        return []
    # the file's functions by name, once for every rule that asks
    shared = ctx.shared.get("handlers.by_span")
    by_span: dict[Span, FunctionNode]
    if isinstance(shared, dict):
        by_span = shared
    else:
        by_span = {}
        for node in of_type(ctx.tree, ast.FunctionDef, ast.AsyncFunctionDef):
            by_span[name_span(node, ctx.lines)] = node
        ctx.shared["handlers.by_span"] = by_span
    out: dict[int, tuple[FunctionNode, list[Route]]] = {}
    for route in routes:
        fn = by_span.get(route.span)
        if fn is not None:
            out.setdefault(id(fn), (fn, []))[1].append(route)
    return sorted(out.values(), key=lambda item: item[0].lineno)


def path_params(route: Route) -> set[str]:
    names = {p.name for p in route.parameters if p.kind == "path"}
    return names | set(re.findall(r"{(\w+)", route.path))


# Flows that must be open to callers who are not signed in, or that the caller reaches from
# an e-mail link or a third party (matched against path segments and the handler's name).
PUBLIC_FLOW_RE = re.compile(
    r"(?i)(?:^|[-_/.])(?:log_?in|log_?on|sign_?in|sign-in|sign_?up|sign-up|register|registration|"
    r"token|tokens|refresh|password|forgot|reset|recover|verify|verification|confirm|activate|"
    r"oauth|oauth2|callback|logout|log-out|unsubscribe|auth|authenticate|magic-link|otp)"
    r"(?:$|[-_/.])"
)


def is_public_flow(route: Route, fn: FunctionNode) -> bool:
    return bool(PUBLIC_FLOW_RE.search(route.path.lower()) or PUBLIC_FLOW_RE.search(f"_{fn.name}_"))


ROUTE_DECORATOR_ATTRS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "route", "api_route", "websocket"}
)

# ... as folders: ``api/`` is often a whole package (its serializers, schemas and clients too)
HANDLER_FOLDERS = HANDLER_MODULES - {"api"}


def is_opened(route: Route) -> bool:
    """Opened on purpose: ``AllowAny``, empty ``permission_classes``, ``login_not_required``."""
    return any(a.public for a in route.auth)

"""BA3xx: API design and contract."""

from __future__ import annotations

import ast
import re

from ..core.model import Edit, Fix, Route, Severity, Span
from ..index.facts import name_span, span_of
from ..index.frameworks.common import status_literal
from .file_context import FileContext
from .nodes import of_type
from .registry import Rule, RuleInfo, register
from .support.ast_helpers import FunctionNode, body_nodes, call_name, chain, receiver
from .support.handlers import handlers, is_public_flow
from .support.orm import DJANGO_MANAGERS, SESSION_RE

# Verbs that name an action rather than a resource. Matched against whole path segments (or
# their first word: ``createUser``, ``get-users``, ``delete_item``).
# Words that are also common resource names (post, patch, set, change, new) are left out.
VERBS = (
    "get|fetch|retrieve|read|list|create|add|insert|make|update|edit|modify|"
    "delete|remove|destroy|del|save"
)
VERB_SEGMENT_RE = re.compile(rf"^(?i:{VERBS})(?:$|[-_.]|(?=[A-Z]))")


@register
class VerbInPath(Rule):
    info = RuleInfo(
        code="BA301",
        name="verb-in-path",
        summary="Route path contains a verb; name the resource and let the HTTP method say the action.",
        severity=Severity.WARNING,
        rationale=(
            "REST paths name resources (`/users/{id}`); the method says what happens to them. "
            "`POST /createUser` or `GET /users/get/{id}` duplicates the method in the path, "
            "makes the API inconsistent, and hides that one resource has several URLs. "
            "Handlers that answer a browser (render a template or redirect, as a form's "
            "`POST /posts/<id>/delete` does) are left alone: HTML forms only send GET and POST, "
            "so there the action has to be in the path."
        ),
        bad='@router.post("/users/create")\ndef create_user(user: UserIn): ...',
        good='@router.post("/users", status_code=201)\ndef create_user(user: UserIn): ...',
    )

    def check_file(self, ctx: FileContext) -> None:
        pages = {route.span for fn, routes in handlers(ctx) if renders_page(fn) for route in routes}
        for route in ctx.routes():
            # a GraphQL mutation is named for its action (createUser): no path to judge; a
            # websocket is a channel, not a resource (``/ws/subscribe``)
            if route.decorator_span is None or route.framework == "graphql" or route.is_websocket:
                continue
            # an HTML form's page (``/posts/<id>/update`` rendering a template): browsers
            # only GET and POST, so the action is in the path by necessity, not design
            if route.span in pages:
                continue
            segments = [s for s in route.local_path.split("/") if s and not s.startswith("{")]
            verb = next((s for s in segments if VERB_SEGMENT_RE.match(s)), None)
            if verb is None:
                continue
            span = self._segment_span(ctx, route.decorator_span, verb) or route.decorator_span
            ctx.report(
                span,
                f"`{route.label}`: the path segment `{verb}` is a verb; name the resource and "
                "let the HTTP method carry the action",
            )

    @staticmethod
    def _segment_span(ctx: FileContext, decorator: Span, segment: str) -> Span | None:
        """The segment inside the decorator's path string, for a precise squiggle."""
        for line_no in range(decorator.start.line, decorator.end.line + 1):
            line = ctx.lines[line_no] if line_no < len(ctx.lines) else ""
            start = decorator.start.column if line_no == decorator.start.line else 0
            for m in re.finditer(re.escape(segment), line[start:]):
                col = start + m.start()
                before = line[col - 1] if col > 0 else ""
                if before in "/\"'{":
                    return Span.of(line_no, col, line_no, col + len(segment))
        return None


# --- handler bodies: shared by the BA2xx and BA3xx rules that read them -------------------


# calls that answer a browser: a rendered page (Flask, Django, Starlette/FastAPI templates) or
# a redirect to one (the POST-redirect-GET of a form)
PAGE_RENDERERS = frozenset(
    {"render_template", "render", "render_to_response", "TemplateResponse", "redirect"}
)


def renders_page(fn: FunctionNode) -> bool:
    """The handler answers a browser: a rendered template or a redirect in its body."""
    for node in body_nodes(fn):
        if isinstance(node, ast.Call):
            func = node.func
            last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if last in PAGE_RENDERERS:
                return True
    return False


def is_session(expr: ast.expr | None) -> bool:
    """``db``, ``session``, ``self.session``, ``db.session`` (not ``request.session``)."""
    names = chain(expr) if expr is not None else []
    return bool(names) and SESSION_RE.search(names[-1]) is not None and "request" not in names


# one reader of status literals for the index and the rules
status_value = status_literal


def keyword(call: ast.Call, *names: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg in names), None)


def sql_verb(expr: ast.expr) -> str | None:
    """The first word of a SQL string in ``expr`` (a literal, ``text(...)`` or an f-string)."""
    if isinstance(expr, ast.Call) and call_name(expr) == "text" and expr.args:
        expr = expr.args[0]
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        text = expr.value
    elif isinstance(expr, ast.JoinedStr) and expr.values:
        first = expr.values[0]
        text = str(first.value) if isinstance(first, ast.Constant) else ""
    else:
        return None
    m = re.match(r"\s*(\w+)", str(text))
    return m.group(1).upper() if m else None


SQL_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT", "TRUNCATE"})
# SQLAlchemy core statements: ``db.execute(insert(User).values(...))``
CORE_WRITES = {"insert": "create", "update": "write", "delete": "write"}
# pymongo / motor collection methods: unambiguous names
MONGO_WRITES = {
    "insert_one": "create", "insert_many": "create", "update_one": "write",
    "update_many": "write", "replace_one": "write", "delete_one": "write",
    "delete_many": "write", "find_one_and_update": "write", "find_one_and_delete": "write",
}  # fmt: skip
DJANGO_WRITES = {
    "create": "create", "bulk_create": "create", "get_or_create": "create",
    "update_or_create": "create", "update": "write", "delete": "write", "bulk_update": "write",
}  # fmt: skip


def write_kind(call: ast.Call, created: set[str]) -> str | None:
    """ "create" or "write" when ``call`` changes stored data, else None.

    Precision first: ``.add`` / ``.update`` / ``.delete`` are also set, dict and cache
    methods, so they count only on a session, a Django manager or queryset, or a
    Flask-SQLAlchemy ``Model.query``. ``created`` holds the names bound to objects built in
    the handler (``item = Item(...)``): adding one of those is a create.
    """
    name = call_name(call)
    names = chain(call.func)[:-1]
    recv = receiver(call)
    if name in MONGO_WRITES:
        return MONGO_WRITES[name]
    if is_session(recv):
        if name in {"add", "add_all"} and call.args:
            new = call.args[0]
            is_new = (isinstance(new, ast.Name) and new.id in created) or (
                isinstance(new, ast.Call) and _is_constructor(new)
            )
            return "create" if is_new else "write"
        if name in {"delete", "merge", "commit", "bulk_save_objects", "bulk_insert_mappings"}:
            return "create" if name == "bulk_insert_mappings" else "write"
        if name in {"execute", "exec", "executemany", "exec_driver_sql"} and call.args:
            stmt = call.args[0]
            verb = sql_verb(stmt)
            if verb in SQL_WRITES:
                return "create" if verb == "INSERT" else "write"
            core = chain(stmt)
            if core and core[0] in CORE_WRITES:
                return CORE_WRITES[core[0]]
        return None
    if name in DJANGO_WRITES and any(n in DJANGO_MANAGERS or n == "query" for n in names):
        return DJANGO_WRITES[name]
    if name == "create" and recv is not None and _is_class_name(recv):
        return "create"  # Tortoise / Peewee / Beanie: ``await Item.create(...)``
    if name in {"save", "delete"} and not call.args and recv is not None:
        # an ORM instance's save()/delete(); with positional arguments it is a file or
        # image being saved, a cache key or a URL being deleted
        if "request" in chain(recv):
            return None
        if name == "save" and any(
            "serializer" in n.lower() or n.lower().endswith("form") for n in chain(recv)
        ):
            return "create" if _built_without_instance(recv, created) else "write"
        return "write"
    return None


def _is_class_name(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id[:1].isupper() and not expr.id.isupper()


def _is_constructor(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and _is_class_name(call.func)


def _built_without_instance(recv: ast.expr, created: set[str]) -> bool:
    return isinstance(recv, ast.Name) and recv.id in created


def constructed_names(fn: FunctionNode) -> set[str]:
    """Names bound in the handler to a new object: ``item = Item(**data)``, and DRF/Django
    serializers and forms built from request data alone (``Serializer(data=...)``), whose
    ``save()`` creates."""
    out: set[str] = set()
    for node in body_nodes(fn):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and _is_constructor(node.value)
        ):
            call = node.value
            built_from_data = not call.args or (
                len(call.args) == 1
                and isinstance(call.args[0], ast.Attribute)
                and call.args[0].attr in {"data", "POST"}
            )
            if keyword(call, "instance") is None and built_from_data:
                out.add(node.targets[0].id)
    return out


def writes(fn: FunctionNode) -> list[tuple[ast.Call, str]]:
    created = constructed_names(fn)
    out = []
    for node in body_nodes(fn):
        if isinstance(node, ast.Call):
            kind = write_kind(node, created)
            if kind is not None:
                out.append((node, kind))
    return out


def returns(fn: FunctionNode) -> list[ast.Return]:
    return [n for n in body_nodes(fn) if isinstance(n, ast.Return)]


def decorator_call(fn: FunctionNode, route: Route, ctx: FileContext) -> ast.Call | None:
    """The route decorator of ``fn`` (the one the index recorded for ``route``)."""
    if route.decorator_span is None:
        return None
    for dec in fn.decorator_list:
        if isinstance(dec, ast.Call) and span_of(dec, ctx.lines) == route.decorator_span:
            return dec
    return None


# --- BA302 ------------------------------------------------------------------------------

VERSION_SEGMENT_RE = re.compile(r"^v\d+(?:\.\d+)?$", re.IGNORECASE)
# Paths that live outside any API version on purpose: probes, docs, the admin, static files;
# the API of the project's own front end (``/ui``, ``/internal``, ``/_...``), which ships with
# it; webhooks and OAuth callbacks, whose paths the calling service fixes.
INFRA_RE = re.compile(
    r"^/(?:$|health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status|"
    r"metrics|docs|redoc|openapi|swagger|schema|admin|static|media|favicon|robots|\.well-known|"
    r"graphql|version|_|(?:ui|internal|private|webhooks?|callbacks?|oauth2?)(?:/|$))",
    re.IGNORECASE,
)


# a route that only catches what the others do not (a front end's page fallback)
CATCH_ALL_RE = re.compile(r"^/\{[^/]+\}$")


def is_versioned(path: str) -> bool:
    """A version segment among the first three: ``/v1/...``, ``/api/v2/...``."""
    segments = [s for s in path.split("/") if s][:3]
    return any(VERSION_SEGMENT_RE.match(s) for s in segments)


@register
class UnversionedPath(Rule):
    info = RuleInfo(
        code="BA302",
        name="unversioned-path",
        summary="Public path without the API version the rest of the project uses.",
        severity=Severity.INFO,
        rationale=(
            "When most endpoints live under a version (`/api/v1/...`) or the project configures "
            "a prefix (`api-prefix`), an endpoint outside it cannot be evolved with the others: "
            "a breaking change to it breaks every client at once, and clients have to know "
            "which paths follow which convention. Fires only when most routes are versioned "
            "(at least three, more than half) or a prefix is configured; health probes, docs, "
            "the admin, static files, the front end's own API (`/ui`, `/internal`, `/_...`), "
            "webhooks and OAuth callbacks are left alone."
        ),
        bad='app.include_router(v1, prefix="/api/v1")\n\n@app.get("/orders")\ndef list_orders(): ...',
        good='app.include_router(v1, prefix="/api/v1")\n\n@v1.get("/orders")\ndef list_orders(): ...',
    )

    def __init__(self) -> None:
        # (index, generation, the API roots whose routes mostly carry a version)
        self._versions: tuple[int, int, frozenset[str]] | None = None

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        by_handler: dict[Span, list[Route]] = {}
        for route in ctx.routes():
            if route.framework != "graphql" and route.reachable and not route.is_websocket:
                by_handler.setdefault(route.span, []).append(route)
        if not by_handler:
            return  # before the project-wide count: most files hold no route
        settings = ctx.settings
        prefix = (settings.api_prefix or "").rstrip("/") if settings is not None else ""
        versioned_apis = self._versioned_apis(ctx)
        if not prefix and not versioned_apis:
            return
        roots = ctx.index.sub_app_roots
        for routes in by_handler.values():
            if _outside_versions(routes[0].path):
                continue
            if not prefix and _api_root(routes[0].path, roots) not in versioned_apis:
                continue  # an app mounted inside another keeps its own convention
            if prefix:
                if any(_under(r.path, prefix) for r in routes):
                    continue
                why = f"outside the configured prefix `{prefix}`"
            else:
                if any(is_versioned(r.path) for r in routes):
                    continue
                why = "without a version, while most of the project's routes carry one"
            route = routes[0]
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` is {why}; serve it under the versioned API",
            )

    def _versioned_apis(self, ctx: FileContext) -> frozenset[str]:
        """The APIs (the root app, and each app mounted inside another, by its mount path)
        where most routes carry a version (counted once per index generation: every file
        with routes asks)."""
        index = ctx.index
        assert index is not None
        known = self._versions
        if known is not None and known[:2] == (id(index), index.generation):
            return known[2]
        paths: dict[str, set[str]] = {}
        for r in index.published_routes():
            if r.framework != "graphql" and not _outside_versions(r.path):
                paths.setdefault(_api_root(r.path, index.sub_app_roots), set()).add(r.path)
        answer = frozenset(
            root
            for root, group in paths.items()
            if (versioned := sum(1 for p in group if is_versioned(p))) >= 3
            and versioned * 2 > len(group)
        )
        self._versions = (id(index), index.generation, answer)
        return answer


def _outside_versions(path: str) -> bool:
    return bool(INFRA_RE.match(path) or CATCH_ALL_RE.match(path))


def _api_root(path: str, roots: frozenset[str]) -> str:
    """The mount path of the innermost app serving ``path`` ("" for the root app)."""
    return max((r for r in roots if _under(path, r)), key=len, default="")


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


# --- BA303 ------------------------------------------------------------------------------

# GET links that change state by design: e-mail confirmation, unsubscribe, OAuth callbacks.
# GETs that change state by design: links followed from an e-mail (confirm, verify, activate,
# unsubscribe; a path carrying a token or secret) and returns from an identity or payment
# provider (callback, return, oauth)
LINK_FLOW_RE = re.compile(
    r"(?i)(?:^|[-_/.])(?:(?:confirm|verif|activat)[a-z]*|unsubscribe|callback|return|oauth2?|"
    r"logout|magic)(?:$|[-_/.])"
    r"|\{(?:[a-z]+_)?(?:token|secret|hash|signature)\}"
)


@register
class GetWrites(Rule):
    info = RuleInfo(
        code="BA303",
        name="get-handler-writes",
        summary="GET handler changes stored data.",
        severity=Severity.WARNING,
        rationale=(
            "GET must be safe: browsers prefetch it, crawlers follow it, proxies and CDNs cache "
            "and retry it. A GET that adds, updates or deletes rows changes data when nobody "
            "meant to, and cannot be protected by CSRF tokens. Writes are recognised on a "
            "session (`add`, `delete`, `execute` of INSERT/UPDATE/DELETE), a Django manager or "
            "queryset (`create`, `update`, `delete`), an instance's `save()`/`delete()` and "
            "MongoDB write methods. Links that change state by design (confirm, verify, "
            "unsubscribe, OAuth callbacks) are left alone."
        ),
        bad='@app.get("/items/{item_id}")\ndef read_item(item_id: int, db: Session):\n'
        "    item = db.get(Item, item_id)\n    item.views += 1\n    db.commit()\n    return item",
        good='@app.get("/items/{item_id}")\ndef read_item(item_id: int, db: Session):\n'
        "    return db.get(Item, item_id)",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            methods = {m for r in routes for m in r.methods}
            if methods - {"GET", "HEAD", "OPTIONS"} or "GET" not in methods:
                continue  # a view that also answers POST writes on that branch
            if any(LINK_FLOW_RE.search(r.path) for r in routes) or LINK_FLOW_RE.search(fn.name):
                continue
            found = writes(fn)
            if found:
                call, _ = found[0]
                ctx.report(
                    call,
                    f"`{routes[0].label}` changes stored data in a GET handler; use "
                    "POST/PUT/PATCH/DELETE for changes",
                )


# --- BA304 ------------------------------------------------------------------------------


def explicit_statuses(fn: FunctionNode) -> list[int | None]:
    """Statuses the handler sets itself: Flask ``return body, 201``, ``Response(...,
    status=201)`` / ``JSONResponse(status_code=201)``, ``response.status_code = 201``
    (None for one set but not readable)."""
    out: list[int | None] = []
    for node in body_nodes(fn):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            elts = node.value.elts
            if len(elts) >= 2:
                out.append(status_value(elts[1]))
        elif isinstance(node, ast.Call) and call_name(node).endswith("Response"):
            status = keyword(node, "status", "status_code")
            if status is not None:
                out.append(status_value(status))
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Attribute) and t.attr in {"status_code", "status"}:
                    out.append(status_value(node.value))
    return out


@register
class CreateNot201(Rule):
    info = RuleInfo(
        code="BA304",
        name="create-not-201",
        summary="POST handler creates a resource but answers 200 instead of 201 Created.",
        severity=Severity.INFO,
        rationale=(
            "`201 Created` tells clients and generated SDKs that a new resource exists (and "
            "where, with a `Location` header); `200` says only that something happened. A POST "
            "handler is taken to create when it adds a newly built object to a session, calls "
            "`objects.create` / `Model.create`, runs an INSERT, or saves a serializer built "
            "from request data. A status the handler sets itself (any status) is respected, "
            "and login, token and similar flows are left alone, as are HTML forms (a handler "
            "that renders a page or redirects). The quick fix adds "
            "`status_code=201` to a FastAPI decorator."
        ),
        bad='@router.post("/items")\ndef create_item(item_in: ItemIn, db: Session):\n'
        "    item = Item(**item_in.model_dump())\n    db.add(item)\n    db.commit()\n    return item",
        good='@router.post("/items", status_code=201)\ndef create_item(item_in: ItemIn, db: Session):\n'
        "    item = Item(**item_in.model_dump())\n    db.add(item)\n    db.commit()\n    return item",
        fixable=True,
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if set(route.methods) != {"POST"} or is_public_flow(route, fn):
                continue
            if route.status_code is not None or explicit_statuses(fn):
                continue
            if renders_page(fn):  # a form's POST answers a page or a redirect, not 201
                continue
            creates = [c for c, kind in writes(fn) if kind == "create"]
            if not creates:
                continue
            dec = decorator_call(fn, route, ctx) if route.framework == "fastapi" else None
            fix = self._fix(ctx, dec) if dec is not None else None
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` creates a resource and answers 200; answer 201 Created",
                fix=fix,
            )

    @staticmethod
    def _fix(ctx: FileContext, dec: ast.Call) -> Fix | None:
        end = span_of(dec, ctx.lines).end
        line = ctx.lines[end.line]
        if end.column < 1 or line[end.column - 1] != ")":
            return None
        # After a trailing comma (a call spread over lines), the keyword goes after the comma.
        last = max(
            (span_of(n, ctx.lines).end for n in [*dec.args, *(k.value for k in dec.keywords)]),
            default=None,
        )
        if last is None:
            return None
        after = ctx.lines[last.line][last.column :]
        if after.lstrip().startswith(","):
            col = last.column + after.index(",") + 1
            edit = Edit(ctx.path, Span.of(last.line, col, last.line, col), " status_code=201,")
        else:
            edit = Edit(
                ctx.path,
                Span.of(last.line, last.column, last.line, last.column),
                ", status_code=201",
            )
        return Fix("Answer 201 Created (status_code=201)", (edit,))


# --- BA305 ------------------------------------------------------------------------------


def _is_none(expr: ast.expr | None) -> bool:
    return expr is None or (isinstance(expr, ast.Constant) and expr.value is None)


def _is_empty_body(expr: ast.expr | None) -> bool:
    return _is_none(expr) or (isinstance(expr, ast.Constant) and expr.value in ("", b""))


def _is_response_call(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Call) and call_name(expr).endswith("Response")


@register
class DeleteStatus(Rule):
    info = RuleInfo(
        code="BA305",
        name="delete-status",
        summary="DELETE handler answers 200 with no body, or declares 204 and returns a body.",
        severity=Severity.INFO,
        rationale=(
            "A delete that returns nothing should say `204 No Content`; a `200` with an empty "
            "or `null` body makes clients parse a body that is not there. The reverse is a bug: "
            "with `204` declared, whatever the handler returns is dropped on the way out. "
            "A `200` that returns the deleted object is fine. Checked: FastAPI (`status_code` "
            "on the decorator against the handler's returns), Flask (`return '', 200` or a "
            "body with `204`) and DRF (`Response()` without a status, `Response(data, "
            "status=204)`)."
        ),
        bad='@router.delete("/items/{item_id}")\ndef delete_item(item_id: int, db: Session):\n'
        "    db.delete(db.get(Item, item_id))\n    db.commit()",
        good='@router.delete("/items/{item_id}", status_code=204)\n'
        "def delete_item(item_id: int, db: Session) -> None:\n"
        "    db.delete(db.get(Item, item_id))\n    db.commit()",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if set(route.methods) != {"DELETE"}:
                continue
            values = [r.value for r in returns(fn)]
            if route.framework == "fastapi":
                self._fastapi(ctx, fn, route, values)
            elif route.framework in {"flask", "starlette", "django", "drf"}:
                self._explicit(ctx, route, values)

    def _fastapi(
        self, ctx: FileContext, fn: FunctionNode, route: Route, values: list[ast.expr | None]
    ) -> None:
        if any(_is_response_call(v) for v in values):
            return  # the handler builds its response (and status) itself
        status = route.status_code
        bodies = [v for v in values if v is not None and not _is_none(v)]
        if status in (None, 200) and not bodies and route.response_model is None:
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` returns no body with status 200 (`null`); declare "
                "`status_code=204`",
            )
        elif status == 204 and bodies:
            ctx.report(bodies[0], f"`{route.label}` declares 204 No Content; this body is dropped")

    def _explicit(self, ctx: FileContext, route: Route, values: list[ast.expr | None]) -> None:
        for value in values:
            body: ast.expr | None
            if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                body, status = value.elts[0], status_value(value.elts[1])
            elif _is_response_call(value):
                assert isinstance(value, ast.Call)
                body = value.args[0] if value.args else keyword(value, "data", "content")
                status_expr = keyword(value, "status", "status_code")
                status = status_value(status_expr) if status_expr is not None else 200
            elif isinstance(value, ast.Constant) and value.value in ("", b""):
                body, status = value, 200
            else:
                continue
            if status == 204 and not _is_empty_body(body):
                ctx.report(value, f"`{route.label}` answers 204 No Content; this body is dropped")
            elif status == 200 and _is_empty_body(body):
                ctx.report(
                    value, f"`{route.label}` answers 200 with no body; answer 204 No Content"
                )


# --- BA306 ------------------------------------------------------------------------------

PAGINATION_PARAM_RE = re.compile(
    r"(?i)^(?:limit|offset|skip|take|page|page_?size|per_?page|size|cursor|after|before|first|"
    r"last|start|count|max_?results|page_?token|paginat\w*|params)$"
)
QUERY_MARKS = frozenset(
    {
        "query",
        "objects",
        "scalars",
        "execute",
        "filter",
        "filter_by",
        "where",
        "order_by",
        "select",
        "exclude",
    }
)
BOUNDS = frozenset(
    {
        "limit",
        "slice",
        "paginate",
        "first",
        "one",
        "one_or_none",
        "scalar",
        "get",
        "count",
        "exists",
        "[]",
        "fetch",
        "first_or_404",
        "scalar_one",
        "scalar_one_or_none",
        "get_or_404",
        "iterator",
        "aggregate",
    }
)
# wrappers whose result is not a list of rows
REDUCERS = frozenset({"len", "sum", "max", "min", "any", "all", "bool", "next", "dict"})


def unbounded_query(expr: ast.expr) -> bool:
    """``q.all()``, ``Model.objects.all()`` / ``.filter(...)``, ``db.scalars(select(X))``
    with no ``limit``/slice/``first`` anywhere along the chain."""
    if not isinstance(expr, ast.Call):
        return False
    names = chain(expr.func)
    inner = [c for c in ast.walk(expr) if isinstance(c, (ast.Call, ast.Subscript, ast.Attribute))]
    bounded = any(
        (isinstance(c, ast.Attribute) and c.attr in BOUNDS) or isinstance(c, ast.Subscript)
        for c in inner
    )
    if bounded:
        return False
    last = names[-1] if names else ""
    if last == "all" and any(n in QUERY_MARKS or n in DJANGO_MANAGERS for n in names[:-1]):
        return True
    if last in {"all", "filter", "exclude", "order_by"} and any(
        n in DJANGO_MANAGERS for n in names
    ):
        return True
    if last in {"scalars", "execute", "exec"} and is_session(receiver(expr)) and expr.args:
        stmt = chain(expr.args[0])
        return bool(stmt) and stmt[0] == "select"
    return False


def _returned_queries(fn: FunctionNode) -> list[ast.Call]:
    """Unbounded queries whose rows reach a ``return`` (directly, through names assigned from
    them, comprehensions and serializers), outermost call first per site."""
    tainted: dict[str, ast.Call] = {}
    sites: list[ast.Call] = []

    def find(expr: ast.AST) -> ast.Call | None:
        todo = [expr]
        while todo:
            node = todo.pop(0)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in REDUCERS
            ):
                continue
            if isinstance(node, ast.expr) and unbounded_query(node):
                assert isinstance(node, ast.Call)
                return node
            if isinstance(node, ast.Name) and node.id in tainted:
                return tainted[node.id]
            if isinstance(node, ast.Subscript):
                continue  # rows[:10]
            todo.extend(ast.iter_child_nodes(node))
        return None

    for _ in range(3):  # names assigned from names assigned from a query
        for node in body_nodes(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id not in tainted:
                    found = find(node.value)
                    if found is not None:
                        tainted[target.id] = found
            elif isinstance(node, ast.For) and (found := find(node.iter)) is not None:
                # ``for row in rows: out.append(...)``: ``out`` grows with the query
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and call_name(inner) in {"append", "extend"}
                        and isinstance(recv := receiver(inner), ast.Name)
                    ):
                        tainted.setdefault(recv.id, found)
    for ret in returns(fn):
        if ret.value is not None:
            found = find(ret.value)
            if found is not None and found not in sites:
                sites.append(found)
    return sites


def _reads_pagination(fn: FunctionNode) -> bool:
    """``request.args.get("page")``, ``request.GET["limit"]``, ``query_params.get("cursor")``."""
    for node in body_nodes(fn):
        key: ast.expr | None = None
        if isinstance(node, ast.Call) and call_name(node) in {"get", "getlist"} and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript):
            key = node.slice
        if (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and PAGINATION_PARAM_RE.match(key.value)
        ):
            return True
        if isinstance(node, ast.Name) and node.id in {"paginator", "Paginator"}:
            return True
        if isinstance(node, ast.Attribute) and node.attr in {"paginate_queryset", "paginate"}:
            return True
    return False


@register
class ListWithoutPagination(Rule):
    info = RuleInfo(
        code="BA306",
        name="list-without-pagination",
        summary="List endpoint returns an unbounded query and takes no pagination parameters.",
        severity=Severity.WARNING,
        rationale=(
            "A list endpoint that returns every row is fast on a developer's database and "
            "falls over in production: response size, memory and query time grow with the "
            "table, and clients cannot page. Fires for a GET handler whose returned value comes "
            "from `.all()` (or a `select()` run without `limit`, or a Django queryset without "
            "a slice) when the route has no `limit`/`offset`/`page`/`cursor`/`size` parameter "
            "and the handler reads none from the query string."
        ),
        bad='@router.get("/orders")\ndef list_orders(db: Session):\n'
        "    return db.scalars(select(Order)).all()",
        good='@router.get("/orders")\ndef list_orders(db: Session, limit: int = 50, offset: int = 0):\n'
        "    return db.scalars(select(Order).offset(offset).limit(limit)).all()",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            # DRF also serves ``search.{format}``: judge the plain path
            route = next((r for r in routes if "format-suffix" not in r.tags), routes[0])
            if "GET" not in route.methods or set(route.methods) - {"GET", "HEAD", "ANY"}:
                continue
            if route.path.rstrip("/").endswith("}"):
                continue  # a detail route: one resource, whatever it embeds
            params = {p.name for p in route.parameters} | {
                a.arg for a in fn.args.args + fn.args.kwonlyargs
            }
            if any(PAGINATION_PARAM_RE.match(p) for p in params) or _reads_pagination(fn):
                continue
            for site in _returned_queries(fn):
                ctx.report(
                    site,
                    f"`{route.label}` returns every row of this query; take `limit`/`offset` "
                    "(or a cursor) and bound it",
                )


# --- BA307 ------------------------------------------------------------------------------


@register
class NoResponseModel(Rule):
    info = RuleInfo(
        code="BA307",
        name="no-response-model",
        summary="FastAPI route with neither `response_model` nor a return annotation.",
        severity=Severity.HINT,
        rationale=(
            "FastAPI documents, validates and filters a response from `response_model` or the "
            "handler's return annotation. Without either, the OpenAPI schema says nothing about "
            "the body, generated clients get `any`, and fields the handler did not mean to "
            "expose (a password hash on an ORM object) go out unfiltered. Routes that build "
            "their own `Response`, declare `response_class`, answer 204 or are hidden from the "
            "schema are left alone."
        ),
        bad='@router.get("/users/{user_id}")\ndef read_user(user_id: int, db: Session):\n'
        "    return db.get(User, user_id)",
        good='@router.get("/users/{user_id}")\ndef read_user(user_id: int, db: Session) -> UserOut:\n'
        "    return db.get(User, user_id)",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if route.framework != "fastapi" or fn.returns is not None or route.is_websocket:
                continue  # a websocket answers with messages, not a response body
            dec = decorator_call(fn, route, ctx)
            if dec is None:
                continue
            if any(keyword(dec, k) is not None for k in ("response_model", "response_class")):
                continue
            hidden = keyword(dec, "include_in_schema")
            if route.status_code == 204 or (
                isinstance(hidden, ast.Constant) and hidden.value is False
            ):
                continue
            values = [r.value for r in returns(fn) if not _is_none(r.value)]
            if values and all(_is_response_call(v) for v in values):
                continue
            ctx.report(
                name_span(fn, ctx.lines),
                f"`{route.label}` has no `response_model` and no return annotation; its "
                "response is undocumented and unfiltered",
            )


# --- BA309 ------------------------------------------------------------------------------


@register
class NoDocstring(Rule):
    info = RuleInfo(
        code="BA309",
        name="handler-without-docstring",
        summary="Route handler without a docstring.",
        severity=Severity.INFO,
        rationale=(
            "FastAPI and DRF turn a handler's docstring into the operation's description in "
            "the OpenAPI document and the browsable API; Flask's generators (flask-smorest, "
            "apispec) read it too. Without one, the published documentation shows a bare path, "
            "and the reader of the code has to infer the contract from the body. Left alone: "
            "a handler whose decorator writes the description (`summary=`/`description=` on "
            "the route, drf-spectacular's `extend_schema`), and a method of a documented view "
            "class (DRF and drf-spectacular fall back to the class docstring)."
        ),
        bad='@router.get("/orders/{order_id}")\ndef read_order(order_id: int) -> OrderOut:\n'
        "    ...",
        good='@router.get("/orders/{order_id}")\ndef read_order(order_id: int) -> OrderOut:\n'
        '    """One of the caller\'s orders, with its lines; 404 for another customer\'s."""\n'
        "    ...",
    )

    def check_file(self, ctx: FileContext) -> None:
        documented_classes = {
            id(item)
            for cls in of_type(ctx.tree, ast.ClassDef)
            if ast.get_docstring(cls) is not None
            for item in cls.body
        }
        for fn, routes in handlers(ctx):
            if ast.get_docstring(fn) is not None or _described_by_decorator(fn):
                continue
            if id(fn) in documented_classes:
                continue  # a view class's docstring: DRF and drf-spectacular fall back to it
            ctx.report(
                name_span(fn, ctx.lines), f"`{routes[0].label}`: the handler has no docstring"
            )


# keywords that give an operation its text in the schema: FastAPI's route decorators,
# drf-spectacular's extend_schema, drf-yasg's swagger_auto_schema, flask-smorest's doc
DESCRIPTION_KEYWORDS = frozenset(
    {"description", "summary", "operation_description", "operation_summary"}
)


def _described_by_decorator(fn: FunctionNode) -> bool:
    """A decorator writes the operation's description (``@extend_schema(description=...)``,
    ``@router.get("/x", summary=...)``): an empty string or None does not count."""
    for dec in fn.decorator_list:
        if not isinstance(dec, ast.Call):
            continue
        for kw in dec.keywords:
            if kw.arg not in DESCRIPTION_KEYWORDS:
                continue
            if isinstance(kw.value, ast.Constant) and not kw.value.value:
                continue
            return True
    return False


# --- BA308 ------------------------------------------------------------------------------

ERROR_KEYS = frozenset({"error", "errors", "detail", "message", "msg", "error_message", "err"})


def error_sites(fn: FunctionNode) -> list[tuple[str, ast.expr]]:
    """(shape, node) for each error response the handler writes: the top-level key of a
    dict body sent with a status >= 400, or FastAPI's ``HTTPException`` (``{"detail": ...}``)."""
    out: list[tuple[str, ast.expr]] = []
    for node in body_nodes(fn):
        body: ast.expr | None = None
        status: int | None = None
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            elts = node.value.elts
            if len(elts) >= 2:
                body, status = elts[0], status_value(elts[1])
        elif isinstance(node, ast.Call) and call_name(node).endswith("Response"):
            body = node.args[0] if node.args else keyword(node, "content", "data")
            status = status_value(keyword(node, "status", "status_code"))
        elif (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and call_name(node.exc) == "HTTPException"
            and (keyword(node.exc, "detail") is not None or len(node.exc.args) >= 2)
        ):
            out.append(("detail", node.exc.func))
            continue
        if status is None or status < 400:
            continue
        if isinstance(body, ast.Call) and call_name(body) == "jsonify":
            if body.keywords and not body.args:
                key = body.keywords[0]
                if key.arg in ERROR_KEYS:
                    out.append((key.arg, key.value))
                continue
            body = body.args[0] if len(body.args) == 1 else None
        if isinstance(body, ast.Dict) and body.keys:
            first = body.keys[0]
            if isinstance(first, ast.Constant) and first.value in ERROR_KEYS:
                out.append((str(first.value), first))
    return out


@register
class InconsistentErrorShape(Rule):
    info = RuleInfo(
        code="BA308",
        name="inconsistent-error-shape",
        summary="Error response shaped differently from the project's other handlers.",
        severity=Severity.INFO,
        rationale=(
            'Clients read errors in one place: if most handlers answer `{"detail": ...}` '
            '(FastAPI\'s `HTTPException` does) and a few answer `{"error": ...}` or '
            '`{"message": ...}`, every client needs special cases and some errors show up '
            "as blank messages. The shape of each error response (the first key of a dict sent "
            "with a 4xx/5xx status, or `HTTPException`'s `detail`) is counted across the "
            "project's handlers; the sites of a shape used less often than the most common one "
            "are reported. A tie reports nothing."
        ),
        bad='return jsonify({"error": "not found"}), 404   # elsewhere: {"message": ...}',
        good='return jsonify({"message": "not found"}), 404',
    )

    def __init__(self) -> None:
        self._tally: tuple[int, int, dict[str, int]] | None = None

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        sites = [s for fn, _ in handlers(ctx) for s in error_sites(fn)]
        if not sites:
            return
        tally = self._project_tally(ctx)
        if len(tally) < 2:
            return
        ranked = sorted(tally.items(), key=lambda kv: -kv[1])
        (major, major_n), (_, second_n) = ranked[0], ranked[1]
        if major_n == second_n:
            return
        total = sum(tally.values())
        for shape, node in sites:
            if shape != major:
                ctx.report(
                    node,
                    f'error body `{{"{shape}": ...}}`; most error responses in this project '
                    f'({major_n} of {total}) use `{{"{major}": ...}}`',
                )

    def _project_tally(self, ctx: FileContext) -> dict[str, int]:
        index = ctx.index
        assert index is not None
        if self._tally is not None and self._tally[:2] == (id(index), index.generation):
            return self._tally[2]
        tally: dict[str, int] = {}
        for path in sorted({r.file for r in index.routes}):
            parsed = index.parsed(path)
            if parsed is None or parsed.tree is None:
                continue
            other = FileContext(path, parsed.text, parsed.tree, index, parsed.lines)
            for fn, _ in handlers(other):
                for shape, _node in error_sites(fn):
                    tally[shape] = tally.get(shape, 0) + 1
        self._tally = (id(index), index.generation, tally)
        return tally

"""BA202 object-without-ownership-check: an object fetched by a path id and used unchecked (IDOR)."""

from __future__ import annotations

import ast
import re

from ...core.model import Route, Severity
from ..file_context import FileContext
from ..nodes import of_type, walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, body_nodes, call_name, chain, receiver
from ..support.handlers import WRITE_METHODS, handlers, is_opened, path_params
from ..support.summaries import bound_args, callee

# Words that make a comparison or a filter an ownership check.
OWNER_RE = re.compile(
    r"(?i)user|owner|author|tenant|customer|creator|created_by|account|organi[sz]ation|org_id|"
    r"member|team|workspace|project_id|company"
)

# Calls that check permissions: check_object_permissions, has_perm, authorize, can_edit ...
PERMISSION_CALL_RE = re.compile(
    r"(?i)perm|authori[sz]e|allowed|policy|ensure_|assert_|require_|check_|can_|has_|"
    r"is_owner|owns|verify_|guard|access"
)

# Requirements that already restrict who may call (roles, scopes, custom permission classes)
ROLE_RE = re.compile(r"(?i)admin|superuser|staff|role|scope|perm|owner|group|moderator")

FETCH_NAMES = frozenset(
    {"get", "get_or_404", "get_object_or_404", "filter", "filter_by", "where", "first_or_404",
     "one_or_404", "find_one", "find_by_id", "get_one"}
)  # fmt: skip


def _mentions(expr: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in walk(expr))


def _is_fetch(call: ast.Call, ids: _Ids) -> bool:
    """A lookup of a model object by one of the path parameters (or an id from the body)."""
    name = call_name(call)
    if name not in FETCH_NAMES:
        return False
    names = chain(call.func)[:-1]
    args: list[ast.AST] = [*call.args, *(k.value for k in call.keywords)]
    if not any(ids.mentioned(a) for a in args):
        return False
    if name == "get_object_or_404" or name in {"get_or_404", "first_or_404", "one_or_404"}:
        return True
    if name in {"get", "get_one"}:
        # session.get(Model, id) / Model.query.get(id) / Model.objects.get(pk=id)
        first = call.args[0] if call.args else None
        model_first = isinstance(first, ast.Name) and first.id[:1].isupper()
        return (model_first and len(call.args) == 2) or any(
            n in {"query", "objects"} for n in names
        )
    return any(n in {"query", "objects", "select"} for n in names) or (
        receiver(call) is not None and "select" in chain(receiver(call) or call.func)
    )


ID_RE = re.compile(r"(?i)(?:^|_)(?:id|pk|uuid)$")
# a handler's parameters that are not what the client sends in the body
NOT_BODY_RE = re.compile(r"(?i)^(?:self|cls|request|req|db|session|user|current_user|conn)$")


def _body_ids(fn: FunctionNode, params: set[str]) -> set[str]:
    """The handler's parameters and locals that hold the request body (``payload``, ``data =
    request.get_json()``): an object keyed by their ``order_id`` is keyed by the client."""
    names = {
        a.arg
        for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        if a.arg not in params
        and not NOT_BODY_RE.match(a.arg)
        and not (
            a.annotation is not None and re.search(r"Dep\b|Session|User", ast.unparse(a.annotation))
        )
    }
    for node in body_nodes(fn):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and re.search(r"\brequest\.(?:data|json|get_json|POST|form)\b", ast.unparse(node.value))
        ):
            names.add(node.targets[0].id)
    return names


def _keyed_by_body(expr: ast.AST, body: set[str]) -> bool:
    """``payload.order_id``, ``data["invoice_id"]``, ``request.data["id"]``: an id the body holds."""
    for n in walk(expr):
        if (isinstance(n, ast.Attribute) and ID_RE.search(n.attr)) or (
            isinstance(n, ast.Subscript)
            and isinstance(n.slice, ast.Constant)
            and ID_RE.search(str(n.slice.value))
        ):
            base = n.value
        else:
            continue
        if isinstance(base, ast.Name) and base.id in body:
            return True
        if re.fullmatch(r"request\.(?:data|json|POST|form)", ast.unparse(base)):
            return True
    return False


class _Ids:
    """What a fetch may be keyed by: the path parameters, and ids read from the body."""

    def __init__(self, params: set[str], body: set[str]) -> None:
        self.params = params
        self.body = body

    def mentioned(self, expr: ast.AST) -> bool:
        return _mentions(expr, self.params) or _keyed_by_body(expr, self.body)


def _helper_fetches(call: ast.Call, ctx: FileContext, fn: FunctionNode, ids: _Ids) -> bool:
    """``get_invoice(db, invoice_id)``: a project function that looks the object up by the
    parameter the handler passes its id to."""
    target = callee(call, ctx, fn)
    if target is None:
        return False
    other, helper, method = target
    if helper is fn or _has_object_check(helper, other):
        return False  # the helper checks the owner itself
    passed = {name for name, arg in bound_args(call, helper, method).items() if ids.mentioned(arg)}
    if not passed:
        return False
    return any(
        isinstance(n, ast.Call) and _is_fetch(n, _Ids(passed, set())) for n in body_nodes(helper)
    )


def _fetched(
    fn: FunctionNode, ids: _Ids, ctx: FileContext | None = None
) -> list[tuple[ast.Call, str | None]]:
    """(outermost fetch call, the name it is bound to) for each lookup by a path parameter,
    an id from the body, or through a helper that looks it up."""
    out: list[tuple[ast.Call, str | None]] = []
    seen: set[int] = set()
    for node in body_nodes(fn):
        value: ast.expr | None = None
        target: str | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            value = node.value
            if isinstance(node.targets[0], ast.Name):
                target = node.targets[0].id
        elif isinstance(node, (ast.Return, ast.Expr)):
            value = node.value
        if value is None:
            continue
        for sub in walk(value):
            if not isinstance(sub, ast.Call) or id(sub) in seen:
                continue
            if _is_fetch(sub, ids) or (ctx is not None and _helper_fetches(sub, ctx, fn, ids)):
                seen.update(id(c) for c in walk(sub))
                out.append((sub, target))
                break
    return out


def _has_object_check(fn: FunctionNode, ctx: FileContext) -> bool:
    for node in body_nodes(fn):
        if isinstance(node, ast.Compare) and OWNER_RE.search(ast.unparse(node)):
            return True
        if isinstance(node, ast.keyword) and (
            OWNER_RE.search(node.arg or "") or OWNER_RE.search(ast.unparse(node.value))
        ):
            return True
        if isinstance(node, ast.Call) and PERMISSION_CALL_RE.match(call_name(node)):
            return True
    return False


def _class_scopes_objects(ctx: FileContext, fn: FunctionNode) -> bool:
    """A DRF view whose class overrides ``get_queryset`` or ``get_object`` or has an
    object-level permission (``has_object_permission`` defined in the class or a permission
    class named for ownership)."""
    for node in of_type(ctx.tree, ast.ClassDef):
        if fn in node.body:
            methods = {
                n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
            return bool(methods & {"get_queryset", "get_object", "has_object_permission"})
    return False


def _uses(fn: FunctionNode, name: str | None, call: ast.Call) -> bool:
    """The fetched object is returned or changed (its attributes set, deleted, saved)."""
    for node in body_nodes(fn):
        if isinstance(node, ast.Return) and node.value is not None:
            if any(c is call for c in walk(node.value)):
                return True
            if name is not None and _mentions(node.value, {name}):
                return True
        if name is None:
            continue
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and _mentions(t.value, {name}):
                    return True
        recv = receiver(node) if isinstance(node, ast.Call) else None
        if (
            isinstance(node, ast.Call)
            and call_name(node) in {"delete", "save", "update", "setattr", "merge"}
            and (
                any(_mentions(a, {name}) for a in node.args)
                or (recv is not None and _mentions(recv, {name}))
            )
        ):
            return True
    return False


@register
class ObjectWithoutOwnershipCheck(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA202",
        name="object-without-ownership-check",
        summary="Object fetched by an id from the path and returned or changed with no "
        "ownership or permission check (IDOR).",
        severity=Severity.WARNING,
        rationale=(
            "An authenticated caller who can change the id in the URL can read or change any "
            "other user's object when the handler fetches by id alone (insecure direct object "
            "reference). Heuristics, precision first: the route must be authenticated (an "
            "anonymous route has no caller to compare with), take an id from the path, look "
            "an object up by it (`session.get(Model, id)`, `Model.query.get(id)`, "
            "`Model.objects.get(pk=id)`, `get_object_or_404(Model, pk=id)`, "
            "`select(Model).where(Model.id == id)`) and return or change that object. Any "
            "comparison or filter naming the user, owner, author, tenant or customer, any "
            "permission call (`check_object_permissions`, `has_perm`, `authorize`...), a role "
            "or scope requirement on the route (admin, superuser, staff, scopes, a custom "
            "permission class) and a DRF view class with `get_queryset`, `get_object` or "
            "`has_object_permission` count as a check."
        ),
        bad='@router.get("/orders/{order_id}")\n'
        "def read_order(order_id: int, db: SessionDep, user: CurrentUser):\n"
        "    return db.get(Order, order_id)",
        good='@router.get("/orders/{order_id}")\n'
        "def read_order(order_id: int, db: SessionDep, user: CurrentUser):\n"
        "    order = db.get(Order, order_id)\n"
        "    if order is None or order.customer_id != user.id:\n"
        "        raise HTTPException(404)\n"
        "    return order",
        cwe=(639,),
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            route = routes[0]
            if not all(_plainly_authenticated(r) for r in routes):
                continue
            params = path_params(route)
            body = _body_ids(fn, params) if set(route.methods) & WRITE_METHODS else set()
            if not (params or body) or _has_object_check(fn, ctx) or _class_scopes_objects(ctx, fn):
                continue
            reads_only = not set(route.methods) & WRITE_METHODS
            for call, name in _fetched(fn, _Ids(params, body), ctx):
                if reads_only and not _privately_owned(ctx, call):
                    continue  # reading a public object (a post, a product) by id is fine
                if _uses(fn, name, call):
                    ctx.report(
                        call,
                        f"`{route.label}` looks the object up by an id the client sends "
                        "and uses it without checking that the caller may",
                    )
                    break


def _plainly_authenticated(route: Route) -> bool:
    """Protected, but only by "who is calling" (no role, scope or custom permission)."""
    required = [a for a in route.auth if a.kind == "permission" and not a.public]
    if not required or is_opened(route):
        return False
    return not any(a.scopes or ROLE_RE.search(a.name) for a in required)


# Columns that make a row someone's private data (``author_id`` is left out: authored content
# such as posts and comments is usually public to read).
PRIVATE_OWNER_RE = re.compile(
    r"(?i)^(?:user|owner|customer|account|tenant|member|patient|client|created_by|buyer)(?:_id)?$"
)


def _privately_owned(ctx: FileContext, call: ast.Call) -> bool:
    """The fetched model is known to the index and has a column that names its owner."""
    if ctx.index is None:
        return False
    names = [n.id for n in walk(call) if isinstance(n, ast.Name) and n.id[:1].isupper()]
    for name in names:
        model = ctx.index.model(name)
        if model is not None:
            return any(PRIVATE_OWNER_RE.match(c.name) for c in model.columns)
    return False

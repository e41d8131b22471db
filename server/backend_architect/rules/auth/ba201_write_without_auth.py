"""BA201 write-without-auth: a write endpoint with no authentication where the others authenticate."""

from __future__ import annotations

import ast
import re

from ...core.model import Route, Severity
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, call_name
from ..support.handlers import WRITE_METHODS, handlers, is_opened, is_public_flow


def is_protected(route: Route) -> bool:
    """Protected: a non-public permission requirement at any level (see AuthRequirement)."""
    return any(a.kind == "permission" and not a.public for a in route.auth)


# Code in a handler that checks the caller itself (the index only sees declared requirements).
INLINE_AUTH_RE = re.compile(
    r"current_user|request\.user|g\.user|get_jwt_identity|verify_jwt_in_request|"
    r"is_authenticated|authorization|api_key|x-api-key|compare_digest|signature|"
    r"construct_event|verify_webhook|check_password|authenticate\(|hmac\.|"
    # a helper of the project's that admits the caller (``_enforce_a2a_auth(flow, request)``)
    r"\b_*(?:enforce|require|check|verify|ensure|validate)_\w*?auth(?:n|z|enticat\w*|oriz\w*)?\(",
    re.IGNORECASE,
)

# Besides the public flows every rule knows: the steps of a second sign-in factor that run
# before the session exists, on the challenge token of the first step (``/mfa/challenge``;
# not ``/mfa/disable``), and routes under a path segment that says it is public
# (``/public/...``, a shared playground's ``/build_public_tmp/{job_id}/cancel``; not a last
# segment: ``/documents/{id}/public`` makes a document public).
OPEN_BY_NAME_RE = re.compile(
    r"(?i)(?:^|/)(?:mfa|2fa|two[-_]factor|otp)/(?:challenge|verify|login|enroll)\b"
    r"|/(?:[\w.-]*[-_.])?public(?:[-_.][\w.-]*)?/"
)

# Decorators the linkers do not know that still say "only for some callers"
AUTH_DECORATOR_RE = re.compile(
    r"(?i)auth|login|token|jwt|permission|require|role|admin|protect|signature|signed|verify|"
    r"api_?key|scope|staff|user"
)

CALLER_PARAM_RE = re.compile(
    r"(?i)^(?:current_\w+|user|me|principal|identity|token|access_token|api_key|credentials|"
    r"auth\w*|claims|session_user|caller)$"
)


def _checks_caller(fn: FunctionNode, ctx: FileContext, skip: list[ast.expr] | None = None) -> bool:
    for dec in fn.decorator_list:
        if skip and dec in skip:
            continue
        target = dec.func if isinstance(dec, ast.Call) else dec
        if AUTH_DECORATOR_RE.search(ast.unparse(target)):
            return True
    args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
    if any(CALLER_PARAM_RE.match(a.arg) for a in args):
        return True  # a current_user / token / api_key parameter
    body = ctx.source_of(fn)
    return INLINE_AUTH_RE.search(body) is not None


def _only_redirects(fn: FunctionNode) -> bool:
    """The handler's whole body (past its docstring) answers a redirect: it changes nothing
    (a deprecated path sending the client on to where the write is served, and checked)."""
    body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return False
    value = body[0].value
    return isinstance(value, ast.Call) and "redirect" in call_name(value).lower()


def _guarded_by_hook(ctx: FileContext) -> bool:
    """A Flask ``before_request`` hook in the file that checks the caller (the index does not
    record these as requirements yet)."""
    for node in walk(ctx.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            hooks = [d for d in node.decorator_list if "before_" in ast.unparse(d)]
            if hooks and _checks_caller(node, ctx, skip=hooks):
                return True
    return False


@register
class WriteWithoutAuth(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA201",
        name="write-without-auth",
        summary="Write endpoint with no authentication, in a project whose other endpoints authenticate.",
        severity=Severity.WARNING,
        rationale=(
            "When a project protects its endpoints, a POST/PUT/PATCH/DELETE that requires "
            "nothing at any level (handler, router, app, framework defaults, middleware) is "
            "usually a forgotten dependency or decorator, and anyone on the network can change "
            "data through it. Fires only when the project does protect its endpoints: at "
            "least two routes and a tenth of them. "
            "Left alone: routes opened on purpose (`AllowAny`, empty `permission_classes`, "
            "`login_not_required`), flows that must be public by their name or path (login, "
            "token, register/signup, password reset, verify/confirm, OAuth callbacks, a "
            "second factor's challenge (MFA), routes under a `public` path segment), handlers that only redirect, and "
            "handlers that check the caller themselves (a `current_user`/`token` parameter, "
            "`request.user`, a decorator the index does not know, a helper such as "
            "`enforce_auth(request)`, or a webhook that verifies "
            "a signature with `hmac.compare_digest` or the provider's `construct_event`). An "
            "unsigned webhook fires: it is a write anyone can call."
        ),
        bad='@router.delete("/items/{item_id}")\ndef delete_item(item_id: int, db: SessionDep): ...',
        good='@router.delete("/items/{item_id}")\n'
        "def delete_item(item_id: int, db: SessionDep, user: CurrentUser): ...",
        cwe=(306,),
    )

    def __init__(self) -> None:
        self._protects: tuple[int, int, bool] | None = None  # (index, generation, answer)

    def _project_authenticates(self, ctx: FileContext) -> bool:
        """The project protects its endpoints: two routes at least, and a tenth of them (one
        protected route among two hundred is an exception, not the project's rule). Counted
        once per index generation: every file asks."""
        index = ctx.index
        assert index is not None
        known = self._protects
        if known is not None and known[:2] == (id(index), index.generation):
            return known[2]
        own = [r for r in index.routes if not r.generated]  # not the framework's own routes
        protected = sum(1 for r in own if is_protected(r))
        answer = protected >= 2 and protected * 10 >= len(own)
        self._protects = (id(index), index.generation, answer)
        return answer

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        if not self._project_authenticates(ctx):
            return
        for fn, routes in handlers(ctx):
            open_writes = [
                r
                for r in routes
                if set(r.methods) & WRITE_METHODS and not is_protected(r) and not is_opened(r)
            ]
            if not open_writes or len(open_writes) < len(
                [r for r in routes if set(r.methods) & WRITE_METHODS]
            ):
                continue  # served protected somewhere: the unprotected mount is a wiring choice
            route = open_writes[0]
            if is_public_flow(route, fn) or _checks_caller(fn, ctx) or _only_redirects(fn):
                continue
            if OPEN_BY_NAME_RE.search(route.path):
                continue
            if route.framework == "flask" and _guarded_by_hook(ctx):
                continue
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` changes data and requires no authentication at any level, "
                "while other endpoints of the project do",
            )

"""How project middleware and decorators turn an anonymous caller away, read from their code."""

from __future__ import annotations

import ast

from ....core.syntax import last_name
from ...facts import ClassFacts, FunctionFacts
from ..common import ENFORCING_MIDDLEWARE_RE, answers_unauthorized, hook_nodes

MIDDLEWARE_HOOKS = frozenset({"__call__", "__acall__", "process_request", "process_view"})
ANONYMOUS_CHECKS = frozenset({"is_authenticated", "is_anonymous"})
REJECTIONS = frozenset(
    {"HttpResponseForbidden", "redirect_to_login", "PermissionDenied", "NotAuthenticated"}
)
REDIRECTS = frozenset({"redirect", "HttpResponseRedirect", "RedirectResponse"})


def rejects_anonymous(cls: ClassFacts) -> bool:
    """A middleware class whose request hooks check whether the user is anonymous and turn
    the request away (a 401/403 answer, a redirect to the login, ``PermissionDenied``)."""
    checks = rejects = False
    for node in hook_nodes(cls.node, MIDDLEWARE_HOOKS):
        if isinstance(node, ast.Attribute) and node.attr in ANONYMOUS_CHECKS:
            checks = True
        elif isinstance(node, ast.Call):
            called = last_name(node.func)
            rejects = rejects or (
                called in REJECTIONS
                or (called in REDIRECTS and "login" in ast.unparse(node).lower())
                or answers_unauthorized(node)
            )
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            rejects = rejects or last_name(exc) in REJECTIONS
    if _configured_paths_only(cls):
        return False
    # a class named for it that checks the user is taken at its word for how it answers
    return checks and (rejects or bool(ENFORCING_MIDDLEWARE_RE.search(cls.name)))


def turns_caller_away(fn: FunctionFacts) -> bool:
    """A decorator whose wrapper raises ``PermissionDenied`` (or answers
    ``HttpResponseForbidden``, redirects to the login)."""
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if last_name(exc) in REJECTIONS:
                return True
        elif isinstance(node, ast.Call) and last_name(node.func) in REJECTIONS:
            return True
    return False


def _configured_paths_only(cls: ClassFacts) -> bool:
    """A middleware that turns requests away only for the paths its configuration lists:
    ``for url in self.required: if url.match(request.path): return login_required(view)(...)``
    protects what ``LOGIN_REQUIRED_URLS`` says, which the code does not tell. A test against a
    written path (``request.path.startswith("/api/")``) still counts, and so does an exemption
    (``if url.match(request.path): return None``)."""
    for node in hook_nodes(cls.node, MIDDLEWARE_HOOKS):
        if not isinstance(node, ast.If):
            continue
        reads_path = any(
            isinstance(n, ast.Attribute) and n.attr in {"path", "path_info"}
            for n in ast.walk(node.test)
        )
        written = any(
            isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node.test)
        )
        if reads_path and not written and any(_turns_away(s) for s in node.body):
            return True
    return False


def _turns_away(stmt: ast.stmt) -> bool:
    """A raise, or a return of something other than None or the next handler's response."""
    if isinstance(stmt, ast.Raise):
        return True
    if not isinstance(stmt, ast.Return) or stmt.value is None:
        return False
    value = stmt.value
    if isinstance(value, ast.Constant) and value.value is None:
        return False
    return not (isinstance(value, ast.Call) and last_name(value.func) == "get_response")

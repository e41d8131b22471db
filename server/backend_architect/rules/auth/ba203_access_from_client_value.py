"""BA203: access decided from a value the client sets (a cookie, a header, a body field)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.secrets import name_words
from ..support.summaries import RequestData

# words of a key or a name that make it a claim of rights (``is_admin``, ``X-Role``)
AUTH_WORDS = frozenset(
    {"admin", "administrator", "role", "roles", "superuser", "staff", "permission", "permissions",
     "perm", "perms", "privilege", "privileges", "privileged", "authorized", "authorised",
     "authenticated", "logged", "moderator", "root", "owner", "trusted", "level", "group",
     "groups", "usertype", "acl", "scope", "scopes", "grant", "granted"}
)  # fmt: skip
# a credential is checked somewhere else (its value proves something): not a claim
CREDENTIAL_WORDS = frozenset(
    {"token", "key", "secret", "signature", "csrf", "authorization", "password", "hmac", "jwt",
     "sig", "nonce"}
)  # fmt: skip
# a spoofable address: what a proxy adds, and the client can send itself
ADDRESS_HEADERS = frozenset({"forwarded", "real", "client"})
DECIDING_CALLS = frozenset({"abort", "redirect", "login_user", "grant", "PermissionDenied"})


def _key(expr: ast.expr) -> str | None:
    """The name a value is read under: ``data["role"]``, ``cookies.get("admin")``, ``role``."""
    if isinstance(expr, ast.Subscript):
        key = expr.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr in ("get", "getlist", "get_cookie", "get_argument")
        and expr.args
        and isinstance(expr.args[0], ast.Constant)
        and isinstance(expr.args[0].value, str)
    ):
        return expr.args[0].value
    if isinstance(expr, ast.Name):
        return expr.id
    return None


def _claim(key: str) -> str | None:
    """What the key claims: "rights" (``is_admin``), "address" (``X-Forwarded-For``)."""
    words = set(name_words(key.replace("-", "_")))
    if words & CREDENTIAL_WORDS:
        return None
    if words & AUTH_WORDS:
        return "rights"
    if "ip" in words or "addr" in words or ({"forwarded", "for"} <= words):
        return "address" if words & ADDRESS_HEADERS or "forwarded" in words else None
    return None


def _compared_with_rights(test: ast.expr) -> set[int]:
    """The operands (by id) of comparisons with a role in ``test``: ``x == "admin"``,
    ``x in ("admin", "staff")`` (one walk of the test, whatever the number of operands)."""
    out: set[int] = set()
    for node in walk(test):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for other in operands:
            values = other.elts if isinstance(other, (ast.Tuple, ast.List, ast.Set)) else [other]
            if any(
                isinstance(v, ast.Constant)
                and isinstance(v.value, str)
                and set(name_words(v.value)) & AUTH_WORDS
                for v in values
            ):
                out.update(id(e) for e in operands)
                break
    return out


def _decides(branch: list[ast.stmt]) -> bool:
    """A branch that grants or refuses: it returns, raises, aborts, or sets a right."""
    for node in (n for stmt in branch for n in walk(stmt)):
        if isinstance(node, (ast.Return, ast.Raise)):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in DECIDING_CALLS or set(name_words(name)) & {"grant", "admin", "permission"}:
                return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in walk(t):
                    ident = n.id if isinstance(n, ast.Name) else getattr(n, "attr", None)
                    if ident and set(name_words(ident)) & AUTH_WORDS:
                        return True
    return False


@register
class AccessFromClientValue(Rule):
    info = RuleInfo(
        code="BA203",
        name="access-from-client-value",
        summary="Access is decided from a value the client sets (a cookie, a header, a body field).",
        severity=Severity.ERROR,
        rationale=(
            "Cookies, headers and request bodies are written by the client: `admin=1` in a "
            'cookie, `"role": "admin"` in a JSON body, `X-Role: admin` or an '
            "`X-Forwarded-For: 127.0.0.1` header cost an attacker one edit in the browser's "
            "tools or a curl flag. Decide rights from the authenticated user the server knows "
            "(`request.user.is_staff`, the user row behind a verified session or token), and "
            "the client's address from the proxy setup (`ProxyFix` with the number of trusted "
            "hops), never from what the request says about itself."
        ),
        bad=(
            "def admin_panel(request):\n"
            '    if request.COOKIES.get("admin") == "1":\n        return render(request, "admin.html")'
        ),
        good=(
            "def admin_panel(request):\n"
            '    if request.user.is_staff:\n        return render(request, "admin.html")'
        ),
        cwe=(639, 807, 602),
    )
    node_types = (ast.If,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.If, node)
        if ctx.enclosing_function() is None:
            return
        data: RequestData | None = None
        compared: set[int] | None = None
        for expr in walk(node.test):
            if not isinstance(expr, (ast.Subscript, ast.Call, ast.Name)):
                continue
            key = _key(expr)
            claim = _claim(key) if key is not None else None
            if claim is None:
                if compared is None:
                    compared = _compared_with_rights(node.test)
                if id(expr) not in compared:
                    continue
            if claim == "address" and not any(isinstance(n, ast.Compare) for n in walk(node.test)):
                continue
            if not (_decides(node.body) or _decides(node.orelse)):
                return
            data = data or RequestData(ctx)
            source = data.source(expr, node)
            if source is None:
                continue
            what = (
                "the client's address from a header it can set itself"
                if claim == "address"
                else "a value the client sets"
            )
            ctx.report(expr, f"access is decided from {source}: {what}; use the authenticated user")
            return

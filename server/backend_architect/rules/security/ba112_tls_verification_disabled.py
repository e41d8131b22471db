"""BA112: TLS certificate verification switched off."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_false, kwarg
from ..support.http_clients import HTTP_VERBS

HTTP_CLIENT_MODULES = frozenset({"requests", "httpx", "aiohttp", "urllib3"})
VERIFY_METHODS = HTTP_VERBS | frozenset({"send", "stream", "Client", "AsyncClient", "Session"})


@register
class TlsVerificationDisabled(Rule):
    info = RuleInfo(
        code="BA112",
        name="tls-verification-disabled",
        summary="TLS certificate verification is switched off.",
        severity=Severity.ERROR,
        rationale=(
            "Without certificate verification anyone on the network path (a Wi-Fi, a proxy, a "
            "compromised router) can pose as the other server, read the credentials and data "
            "sent to it and change the answers. Fix the trust store instead: pass the internal "
            'CA bundle (`verify="/etc/ssl/internal-ca.pem"`) or install it in the system store.'
        ),
        bad="import requests\n\nrequests.get(url, verify=False, timeout=10)",
        good='import requests\n\nrequests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)',
        cwe=(295,),
    )
    node_types = (ast.Call, ast.Attribute, ast.Assign)
    call_qualified = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})
    call_keywords = frozenset({"verify", "ssl", "verify_ssl"})
    type_markers = {ast.Attribute: ("CERT_NONE",), ast.Assign: ("check_hostname", "verify")}

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Attribute) and node.attr != "CERT_NONE":
            return  # most attributes: nothing to look at
        data = ctx.scopes
        if isinstance(node, ast.Call):
            name = data.qualified(node.func) or ""
            if name in ("ssl._create_unverified_context", "ssl._create_stdlib_context"):
                ctx.report(node, "an SSL context that does not verify certificates")
                return
            verify = kwarg(node, "verify") or kwarg(node, "ssl") or kwarg(node, "verify_ssl")
            if verify is None or not is_false(verify.value):
                return
            func = node.func
            terminal = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.split(".")[0] in HTTP_CLIENT_MODULES or (
                isinstance(func, ast.Attribute)
                and terminal in VERIFY_METHODS
                and not name.startswith("jwt")
            ):
                ctx.report(verify, "certificate verification is switched off for this request")
        elif isinstance(node, ast.Attribute):
            parent = ctx.parent()  # set or passed, not compared with or used as a dict key
            if (
                node.attr == "CERT_NONE"
                and data.qualified(node) == "ssl.CERT_NONE"
                and isinstance(parent, (ast.Assign, ast.keyword, ast.Call))
            ):
                ctx.report(node, "`ssl.CERT_NONE` accepts any certificate")
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if not (isinstance(t, ast.Attribute) and is_false(node.value)):
                    continue
                owner = (dotted_name(t.value) or "").lower()
                if (t.attr == "check_hostname" and owner != "self") or (
                    t.attr == "verify" and any(w in owner for w in ("session", "client", "http"))
                ):
                    ctx.report(
                        node.value,
                        f"`{dotted_name(t) or t.attr} = False` switches off verification",
                    )

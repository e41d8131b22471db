"""BA124: plain HTTP, FTP or telnet to a remote host."""

from __future__ import annotations

import ast
import ipaddress
import re
from typing import cast
from urllib.parse import urlsplit

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.http_clients import HTTP_VERBS
from ..support.sinks import HTTP_CALLS

CLEARTEXT_CLIENTS = {"ftplib.FTP": "FTP", "telnetlib.Telnet": "telnet"}
LOCAL_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".svc", ".cluster.local", ".test")
_HTTP_RE = re.compile(r"^http://", re.IGNORECASE)


def _prefix(expr: ast.expr) -> str | None:
    """The literal text a URL starts with (a literal, an f-string's or a ``+``'s first part)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr) and expr.values:
        return _prefix(expr.values[0])
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _prefix(expr.left)
    return None


def remote_host(host: str) -> bool:
    """A host on another machine across a network the code does not own: not localhost, not
    a private address, not a one-word name (a Compose service, a Kubernetes service)."""
    host = host.strip("[]").lower()
    if not host or ("." not in host and ":" not in host):
        return False
    if host.endswith(LOCAL_SUFFIXES) or host in ("localhost", "0.0.0.0"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "{" not in host and "example" not in host.split(".")
    return not (address.is_private or address.is_loopback or address.is_link_local)


@register
class CleartextProtocol(Rule):
    info = RuleInfo(
        code="BA124",
        name="cleartext-protocol",
        summary="Plain HTTP, FTP or telnet to a remote host.",
        severity=Severity.WARNING,
        rationale=(
            "Without TLS anyone on the path (a Wi-Fi, a proxy, a compromised router) reads "
            "the credentials, tokens and data sent and can change the answers. Use `https://`, "
            "`ftplib.FTP_TLS` or SSH. Local and private hosts (localhost, 10.x, one-word "
            "service names of a Compose or Kubernetes network) are not flagged."
        ),
        bad='import requests\n\nrequests.get("http://api.partner.com/v1/rates", timeout=10)',
        good='import requests\n\nrequests.get("https://api.partner.com/v1/rates", timeout=10)',
        cwe=(319,),
    )
    node_types = (ast.Call,)
    call_qualified = HTTP_CALLS | frozenset(CLEARTEXT_CLIENTS)
    call_names = HTTP_VERBS
    text_markers = ("http://", "ftplib", "telnetlib")

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        protocol = CLEARTEXT_CLIENTS.get(name or "")
        if protocol is not None:
            host = node.args[0] if node.args else None
            if host is None:
                found = next((k for k in node.keywords if k.arg == "host"), None)
                host = found.value if found else None
            if (
                isinstance(host, ast.Constant)
                and isinstance(host.value, str)
                and remote_host(host.value)
            ):
                ctx.report(node.func, f"{protocol} sends credentials and data in clear text")
            return
        func = node.func
        if name not in HTTP_CALLS and not (
            isinstance(func, ast.Attribute) and func.attr in HTTP_VERBS
        ):
            return
        index = 1 if (name or dotted_name(func) or "").endswith(".request") else 0
        url = node.args[index] if len(node.args) > index else None
        url = url or next((k.value for k in node.keywords if k.arg == "url"), None)
        text = _prefix(url) if url is not None else None
        if text is None or not _HTTP_RE.match(text) or url is None:
            return
        hostname = urlsplit(text).hostname or ""
        if remote_host(hostname):
            ctx.report(
                url,
                f"plain `http://` to `{hostname}`: the traffic can be read and changed; use https",
            )

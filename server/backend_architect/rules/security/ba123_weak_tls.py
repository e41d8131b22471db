"""BA123: an old TLS/SSL protocol version, or ``ssl.wrap_socket``."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo

OLD_PROTOCOLS = frozenset(
    {"ssl.PROTOCOL_SSLv2", "ssl.PROTOCOL_SSLv3", "ssl.PROTOCOL_TLSv1", "ssl.PROTOCOL_TLSv1_1",
     "ssl.TLSVersion.SSLv3", "ssl.TLSVersion.TLSv1", "ssl.TLSVersion.TLSv1_1",
     "OpenSSL.SSL.SSLv2_METHOD", "OpenSSL.SSL.SSLv3_METHOD", "OpenSSL.SSL.TLSv1_METHOD",
     "OpenSSL.SSL.TLSv1_1_METHOD", "OpenSSL.SSL.SSLv23_METHOD"}
)  # fmt: skip
_TERMINALS = tuple({n.rsplit(".", 1)[-1] for n in OLD_PROTOCOLS})


@register
class WeakTls(Rule):
    info = RuleInfo(
        code="BA123",
        name="weak-tls",
        summary="An old TLS/SSL protocol version is chosen, or `ssl.wrap_socket` is used.",
        severity=Severity.WARNING,
        rationale=(
            "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 have practical attacks (POODLE, BEAST) and are "
            "switched off by current clients and servers; choosing one, as a protocol or as a "
            "context's `minimum_version`, lets an attacker downgrade the connection. "
            "`ssl.wrap_socket` (removed in Python 3.12) checks neither certificate nor host "
            "name. Use `ssl.create_default_context()` (TLS 1.2 or later, verification on) and "
            "its `wrap_socket(sock, server_hostname=...)`."
        ),
        bad="import ssl\n\ncontext = ssl.SSLContext(ssl.PROTOCOL_TLSv1)",
        good="import ssl\n\ncontext = ssl.create_default_context()",
        cwe=(326, 327),
    )
    node_types = (ast.Attribute, ast.Call)
    call_qualified = frozenset({"ssl.wrap_socket"})
    type_markers = {ast.Attribute: _TERMINALS}

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Call):
            if ctx.scopes.qualified(node.func) == "ssl.wrap_socket":
                ctx.report(
                    node.func,
                    "`ssl.wrap_socket` verifies no certificate or host name; use "
                    "`ssl.create_default_context().wrap_socket(...)`",
                )
            return
        assert isinstance(node, ast.Attribute)
        if node.attr not in _TERMINALS:
            return
        name = ctx.scopes.qualified(node)
        if name not in OLD_PROTOCOLS:
            return
        parent = ctx.parent()
        if isinstance(parent, ast.Compare):
            return  # ``if version == ssl.TLSVersion.TLSv1``: a test, not a choice
        ctx.report(
            node, f"`{dotted_name(node)}` chooses an old protocol version; use TLS 1.2 or later"
        )

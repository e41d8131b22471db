"""BA127: md5 or sha1 used for a token, a signature or a key (judged by the names around it)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import destination_name, is_false, kwarg, walk_names
from ..support.secrets import is_secret_name, mentions_password, name_words

BROKEN = frozenset({"md5", "sha1"})
HASH_CALLS = frozenset(
    {"hashlib.md5", "hashlib.sha1", "hashlib.new", "Crypto.Hash.MD5.new", "Crypto.Hash.SHA.new",
     "Crypto.Hash.SHA1.new", "Cryptodome.Hash.MD5.new", "Cryptodome.Hash.SHA1.new"}
)  # fmt: skip
# what the digest is for, by the words of the names around it
SECURITY_WORDS = frozenset(
    {"token", "signature", "sign", "signed", "signing", "secret", "auth", "otp", "nonce",
     "session", "csrf", "hmac", "mac", "verify", "verification", "reset", "apikey", "credential",
     "credentials", "integrity", "cert", "certificate", "license", "unsubscribe", "invite"}
)  # fmt: skip
# an identifier, not a secret: a cache key, an ETag, a file's checksum
NOT_SECURITY_WORDS = frozenset(
    {"cache", "etag", "checksum", "md5sum", "filename", "file", "path", "bucket", "shard",
     "partition", "dedupe", "dedup", "gravatar", "avatar", "color", "colour", "slug", "version",
     "content", "fingerprint", "lock"}
)  # fmt: skip


def _purpose(names: list[str]) -> str | None:
    """The first name that says the digest protects something, unless one says it names."""
    words = [(n, set(name_words(n))) for n in names]
    if any(w & NOT_SECURITY_WORDS for _, w in words):
        return None
    return next((n for n, w in words if w & SECURITY_WORDS or is_secret_name(n)), None)


@register
class WeakHashForSecurity(Rule):
    info = RuleInfo(
        code="BA127",
        name="weak-hash-for-security",
        summary="md5 or sha1 makes a token, a signature or a key.",
        severity=Severity.WARNING,
        rationale=(
            "md5 and sha1 have practical collisions, and a digest of guessable input (a user "
            "id, a timestamp, an email) is as guessable as its input: a reset token, an "
            "unsubscribe link or a signature made that way can be forged. Use `secrets` for "
            "tokens and `hmac` with sha256 and a secret key for signatures. md5 for cache keys, "
            "ETags and checksums is judged by the names around it and not flagged, nor any "
            "call with `usedforsecurity=False`; passwords are BA106's."
        ),
        bad="import hashlib\n\ndef reset_token(user):\n    return hashlib.md5(user.email.encode()).hexdigest()",
        good="import secrets\n\ndef reset_token(user):\n    return secrets.token_urlsafe(32)",
        cwe=(327, 328),
    )
    node_types = (ast.Call,)
    call_qualified = HASH_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func) or ""
        args = list(node.args)
        if name == "hashlib.new":
            first = args.pop(0) if args else None
            algo = str(first.value).lower() if isinstance(first, ast.Constant) else ""
            if algo not in BROKEN:
                return
        elif name not in HASH_CALLS:
            return
        used = kwarg(node, "usedforsecurity")
        if used is not None and is_false(used.value):
            return
        if args and mentions_password(args[0]):
            return  # a password hash: BA106's finding
        names = [n for a in args for n in walk_names(a)]
        dest = destination_name(ctx)
        fn = ctx.enclosing_function()
        purpose = _purpose([*([dest] if dest else []), *names, *([fn.name] if fn else [])])
        if purpose is not None:
            ctx.report(
                node,
                f"`{dotted_name(node.func)}` makes `{purpose}`: md5/sha1 digests can be forged; "
                "use `secrets` for tokens, `hmac` with sha256 for signatures",
            )

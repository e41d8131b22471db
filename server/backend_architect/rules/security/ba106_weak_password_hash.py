"""BA106: a password hashed with a fast hash (md5, sha1, unsalted sha2)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import walk_names
from ..support.secrets import mentions_password

FAST_HASHES = frozenset(
    {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512",
     "blake2b", "blake2s"}
)  # fmt: skip
BROKEN_HASHES = frozenset({"md5", "sha1"})
SALT_WORDS = ("salt", "pepper")


@register
class WeakPasswordHash(Rule):
    info = RuleInfo(
        code="BA106",
        name="weak-password-hash",
        summary="A password is hashed with a fast hash (md5, sha1, unsalted sha2).",
        severity=Severity.ERROR,
        rationale=(
            "md5, sha1 and the sha2 family are built to be fast: a GPU tries billions of "
            "candidate passwords a second against a leaked table, and without a salt one "
            "precomputed table cracks every user at once. Password storage needs a slow, salted "
            "key-derivation function: argon2, bcrypt, scrypt or PBKDF2 (`passlib`, `pwdlib`, "
            "Django's `make_password`, `hashlib.pbkdf2_hmac`, `hashlib.scrypt`). md5 for ETags "
            "and cache keys is fine and not flagged."
        ),
        bad="import hashlib\n\nhashed = hashlib.md5(password.encode()).hexdigest()",
        good=(
            'pwd_context = CryptContext(schemes=["argon2"])\nhashed = pwd_context.hash(password)'
        ),
        cwe=(916, 328, 759),
    )
    node_types = (ast.Call,)
    call_qualified = frozenset({f"hashlib.{a}" for a in FAST_HASHES} | {"hashlib.new"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func) or ""
        module, _, algo = name.rpartition(".")
        args = list(node.args)
        if module == "hashlib" and algo == "new" and args:
            first = args.pop(0)
            algo = str(first.value).lower() if isinstance(first, ast.Constant) else ""
        elif module != "hashlib":
            return
        if algo not in FAST_HASHES or not args or not mentions_password(args[0]):
            return
        if algo in BROKEN_HASHES:
            ctx.report(node, f"a password hashed with {algo}; use argon2, bcrypt or PBKDF2")
            return
        salted = any(any(w in n.lower() for w in SALT_WORDS) for n in walk_names(args[0]))
        if not salted:
            ctx.report(
                node, f"a password hashed with unsalted {algo}; use argon2, bcrypt or PBKDF2"
            )

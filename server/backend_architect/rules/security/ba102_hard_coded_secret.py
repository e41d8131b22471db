"""BA102: a secret (key, password, token, connection string) written in the code."""

from __future__ import annotations

import ast
import re

from ...core.model import Severity
from ...core.syntax import dotted_name
from ...index.facts import span_of
from ..file_context import FileContext
from ..nodes import of_type
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import node_name
from ..support.project_files import header_says_dev
from ..support.secrets import is_secret_name, name_words

PLACEHOLDER_RE = re.compile(r"^\s*$|^\$\{.*\}$|^<.*>$|^\{\{.*\}\}$|^%\(.*\)s$|^(.)\1*$")
SPACE_RE = re.compile(r"\s")
# a sentence for people (``{"Password": "Updated."}``, ``"Password is too short."``)
MESSAGE_RE = re.compile(r"^[A-Z][a-z']*(?:\s+[\w'-]+)*\s*[.!]$")
# a passphrase-like key: words with spaces, not a sentence, no placeholder
SPACED_SECRET_RE = re.compile(r"^\S+(?: \S+)+$")
KEY_WORDS = frozenset({"key", "secret", "salt", "token"})
CONNECTION_RE = re.compile(
    r"^[a-z][a-z0-9+.\-]*://(?P<user>[^:/@\s]+):(?P<password>[^@/\s]+)@(?P<host>[^/:?\s]+)",
    re.IGNORECASE,
)
DUMMY_PASSWORDS = frozenset({"password", "pass", "secret", "changeme", "changethis", "xxx", "..."})
DUMMY_VALUES = DUMMY_PASSWORDS | frozenset(
    {"passwd", "pwd", "test", "testing", "dummy", "example", "none", "null", "change-me"}
)
ENV_NAME_RE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
JWT_FUNCTIONS = frozenset({"jwt.encode", "jwt.decode", "jose.jwt.encode", "jose.jwt.decode"})
ENV_READS = frozenset({"os.getenv", "os.environ.get", "environ.get", "getenv", "config", "env"})


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _literal_secret(name: str, value: ast.expr) -> bool:
    """A string literal that could be the secret itself: not empty, not a template placeholder,
    not the name of the setting or of a header (``PASSWORD = "password"``)."""
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return False
    text = value.value
    if any(p in text for p in ("{}", "%s", "***")) or MESSAGE_RE.match(text):
        return False
    if PLACEHOLDER_RE.search(text):
        return False
    if SPACE_RE.search(text) and not (_spaced_key(name) and SPACED_SECRET_RE.match(text)):
        return False  # text with spaces is a message, unless a key's name says otherwise
    # too short to be a key, a dummy from the docs, or the name of an environment variable
    if len(text) < 4 or text.lower() in DUMMY_VALUES or ENV_NAME_RE.fullmatch(text):
        return False
    words = name_words(name)
    if _norm(text) in (_norm(name), "".join(words[-1:]), "".join(words[-2:])):
        return False
    return not text.lower().startswith("x-")


def _spaced_key(name: str) -> bool:
    """A key or secret's name (``SECRET_KEY``, ``JWT_SECRET``): its value may be a phrase; a
    password's name is left out (``password = "Enter a password"`` is an interface text)."""
    words = name_words(name)
    return bool(words) and words[-1] in KEY_WORDS


def connection_password(text: str) -> bool:
    m = CONNECTION_RE.match(text)
    if m is None:
        return False
    password = m.group("password")
    if password.lower() in DUMMY_PASSWORDS or password == m.group("user"):
        return False
    if PLACEHOLDER_RE.search(password) or SPACE_RE.search(password):
        return False
    if password.startswith(("{", "$", "%", "*")):
        return False
    return m.group("host").lower() not in LOCAL_HOSTS


@register
class HardCodedSecret(Rule):
    info = RuleInfo(
        code="BA102",
        test_files="never",
        name="hard-coded-secret",
        summary="A secret (key, password, token, connection string) is written in the code.",
        severity=Severity.ERROR,
        rationale=(
            "A secret in the source is in every clone, fork, backup, CI log and container image "
            "of the repository, and rotating it means a release. Whoever has the `SECRET_KEY` "
            "or JWT key can sign sessions and tokens as any user. Read secrets from the "
            'environment or a secret manager (`os.environ["SECRET_KEY"]`, a pydantic '
            "`BaseSettings` field without a default) and keep only placeholders in examples. "
            "Test files are not checked: their passwords are fixtures."
        ),
        bad=(
            'SECRET_KEY = "k3y-4f9c2e1d7b"\n'
            'engine = create_engine("postgresql://app:S3cr3t@db.internal/app")'
        ),
        good=(
            'SECRET_KEY = os.environ["SECRET_KEY"]\n'
            'engine = create_engine(os.environ["DATABASE_URL"])'
        ),
        cwe=(798, 259),
    )
    node_types = (ast.Assign, ast.AnnAssign, ast.Call, ast.Dict)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                return
            for target in targets:
                name = node_name(target)
                if name and is_secret_name(name) and _literal_secret(name, node.value):
                    self._report(ctx, node.value, f"`{name}` is set to a literal secret")
        elif isinstance(node, ast.Call):
            # both findings below need a literal: a second argument or a keyword's value
            if not (
                (len(node.args) > 1 and isinstance(node.args[1], ast.Constant))
                or any(isinstance(kw.value, ast.Constant) for kw in node.keywords)
            ):
                return
            qualified = ctx.scopes.qualified(node.func)
            if qualified in ENV_READS or dotted_name(node.func) in ENV_READS:
                return
            if qualified in JWT_FUNCTIONS and len(node.args) > 1:
                literal = node.args[1]
                if isinstance(literal, ast.Constant) and _literal_secret("key", literal):
                    self._report(ctx, literal, f"`{dotted_name(node.func)}` is given a literal key")
            for kw in node.keywords:
                if kw.arg is None:
                    continue
                secret = (qualified in JWT_FUNCTIONS and kw.arg == "key") or is_secret_name(kw.arg)
                if secret and _literal_secret(kw.arg, kw.value):
                    self._report(ctx, kw.value, f"`{kw.arg}=` is given a literal secret")
        elif isinstance(node, ast.Dict):
            found = [
                (key.value, value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and is_secret_name(key.value)
                and _literal_secret(key.value, value)
            ]
            if found and not _in_example(ctx):  # the ancestors are read only for a hit
                for name, value in found:
                    self._report(ctx, value, f"`{name!r}` is set to a literal secret")

    def check_file(self, ctx: FileContext) -> None:
        """Connection strings with a password, wherever they are written: a pass over the
        file's string constants after the walk (a visit of every constant costs more than the
        whole check of most files), their parents looked up for the few that qualify."""
        found = [
            node
            for node in of_type(ctx.tree, ast.Constant)
            if type(node.value) is str and "://" in node.value and "@" in node.value
        ]
        if not found:
            return
        parents: dict[int, ast.AST] = {}
        for stmt in of_type(ctx.tree, ast.Expr):
            parents[id(stmt.value)] = stmt
        for call in of_type(ctx.tree, ast.Call):
            for arg in call.args:
                parents[id(arg)] = call
        for node in found:
            parent = parents.get(id(node))
            if isinstance(parent, ast.Expr):  # a docstring
                continue
            if isinstance(parent, ast.Call) and (
                ctx.scopes.qualified(parent.func) in ENV_READS
                or dotted_name(parent.func) in ENV_READS
            ):
                continue
            assert isinstance(node.value, str)
            if connection_password(node.value):
                self._report(ctx, node, "a connection string holds a literal password")

    def _report(self, ctx: FileContext, value: ast.expr, what: str) -> None:
        span = span_of(value, ctx.lines)
        if any(f.code == "BA102" and f.span == span for f in ctx.findings):
            return
        if header_says_dev(ctx):
            return  # "settings for CI only": its secrets guard nothing real
        ctx.report(value, f"{what}; read it from the environment or a secret store")


def _in_example(ctx: FileContext) -> bool:
    """Inside an OpenAPI example (``json_schema_extra={"example": {...}}``, ``examples=[...]``)."""
    for node in ctx.stack:
        if isinstance(node, ast.keyword) and node.arg and "example" in node.arg:
            return True
        if isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and "example" in k.value
            for k in node.keys
        ):
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any("example" in (node_name(t) or "").lower() for t in targets):
                return True
    return False

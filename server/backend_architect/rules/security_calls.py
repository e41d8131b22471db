"""BA1xx rules about library calls: JWT verification, password hashing, outbound HTTP without
a timeout or without TLS verification."""

from __future__ import annotations

import ast

from ..core.model import Edit, Fix, Position, Severity, Span
from ..index.facts import span_of
from ..index.symbols import dotted_name
from .file_context import FileContext
from .registry import Rule, RuleInfo, register
from .support.ast_helpers import has_kwargs, is_false, kwarg, node_name, walk_names
from .support.http_clients import HTTP_VERBS, HTTPX_CALLS, REQUESTS_CALLS, URLOPEN
from .support.secrets import is_secret_name, name_words

# --- BA105 -----------------------------------------------------------------------------------

JWT_DECODE = frozenset({"jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode"})
UNVERIFIED_CLAIMS = frozenset({"jose.jwt.get_unverified_claims"})


@register
class JwtWithoutVerification(Rule):
    info = RuleInfo(
        code="BA105",
        name="jwt-unverified",
        summary="A JWT is decoded without checking its signature or without fixing the algorithms.",
        severity=Severity.ERROR,
        rationale=(
            "A token's claims mean something only once its signature is checked: without that "
            'anyone can write `{"sub": "admin"}` and be believed. Passing no `algorithms` '
            "lets the token choose (python-jose, PyJWT 1) and opens the `none` algorithm and "
            'the RS256-to-HS256 confusion; `algorithms=["none"]` accepts unsigned tokens. '
            "Decode with the key and an explicit list of the algorithms you issue."
        ),
        bad='import jwt\n\nclaims = jwt.decode(token, options={"verify_signature": False})',
        good='import jwt\n\nclaims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])',
        cwe=(347, 345),
    )
    node_types = (ast.Call,)
    call_qualified = UNVERIFIED_CLAIMS | JWT_DECODE

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        name = ctx.scopes.qualified(node.func)
        if name in UNVERIFIED_CLAIMS:
            scope = ctx.enclosing_function() or ctx.tree
            if not any(_verifying_decode(c, ctx) for c in ast.walk(scope)):
                ctx.report(node, "the claims are read without checking the token's signature")
            return
        if name not in JWT_DECODE:
            return
        problem = _decode_problem(node, ctx)
        if problem is not None:
            target, message = problem
            ctx.report(target, message)


def _decode_problem(call: ast.Call, ctx: FileContext) -> tuple[ast.AST, str] | None:
    options = kwarg(call, "options")
    if options is not None:
        from .security_config import assigned_value

        value = assigned_value(options.value, ctx)
        if isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == "verify_signature" and is_false(v):
                    return (
                        v if value is options.value else options
                    ), "the token's signature is not verified (`verify_signature: False`)"
    verify = kwarg(call, "verify")
    if verify is not None and is_false(verify.value):
        return verify, "the token's signature is not verified (`verify=False`)"
    algorithms = kwarg(call, "algorithms")
    algo_value = algorithms.value if algorithms else (call.args[2] if len(call.args) > 2 else None)
    if algo_value is not None:
        elts = algo_value.elts if isinstance(algo_value, (ast.List, ast.Tuple)) else [algo_value]
        for e in elts:
            if isinstance(e, ast.Constant) and str(e.value).lower() == "none":
                return e, "the `none` algorithm accepts tokens without a signature"
        if isinstance(algo_value, ast.Constant) and algo_value.value is None:
            return algo_value, "no algorithm list: the token chooses how it is checked"
        return None
    if has_kwargs(call) or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    return (
        call.func,
        "no `algorithms=`: the token chooses how it is checked; list the ones you issue",
    )


def _verifying_decode(node: ast.AST, ctx: FileContext) -> bool:
    return (
        isinstance(node, ast.Call)
        and ctx.scopes.qualified(node.func) in JWT_DECODE
        and _decode_problem(node, ctx) is None
    )


# --- BA106 -----------------------------------------------------------------------------------

FAST_HASHES = frozenset(
    {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512",
     "blake2b", "blake2s"}
)  # fmt: skip
BROKEN_HASHES = frozenset({"md5", "sha1"})
PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"})
SALT_WORDS = ("salt", "pepper")


def _mentions_password(expr: ast.AST) -> bool:
    return any((words := name_words(n)) and words[-1] in PASSWORD_WORDS for n in walk_names(expr))


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
        assert isinstance(node, ast.Call)
        name = ctx.scopes.qualified(node.func) or ""
        module, _, algo = name.rpartition(".")
        args = list(node.args)
        if module == "hashlib" and algo == "new" and args:
            first = args.pop(0)
            algo = str(first.value).lower() if isinstance(first, ast.Constant) else ""
        elif module != "hashlib":
            return
        if algo not in FAST_HASHES or not args or not _mentions_password(args[0]):
            return
        if algo in BROKEN_HASHES:
            ctx.report(node, f"a password hashed with {algo}; use argon2, bcrypt or PBKDF2")
            return
        salted = any(any(w in n.lower() for w in SALT_WORDS) for n in walk_names(args[0]))
        if not salted:
            ctx.report(
                node, f"a password hashed with unsalted {algo}; use argon2, bcrypt or PBKDF2"
            )


# --- BA111 -----------------------------------------------------------------------------------


@register
class HttpWithoutTimeout(Rule):
    info = RuleInfo(
        code="BA111",
        name="http-without-timeout",
        summary="An outbound HTTP call has no timeout: a slow server can hang the worker.",
        severity=Severity.WARNING,
        rationale=(
            "`requests` and `urllib` wait forever by default. When the other service hangs, "
            "each request to yours holds a worker until every worker waits and the whole API "
            "stops answering. Give every call a timeout (`timeout=10`, or connect and read "
            "separately: `timeout=(3.05, 27)`). httpx has a 5-second default, so only "
            "`timeout=None` is flagged. Calls through a `requests.Session` are not checked: "
            "sessions are often given a timeout by an adapter or a subclass."
        ),
        bad="import requests\n\nr = requests.get(url)",
        good="import requests\n\nr = requests.get(url, timeout=10)",
        cwe=(400, 1088),
        fixable=True,
    )
    node_types = (ast.Call,)
    call_qualified = HTTPX_CALLS | REQUESTS_CALLS | URLOPEN

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        name = ctx.scopes.qualified(node.func)
        if name in HTTPX_CALLS:
            timeout = kwarg(node, "timeout")
            if (
                timeout is not None
                and isinstance(timeout.value, ast.Constant)
                and timeout.value.value is None
            ):
                ctx.report(
                    timeout, f"`{dotted_name(node.func)}` with `timeout=None` can wait forever"
                )
            return
        if name in REQUESTS_CALLS:
            positional_timeout = False
        elif name in URLOPEN:
            positional_timeout = len(node.args) >= 3  # urlopen(url, data, timeout)
        else:
            return
        if (
            positional_timeout
            or has_kwargs(node)
            or any(isinstance(a, ast.Starred) for a in node.args)
        ):
            return
        timeout = kwarg(node, "timeout")
        if timeout is None:
            ctx.report(
                node.func,
                f"`{dotted_name(node.func)}` without a timeout waits forever for a slow server",
                _timeout_fix(node, ctx),
            )
        elif isinstance(timeout.value, ast.Constant) and timeout.value.value is None:
            ctx.report(timeout, f"`{dotted_name(node.func)}` with `timeout=None` waits forever")


def _timeout_fix(call: ast.Call, ctx: FileContext) -> Fix | None:
    items: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    last = max(items, key=lambda i: (i.end_lineno or 0, i.end_col_offset or 0), default=None)
    if last is None:
        return None
    value = _timeout_constant(ctx) or "10"
    end = span_of(last, ctx.lines).end
    edit = Edit(ctx.path, Span(end, Position(end.line, end.column)), f", timeout={value}")
    return Fix(f"Add timeout={value}", (edit,))


def _timeout_constant(ctx: FileContext) -> str | None:
    """A module constant named like ``REQUEST_TIMEOUT = 10`` the project already uses."""
    for stmt in ctx.tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(
            stmt.value, (ast.Constant, ast.Tuple)
        ):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, ast.Name) and t.id.isupper() and "TIMEOUT" in t.id:
                    value = stmt.value
                    if isinstance(value, ast.Constant) and not isinstance(
                        value.value, (int, float)
                    ):
                        continue
                    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                        continue
                    return t.id
    return None


# --- BA112 -----------------------------------------------------------------------------------

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


# --- BA118 -----------------------------------------------------------------------------------

RANDOM_CALLS = frozenset(
    f"random.{f}"
    for f in ("random", "randint", "randrange", "choice", "choices", "sample", "getrandbits",
              "shuffle", "uniform", "randbytes")
) | frozenset({"numpy.random.randint", "numpy.random.choice", "uuid.uuid1"})  # fmt: skip
# what a value is for, by the words of the name it is given (``reset_token``, ``make_otp``)
SECRET_VALUE_WORDS = frozenset(
    {"token", "secret", "password", "passwd", "pwd", "otp", "nonce", "salt", "pin", "passcode",
     "apikey", "csrf"}
)  # fmt: skip
SECRET_CODE_WORDS = frozenset(
    {"verification", "verify", "reset", "confirm", "confirmation", "activation", "otp", "auth",
     "login", "sms", "email", "invite", "recovery", "magic", "security", "access", "session"}
)  # fmt: skip
NOT_SECRET_VALUE_WORDS = frozenset({"count", "len", "length", "type", "name", "id", "ids"})
FORM_WORDS = frozenset({"str", "hex", "value", "bytes", "string", "raw"})


@register
class PredictableSecret(Rule):
    info = RuleInfo(
        code="BA118",
        name="predictable-secret",
        summary="A token, password or code is made with `random`, which can be predicted.",
        severity=Severity.ERROR,
        rationale=(
            "`random` is a Mersenne Twister seeded from the clock: after 624 outputs anyone "
            "can compute the next ones, and its seed is guessable. A reset token, session id, "
            "one-time code, API key or generated password made with it can be guessed by an "
            "attacker who has seen a few. Use `secrets` (`secrets.token_urlsafe()`, "
            "`secrets.choice`, `secrets.randbelow`) or `random.SystemRandom()`."
        ),
        bad=(
            "import random\nimport string\n\ndef make_reset_token():\n"
            "    return ''.join(random.choices(string.ascii_letters, k=32))"
        ),
        good="import secrets\n\ndef make_reset_token():\n    return secrets.token_urlsafe(32)",
        cwe=(330, 338),
    )
    node_types = (ast.Call,)
    call_qualified = RANDOM_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        name = ctx.scopes.qualified(node.func)
        if name not in RANDOM_CALLS:
            return
        purpose = _destination(ctx)
        if purpose is not None and _names_a_secret(purpose):
            ctx.report(
                node,
                f"`{dotted_name(node.func)}()` makes `{purpose}`: `random` can be predicted; "
                "use `secrets` (`secrets.token_urlsafe()`, `secrets.choice`)",
            )


def _destination(ctx: FileContext) -> str | None:
    """The name the value ends up under: the variable or keyword it is assigned to, the key
    it is stored at, or the function that returns it (``def generate_otp(): return ...``)."""
    for node in reversed(ctx.stack):
        if isinstance(node, ast.keyword):  # ``User(api_key=...)``: the keyword names it
            return node.arg
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n for t in targets if (n := node_name(t)) is not None]
            return names[0] if names else None
        if isinstance(node, ast.Dict):
            return None  # which key is ours needs the child: rare, left alone
        if isinstance(node, ast.Return):
            fn = ctx.enclosing_function()
            return fn.name if fn is not None else None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.stmt)):
            return None
    return None


def _names_a_secret(name: str) -> bool:
    """The value is the secret when its name ends with the word (``reset_token``,
    ``token_hex``), not when the word only qualifies another (``token_budget``)."""
    words = name_words(name)
    while len(words) > 1 and words[-1] in FORM_WORDS:
        words = words[:-1]  # ``otp_str``, ``token_hex``
    if not words or NOT_SECRET_VALUE_WORDS.intersection(words):
        return False
    if words[-1] in SECRET_VALUE_WORDS or is_secret_name(name):
        return True  # ``reset_token``, ``api_key`` (the names BA102 knows for secrets)
    # ``reset_code``, ``verification_code``: a code that proves who the user is
    return words[-1] == "code" and bool(SECRET_CODE_WORDS.intersection(words))

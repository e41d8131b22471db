"""BA118: a token, password or code made with `random`, which can be predicted."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import node_name
from ..support.secrets import is_secret_name, name_words

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
        node = cast(ast.Call, node)
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

"""BA118: a token, password or code made with `random`, which can be predicted."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import destination_name
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
NOT_SECRET_VALUE_WORDS = frozenset(
    {"count", "len", "length", "type", "name", "id", "ids", "port", "delay", "sleep", "seed",
     "sample", "jitter", "timeout", "year", "price", "amount", "quantity", "score", "age"}
)  # fmt: skip
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
        purpose = destination_name(ctx)
        if purpose is not None and _names_a_secret(purpose):
            ctx.report(
                node,
                f"`{dotted_name(node.func)}()` makes `{purpose}`: `random` can be predicted; "
                "use `secrets` (`secrets.token_urlsafe()`, `secrets.choice`)",
            )
            return
        digits = _code_digits(node, name)
        if digits is not None and not (
            purpose is not None and NOT_SECRET_VALUE_WORDS.intersection(name_words(purpose))
        ):
            ctx.report(
                node,
                f"`{dotted_name(node.func)}()` makes a {digits}-digit code (a one-time code's "
                "shape): `random` can be predicted; use `secrets.randbelow`",
            )


def _code_digits(call: ast.Call, name: str) -> int | None:
    """``randint(100000, 999999)``, ``randrange(1000, 10000)``: every number of n digits, the
    range of a one-time or verification code (4 to 8 digits)."""
    if name not in ("random.randint", "random.randrange") or len(call.args) != 2:
        return None
    low, high = (a.value if isinstance(a, ast.Constant) else None for a in call.args)
    if not (isinstance(low, int) and isinstance(high, int)):
        return None
    digits = len(str(low))
    if not 4 <= digits <= 8 or low != 10 ** (digits - 1):
        return None
    return digits if high in (10**digits - 1, 10**digits) else None


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

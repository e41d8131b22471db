"""What a secret's name looks like: the words of a name and the ones that mean a secret."""

from __future__ import annotations

import ast
import re
from functools import lru_cache

from .ast_helpers import walk_names

_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def name_words(name: str) -> list[str]:
    """``JWT_SECRET_KEY`` / ``jwtSecretKey`` -> ["jwt", "secret", "key"]."""
    return [w for w in re.split(r"[_\W]+", _CAMEL_RE.sub("_", name).lower()) if w]


SECRET_LAST_WORDS = frozenset({"secret", "password", "passwd", "pwd", "passphrase", "apikey"})

SECRET_LAST_PAIRS = frozenset(
    {
        ("secret", "key"), ("api", "key"), ("private", "key"), ("signing", "key"),
        ("access", "key"), ("encryption", "key"), ("jwt", "key"), ("master", "key"),
        ("app", "key"), ("auth", "token"), ("api", "token"), ("access", "token"),
        ("bot", "token"), ("secret", "token"), ("refresh", "token"), ("bearer", "token"),
        ("github", "token"), ("slack", "token"), ("sentry", "dsn"),
    }
)  # fmt: skip

# a stored hash is not the secret (``hashed_password`` in a users fixture), and a name that
# says it is fake is a test double (``fake_secret_token``)
NOT_SECRET_WORDS = frozenset({"hash", "hashed", "digest", "fake", "dummy", "sample", "mock"})

# every secret name holds one of these (lower-cased): most names are out without a split
_SECRET_PARTS = ("secret", "pass", "pwd", "key", "token", "dsn")


@lru_cache(maxsize=4096)  # asked of every assignment, keyword and dict key: names repeat
def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    if not any(part in lowered for part in _SECRET_PARTS):
        return False
    words = name_words(name)
    if not words or NOT_SECRET_WORDS.intersection(words):
        return False
    if words[-1] in SECRET_LAST_WORDS or tuple(words[-2:]) in SECRET_LAST_PAIRS:
        return True
    # ``SECRET_COOKIE_KEY``, ``secret_signing_salt``: a secret's key, token or salt
    return words[-1] in SECRET_OF_WORDS and "secret" in words[:-1]


SECRET_OF_WORDS = frozenset({"key", "token", "salt"})


PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"})


def mentions_password(expr: ast.AST) -> bool:
    """A name inside ``expr`` ends with a password word (``user.password``, ``raw_pwd``)."""
    return any((words := name_words(n)) and words[-1] in PASSWORD_WORDS for n in walk_names(expr))

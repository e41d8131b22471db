"""Redaction: what must never leave the machine is replaced before a request is built.

Three kinds: values from the project's ``.env`` files (wherever they appear), hard-coded
secrets (a literal assigned to a secret-looking name, or a string in a known token format),
and passwords inside connection strings. Each distinct value gets a stable placeholder
(``[REDACTED secret 1]``), so the same code always gives the same request (and cache key), and
the agent can still say "this is a hard-coded secret". The mapping stays in memory here: a
replacement the agent writes with a placeholder in it is given the original value back.
"""

from __future__ import annotations

import re
from pathlib import Path

from dotenv import dotenv_values

PLACEHOLDER_RE = re.compile(r"\[REDACTED [a-z-]+ \d+\]")

# a literal bound to a secret-looking name: ``PASSWORD = "..."``, ``"api_key": "..."``,
# ``token="..."`` (the name may carry a prefix or suffix: ``DB_PASSWORD``, ``secret_key``)
_NAMED_SECRET_RE = re.compile(
    r"""(?ix)
    (?P<name>["']?[a-z0-9_]*(?:passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|
        access[_-]?key|private[_-]?key|credential|auth[_-]?key|signing[_-]?key)[a-z0-9_]*["']?)
    (?P<sep>\s*(?::\s*(?:str\s*=\s*)?|=)\s*)
    (?P<q>[rbuf]?["'])(?P<value>[^"'\n]{4,})(?P=q)
    """
)
_TOKEN_RES = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
    re.compile(r"\bsk-ant-[A-Za-z0-9_-]{10,}"),
    re.compile(r"\bsk-[A-Za-z0-9]{20,}"),
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}"),
    re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),  # JWT
]
# scheme://user:PASSWORD@host
_URL_PASSWORD_RE = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@'\"]+:)(?P<value>[^\s@/'\"]+)(?P<tail>@)", re.I
)
# values that cannot be secrets and would only blank out ordinary code
_HARMLESS = {"true", "false", "none", "null", "yes", "no", "on", "off", "localhost", "changeme"}
MAX_ENV_FILE_BYTES = 1_000_000


def read_env_values(root: str | Path) -> list[str]:
    """The values of every ``.env*`` file at the project root (``.env``, ``.env.local``...).

    Read with python-dotenv's own parser, so a value is what the application gets: quotes,
    ``export``, inline comments, escapes and multi-line values as dotenv reads them. Each value
    is kept as written and with ``${VAR}`` expanded, and each line of a multi-line value on its
    own too (code may hold any one of them)."""
    values: list[str] = []
    base = Path(root)
    try:
        files = sorted(p for p in base.iterdir() if p.name.startswith(".env") and p.is_file())
    except OSError:
        return values
    for path in files:
        try:
            if path.stat().st_size > MAX_ENV_FILE_BYTES:
                continue
            raw = dotenv_values(path, interpolate=False, encoding="utf-8")
            expanded = dotenv_values(path, interpolate=True, encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for value in (*raw.values(), *expanded.values()):
            if value is None:  # a bare ``KEY`` line: no value
                continue
            for piece in (value.strip(), *(line.strip() for line in value.splitlines())):
                if len(piece) >= 4 and piece.lower() not in _HARMLESS and not _is_number(piece):
                    values.append(piece)
    return list(dict.fromkeys(values))


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


class Redactor:
    def __init__(self, env_values: list[str] | None = None) -> None:
        # longest first, so a value containing another is replaced whole
        self.env_values = sorted(set(env_values or []), key=len, reverse=True)
        self.originals: dict[str, str] = {}  # placeholder -> value
        self._placeholders: dict[str, str] = {}  # value -> placeholder
        self._count: dict[str, int] = {}

    @classmethod
    def for_project(cls, root: str | Path) -> Redactor:
        return cls(read_env_values(root))

    def _placeholder(self, value: str, kind: str) -> str:
        found = self._placeholders.get(value)
        if found is None:
            self._count[kind] = self._count.get(kind, 0) + 1
            found = f"[REDACTED {kind} {self._count[kind]}]"
            self._placeholders[value] = found
            self.originals[found] = value
        return found

    def redact(self, text: str) -> str:
        for value in self.env_values:
            if value in text:
                text = text.replace(value, self._placeholder(value, "env-value"))
        text = _URL_PASSWORD_RE.sub(
            lambda m: (
                m.group("head") + self._masked(m.group("value"), "password") + m.group("tail")
            ),
            text,
        )
        for token_re in _TOKEN_RES:
            text = token_re.sub(lambda m: self._masked(m.group(0), "secret"), text)
        return _NAMED_SECRET_RE.sub(self._named, text)

    def _masked(self, value: str, kind: str) -> str:
        if PLACEHOLDER_RE.fullmatch(value) or PLACEHOLDER_RE.search(value):
            return value  # already replaced by an earlier pass
        return self._placeholder(value, kind)

    def _named(self, match: re.Match[str]) -> str:
        value = match.group("value")
        if (
            PLACEHOLDER_RE.search(value)
            or value.lower() in _HARMLESS
            or "{" in value  # an f-string or template, not a literal secret
            or value.startswith(("$", "%("))
        ):
            return match.group(0)
        q = match.group("q")
        return (
            match.group("name")
            + match.group("sep")
            + q
            + self._placeholder(value, "secret")
            + q[-1]
        )

    def restore(self, text: str) -> str:
        """Put the original values back (for text written into the user's own files)."""
        return PLACEHOLDER_RE.sub(lambda m: self.originals.get(m.group(0), m.group(0)), text)

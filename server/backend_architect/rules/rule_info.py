"""What a rule is, as documentation and settings see it: code, name, severity, reasons, scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..core.model import Severity

FAMILIES = {
    "BA0": "tool",
    "BA1": "security",
    "BA2": "authentication and access control",
    "BA3": "API design and contract",
    "BA4": "database and ORM",
    "BA5": "errors, logging, async and code quality",
    "BA6": "Dockerfile",
    "BA7": "Compose",
    "BA8": "migrations",
    "BA9": "configuration and environment",
}

DOCS_URL = (
    "https://github.com/backend-architect-lsp/backend-architect-lsp/blob/main/docs/rules.md#{code}"
)

TestFiles = Literal["if-asked", "never", "always"]


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str  # kebab-case, e.g. "sql-string-execute"
    summary: str  # one line, what the finding says
    severity: Severity
    rationale: str
    bad: str
    good: str
    cwe: tuple[int, ...] = ()
    fixable: bool = False
    # the files of a test suite: "if-asked" checks them only with the ``check-tests`` setting
    # (their routes, loops and literals are fixtures, not the application); "never" for rules
    # about what runs in production (a test's print, create_all or fake secret is how tests
    # are written); "always" for rules that matter there too. The engine applies it.
    test_files: TestFiles = "if-asked"
    # False for rules about code that runs on every request: a migration (Django
    # ``migrations/``, Alembic ``versions/``) runs once, at deploy time. The engine applies it.
    migration_files: bool = True

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "other")

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code.lower())

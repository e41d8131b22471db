"""BA704 literal-secret-in-environment: a password or key written in ``environment``."""

from __future__ import annotations

import re

from ...core.compose import span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.secrets import is_secret_name


@register
class LiteralSecretInEnvironment(ComposeRule):
    info = RuleInfo(
        code="BA704",
        name="literal-secret-in-environment",
        summary="A secret is written in the Compose file: use `env_file`, `${VAR}` or secrets.",
        severity=Severity.WARNING,
        rationale=(
            "A compose file is committed: a password written in `environment` is in the "
            "repository's history for good and the same everywhere the file is used. Read it "
            "from the shell or an uncommitted `.env` (`${POSTGRES_PASSWORD}`, `env_file`), or "
            "use Compose `secrets` (`POSTGRES_PASSWORD_FILE: /run/secrets/db_password`)."
        ),
        bad="services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
        good=(
            "services:\n  db:\n    image: postgres:16\n    environment:\n"
            "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
        ),
        cwe=(798,),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            for name, value, _key, node in service.environment():
                if value is None or node is None:
                    continue
                url = _URL_PASSWORD_RE.search(value)
                if url is not None and "$" not in url.group(1):
                    ctx.report(span_of(node), f"`{name}` holds a password in its URL")
                    continue
                if not is_secret_name(name) or "$" in value or not value.strip():
                    continue
                ctx.report(span_of(node), f"`{name}` is written in the file")


# ``postgresql://user:password@host``: the password part, when it is not a variable
_URL_PASSWORD_RE = re.compile(r"://[^:/@\s]+:([^@/\s]+)@")

"""BA606 secret-file-copied: COPY or ADD of a ``.env`` file or a private key into the image."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo

_SECRET_FILE_RE = re.compile(
    r"(?:^|/)(?:\.env(?:\.(?!example$|sample$|template$|dist$|defaults$)[\w-]+)?|id_(?:rsa|dsa|ecdsa|ed25519)"
    r"|[\w.-]+\.(?:pem|key|p12|pfx)|\.npmrc|\.pypirc|\.netrc|credentials(?:\.json)?"
    r"|\.aws/credentials|service[-_]account[\w-]*\.json)$"
)


@register
class SecretFileCopied(DockerfileRule):
    info = RuleInfo(
        code="BA606",
        name="secret-file-copied",
        summary="A secrets file (`.env`, a private key, credentials) is copied into the image.",
        severity=Severity.ERROR,
        rationale=(
            "A file copied into a layer stays in the image even if a later step deletes it: "
            "whoever pulls the image gets the `.env` or the key. Give secrets to the container "
            "at run time (environment, mounted secret files) and keep the files out of the "
            "build context with `.dockerignore`."
        ),
        bad="FROM python:3.12-slim\nCOPY .env /app/.env\n",
        good="FROM python:3.12-slim\nCOPY .env.example /app/.env.example\n",
        cwe=(538,),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.keyword not in ("COPY", "ADD") or inst.flag("from") is not None:
                continue
            for w in inst.words[:-1]:  # the last word is the destination
                if _SECRET_FILE_RE.search(w.text.rstrip("/")):
                    ctx.report(w.span, f"`{w.text}` holds secrets; it stays in the image")

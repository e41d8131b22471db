"""BA605 secret-in-env-or-arg: a secret passed through ENV or ARG, kept in the image."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.secrets import is_secret_name


@register
class SecretInEnvOrArg(DockerfileRule):
    info = RuleInfo(
        code="BA605",
        name="secret-in-env-or-arg",
        summary="A secret is set with ENV or ARG: it stays in the image's layers and history.",
        severity=Severity.ERROR,
        rationale=(
            "`ENV` values are stored in the image config and `ARG` values in its build "
            "history: anyone who can pull the image reads them with `docker history` or "
            "`docker inspect`. Pass build-time secrets with `RUN --mount=type=secret` and "
            "run-time secrets through the environment or a secrets file at deploy time "
            "(BuildKit check SecretsUsedInArgOrEnv)."
        ),
        bad="FROM python:3.12-slim\nENV STRIPE_API_KEY=sk_live_51H8\n",
        good="FROM python:3.12-slim\nRUN --mount=type=secret,id=stripe cat /run/secrets/stripe\n",
        cwe=(798,),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.keyword not in ("ENV", "ARG"):
                continue
            words = inst.words
            legacy = inst.keyword == "ENV" and words and "=" not in words[0].text
            pairs = [words[0]] if legacy else list(words)
            for w in pairs:
                name, eq, value = w.text.partition("=")
                if not is_secret_name(name):
                    continue
                if inst.keyword == "ENV" and not legacy and (not eq or value.startswith("$")):
                    continue  # ENV TOKEN=$TOKEN copies an ARG: the ARG is the finding
                if inst.keyword == "ENV" and legacy and len(words) > 1:
                    if words[1].text.startswith("$"):
                        continue
                    ctx.report(
                        Span(words[0].span.start, words[-1].span.end),
                        f"`{name}` is a secret set with ENV",
                    )
                    continue
                ctx.report(w.span, f"`{name}` is a secret set with {inst.keyword}")

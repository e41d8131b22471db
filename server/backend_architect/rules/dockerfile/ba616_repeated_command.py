"""BA616 repeated-command: more than one CMD (or ENTRYPOINT, HEALTHCHECK) in a stage."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class RepeatedCommand(DockerfileRule):
    info = RuleInfo(
        code="BA616",
        name="repeated-command",
        summary="Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect.",
        severity=Severity.WARNING,
        rationale=(
            "A stage keeps only its last CMD (likewise ENTRYPOINT and HEALTHCHECK): the "
            "earlier ones do nothing, and whoever reads the first one believes the image runs "
            "something it does not. Keep one (hadolint DL4003, DL4004; BuildKit "
            "MultipleInstructionsDisallowed)."
        ),
        bad='FROM python:3.12-slim\nCMD ["python", "setup.py"]\nCMD ["gunicorn", "app:app"]\n',
        good='FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n',
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for stage in ctx.dockerfile.stages:
            for keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
                found = stage.of(keyword)
                for inst in found[:-1]:
                    ctx.report(
                        inst.keyword_span,
                        f"this {keyword} has no effect: the {keyword} on line "
                        f"{found[-1].line + 1} replaces it",
                    )

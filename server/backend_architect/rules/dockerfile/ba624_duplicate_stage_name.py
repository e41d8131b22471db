"""BA624 duplicate-stage-name: two stages with the same name."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class DuplicateStageName(DockerfileRule):
    info = RuleInfo(
        code="BA624",
        name="duplicate-stage-name",
        summary="Two stages share a name: `--from` and `FROM name` are ambiguous.",
        severity=Severity.ERROR,
        rationale=(
            "Stage names are matched without regard to case, and BuildKit refuses a second "
            "stage with a name already used; with older builders `COPY --from=name` quietly "
            "took one of them (hadolint DL3024, BuildKit DuplicateStageName)."
        ),
        bad="FROM python:3.12 AS build\nFROM python:3.12-slim AS build\n",
        good="FROM python:3.12 AS build\nFROM python:3.12-slim AS runtime\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        seen: dict[str, int] = {}
        for stage in ctx.dockerfile.stages:
            if stage.name is None:
                continue
            key = stage.name.text.lower()
            if key in seen:
                ctx.report(
                    stage.name.span,
                    f"stage `{stage.name.text}` is already defined on line {seen[key] + 1}",
                )
            else:
                seen[key] = stage.instruction.line

"""BA621 pipe-without-pipefail: a pipe in RUN whose failure the shell would ignore."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of


def _sets_pipefail(words: list[str]) -> bool:
    return "pipefail" in words and (
        "-o" in words or any(w.startswith("-") and "o" in w for w in words)
    )


@register
class PipeWithoutPipefail(DockerfileRule):
    info = RuleInfo(
        code="BA621",
        name="pipe-without-pipefail",
        summary="A pipe in RUN without `set -o pipefail`: the step succeeds when the download fails.",
        severity=Severity.WARNING,
        rationale=(
            "A pipeline's status is its last command's: `curl ... | sh` or `wget -O- ... | "
            "tar x` passes even when the download failed, and the image is built broken. "
            'Start the RUN with `set -o pipefail &&`, or set `SHELL ["/bin/bash", "-o", '
            '"pipefail", "-c"]` (hadolint DL4006).'
        ),
        bad="FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n",
        good=(
            "FROM debian:12-slim\n"
            'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
            "RUN curl -fsSL https://example.com/install.sh | sh\n"
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for stage in ctx.dockerfile.stages:
            shell_pipefail = False
            for inst in stage.instructions:
                if inst.keyword == "SHELL":
                    shell_pipefail = _sets_pipefail([w.text for w in inst.words])
                    continue
                if inst.keyword != "RUN" or shell_pipefail or inst.json:
                    continue
                seen_pipefail = False
                cmds = commands_of(inst)
                for n, cmd in enumerate(cmds):
                    if cmd.name == "set" and _sets_pipefail([w.text for w in cmd.words]):
                        seen_pipefail = True
                    if cmd.before == "|" and n > 0 and not seen_pipefail:
                        left = cmds[n - 1].words[0].span.start
                        ctx.report(Span(left, cmd.words[-1].span.end))
                        break

"""BA619 cd-in-run: ``cd`` inside RUN to set the directory for what follows."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of


@register
class CdInRun(DockerfileRule):
    info = RuleInfo(
        code="BA619",
        name="cd-in-run",
        summary="`cd` in RUN: use WORKDIR to set the directory.",
        severity=Severity.INFO,
        rationale=(
            "A `cd` lasts only for its RUN, so the next instruction silently runs elsewhere, "
            "and the directory the steps depend on is hidden inside shell lines. WORKDIR sets "
            "it for every following instruction and is visible in the image config (hadolint "
            "DL3003)."
        ),
        bad="FROM python:3.12-slim\nRUN cd /app && pip install --no-cache-dir .\n",
        good="FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-cache-dir .\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            cmds = commands_of(inst)
            for n, cmd in enumerate(cmds):
                # a ``cd`` that ends the line or runs in a subshell, ``(cd x && make)``, is local
                if cmd.name != "cd" or n == len(cmds) - 1 or cmd.before == "(":
                    continue
                ctx.report(Span(cmd.words[0].span.start, cmd.words[-1].span.end))

"""BA608 apt-install-without-yes: ``apt-get install`` without ``-y`` waits for an answer."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import apt_install, commands_of


@register
class AptInstallWithoutYes(DockerfileRule):
    info = RuleInfo(
        code="BA608",
        name="apt-install-without-yes",
        summary="`apt-get install` without `-y`: the build stops at the confirmation prompt.",
        severity=Severity.WARNING,
        rationale=(
            'A build has no terminal to answer apt\'s "Do you want to continue?": without `-y` '
            "(or `--yes`, `--assume-yes`) the install aborts as soon as it would install more "
            "than the packages named (hadolint DL3014)."
        ),
        bad="FROM debian:12-slim\nRUN apt-get update && apt-get install curl\n",
        good="FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n",
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            for cmd in commands_of(inst):
                found = apt_install(cmd)
                if found is None or cmd.has("-y", "--yes", "--assume-yes", "-qq"):
                    continue
                first, install = found
                end = install.span.end
                fix = ctx.fix("Add `-y`", (Span(end, end), " -y"))
                ctx.report(Span(first.span.start, end), fix=fix)

"""BA620 sudo-in-run: ``sudo`` in a RUN."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of


@register
class SudoInRun(DockerfileRule):
    info = RuleInfo(
        code="BA620",
        name="sudo-in-run",
        summary="`sudo` in RUN: switch with USER instead.",
        severity=Severity.WARNING,
        rationale=(
            "`sudo` in an image means the package (and a sudoers entry) is installed, and its "
            "TTY and signal handling behave oddly in a build. Run root steps before `USER`, "
            "or switch back with `USER root` around them (hadolint DL3004)."
        ),
        bad="FROM python:3.12-slim\nUSER app\nRUN sudo apt-get update\n",
        good="FROM python:3.12-slim\nRUN apt-get update\nUSER app\n",
        cwe=(250,),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            for cmd in commands_of(inst):
                if cmd.name == "sudo":
                    ctx.report(cmd.words[0].span)

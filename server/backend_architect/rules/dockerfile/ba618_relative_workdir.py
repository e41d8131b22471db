"""BA618 relative-workdir: WORKDIR with a relative path."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class RelativeWorkdir(DockerfileRule):
    info = RuleInfo(
        code="BA618",
        name="relative-workdir",
        summary="WORKDIR is relative: it depends on every WORKDIR before it, and the base's.",
        severity=Severity.WARNING,
        rationale=(
            "A relative WORKDIR is resolved against the previous one, which may come from the "
            "base image and change with it; an absolute path says where the app lives "
            "(hadolint DL3000, BuildKit WorkdirRelativePath)."
        ),
        bad="FROM python:3.12-slim\nWORKDIR app\n",
        good="FROM python:3.12-slim\nWORKDIR /app\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for stage in ctx.dockerfile.stages:
            absolute_before = False
            for inst in stage.of("WORKDIR"):
                path = inst.args.text.strip("\"'")
                if path.startswith(("/", "$")) or re.match(r"^[A-Za-z]:[\\/]", path):
                    absolute_before = True
                    continue
                if path and not absolute_before:
                    ctx.report(inst.args.span())

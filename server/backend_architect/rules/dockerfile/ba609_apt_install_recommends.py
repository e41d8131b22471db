"""BA609 apt-install-recommends: ``apt-get install`` without ``--no-install-recommends``."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import apt_install, commands_of


@register
class AptInstallRecommends(DockerfileRule):
    info = RuleInfo(
        code="BA609",
        name="apt-install-recommends",
        summary="`apt-get install` without `--no-install-recommends` pulls in extra packages.",
        severity=Severity.WARNING,
        rationale=(
            "apt installs every *recommended* package by default: a `curl` install brings in "
            "dozens of packages the image never uses, each a size cost and a CVE to patch. "
            "Add `--no-install-recommends` and name what you need (hadolint DL3015)."
        ),
        bad="FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n",
        good="FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            for cmd in commands_of(inst):
                found = apt_install(cmd)
                if found is None or cmd.has("--no-install-recommends"):
                    continue
                if any("Install-Recommends" in w.text for w in cmd.words):
                    continue  # -o APT::Install-Recommends=false
                first, install = found
                end = install.span.end
                fix = ctx.fix(
                    "Add `--no-install-recommends`", (Span(end, end), " --no-install-recommends")
                )
                ctx.report(Span(first.span.start, end), fix=fix)

"""BA611 apt-upgrade: ``apt-get upgrade`` / ``dist-upgrade`` in a Dockerfile."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of

_UPGRADES = frozenset({"upgrade", "dist-upgrade", "full-upgrade"})


@register
class AptUpgrade(DockerfileRule):
    info = RuleInfo(
        code="BA611",
        name="apt-upgrade",
        summary="`apt-get upgrade` makes the image depend on the day it was built.",
        severity=Severity.INFO,
        rationale=(
            "Upgrading every package inside the build gives an image whose contents depend on "
            "when it was built and that differs from the base it names; the fixes belong in a "
            "newer base image tag (rebuild on the updated base), with single packages upgraded "
            "by name only when a fix cannot wait (hadolint DL3005)."
        ),
        bad="FROM debian:12-slim\nRUN apt-get update && apt-get upgrade -y\n",
        good="FROM debian:12-slim\nRUN apt-get update && apt-get install -y --only-upgrade openssl\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            for cmd in commands_of(inst):
                if cmd.name.rsplit("/", 1)[-1] not in ("apt-get", "apt"):
                    continue
                for w in cmd.words[1:]:
                    if w.text in _UPGRADES:
                        ctx.report(Span(cmd.words[0].span.start, w.span.end))
                        break
                    if not w.text.startswith("-"):
                        break

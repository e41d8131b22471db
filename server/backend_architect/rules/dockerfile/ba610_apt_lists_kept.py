"""BA610 apt-lists-kept: ``apt-get install`` in the final stage without removing
``/var/lib/apt/lists`` in the same RUN."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import apt_install, commands_of


@register
class AptListsKept(DockerfileRule):
    info = RuleInfo(
        code="BA610",
        name="apt-lists-kept",
        summary="apt's package lists stay in the layer: remove `/var/lib/apt/lists/*` in the same RUN.",
        severity=Severity.INFO,
        rationale=(
            "`apt-get update` downloads package lists (tens of MB) into `/var/lib/apt/lists`; "
            "unless the same RUN removes them they are part of the layer for good (a later "
            "`rm` only hides them). End the install with `&& rm -rf /var/lib/apt/lists/*`, or "
            "use a cache mount for `/var/lib/apt` (hadolint DL3009)."
        ),
        bad="FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\n",
        good=(
            "FROM debian:12-slim\n"
            "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage  # a builder stage's layers are not shipped
        if stage is None:
            return
        for inst in stage.of("RUN"):
            mount = inst.flag("mount")
            if mount is not None and "/var/lib/apt" in (mount.value or ""):
                continue
            cmds = commands_of(inst)
            installs = [found for c in cmds if (found := apt_install(c)) is not None]
            if not installs:
                continue
            cleaned = any(
                c.name == "rm" and any("/var/lib/apt/lists" in w.text for w in c.words)
                for c in cmds
            )
            if not cleaned:
                first, install = installs[0]
                ctx.report(Span(first.span.start, install.span.end))

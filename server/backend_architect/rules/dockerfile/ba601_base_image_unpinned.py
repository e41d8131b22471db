"""BA601 base-image-unpinned: FROM an image without a tag, or with ``latest``."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import has_variable, image_ref


@register
class BaseImageUnpinned(DockerfileRule):
    info = RuleInfo(
        code="BA601",
        name="base-image-unpinned",
        summary="The base image has no version tag (or is `latest`): builds are not repeatable.",
        severity=Severity.WARNING,
        rationale=(
            "`FROM python` and `FROM python:latest` build on whatever the registry serves that "
            "day: a new major Python or Debian release lands in the next build without anyone "
            "choosing it. Pin a tag (`python:3.12-slim`), or a digest for full reproducibility "
            "(hadolint DL3006, DL3007)."
        ),
        bad="FROM python\n",
        good="FROM python:3.12-slim\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        df = ctx.dockerfile
        earlier: set[str] = set()
        for stage in df.stages:
            base = stage.base
            if stage.name is not None:
                earlier.add(stage.name.text.lower())
            if base is None or has_variable(base.text) or base.text.lower() == "scratch":
                continue
            if base.text.lower() in earlier - {stage.name.text.lower() if stage.name else ""}:
                continue  # FROM builder: an earlier stage, not an image
            ref = image_ref(base.text)
            if ref.digest is not None:
                continue
            if ref.tag is None:
                ctx.report(base.span, f"`{base.text}` has no tag: pin a version")
            elif ref.tag == "latest":
                ctx.report(base.span, f"`{base.text}` follows `latest`: pin a version")

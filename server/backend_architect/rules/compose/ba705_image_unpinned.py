"""BA705 image-unpinned: a service image without a tag, or ``latest``."""

from __future__ import annotations

from ...core.compose import span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import has_variable, image_ref


@register
class ImageUnpinned(ComposeRule):
    info = RuleInfo(
        code="BA705",
        name="image-unpinned",
        summary="The service image has no tag (or is `latest`): each pull may bring another version.",
        severity=Severity.WARNING,
        rationale=(
            "`image: postgres` pulls whatever `latest` is that day: a new PostgreSQL major "
            "version cannot read the old data directory, and a new Redis or broker changes "
            "behaviour under the app. Pin the version you run in production."
        ),
        bad="services:\n  db:\n    image: postgres\n",
        good="services:\n  db:\n    image: postgres:16\n",
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            image = service.image()
            if image is None or service.get("build") is not None or has_variable(image[0]):
                continue  # with ``build`` the image is the name of what is built here
            ref = image_ref(image[0])
            if ref.digest is None and (ref.tag is None or ref.tag == "latest"):
                ctx.report(span_of(image[1]))

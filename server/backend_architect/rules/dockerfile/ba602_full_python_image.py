"""BA602 full-python-image: the final stage runs on the full ``python`` image where ``-slim``
serves."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import has_variable, image_ref

# tags that are already small or say what they need: slim, alpine, windows images
_SMALL = ("slim", "alpine", "windowsservercore", "nanoserver")


@register
class FullPythonImage(DockerfileRule):
    info = RuleInfo(
        code="BA602",
        name="full-python-image",
        summary="The image ships on the full `python` base; the `-slim` variant serves.",
        severity=Severity.WARNING,
        rationale=(
            "The full `python` image carries compilers, headers and hundreds of Debian "
            "packages (about 1 GB against 150 MB for `-slim`): a larger download on every "
            "deploy and far more CVEs to patch in software the service never runs. Build "
            "wheels in a builder stage if you need a compiler, and run on `-slim`."
        ),
        bad="FROM python:3.12\n",
        good="FROM python:3.12-slim\n",
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage
        if stage is None or stage.base is None or has_variable(stage.base.text):
            return
        base = stage.base
        ref = image_ref(base.text)
        if ref.short_name != "python" or ref.digest is not None:
            return
        tag = ref.tag or ""
        if any(s in tag for s in _SMALL):
            return
        if not tag or tag == "latest" or not tag[0].isdigit():
            ctx.report(base.span)  # no version to put -slim on: BA601 says to pin one
            return
        # python:3.12 -> python:3.12-slim; python:3.12-bookworm -> python:3.12-slim-bookworm
        version, _, variant = tag.partition("-")
        at = base.span.start.column + ref.tag_start + len(version)
        pos = Span.of(base.span.start.line, at, base.span.start.line, at)
        fix = ctx.fix(
            f"Use `{ref.name}:{version}-slim{'-' + variant if variant else ''}`", (pos, "-slim")
        )
        ctx.report(base.span, fix=fix)

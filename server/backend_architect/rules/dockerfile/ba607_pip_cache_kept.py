"""BA607 pip-cache-kept: ``pip install`` without ``--no-cache-dir`` keeps pip's cache in the layer."""

from __future__ import annotations

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of, env_names, pip_install


@register
class PipCacheKept(DockerfileRule):
    info = RuleInfo(
        code="BA607",
        name="pip-cache-kept",
        summary="`pip install` without `--no-cache-dir` keeps the download cache in the image.",
        severity=Severity.WARNING,
        rationale=(
            "pip keeps every wheel it downloads under `~/.cache/pip`; in an image that cache is "
            "dead weight in the layer (often tens of MB). Add `--no-cache-dir`, set "
            "`PIP_NO_CACHE_DIR=1`, or mount a BuildKit cache (`RUN --mount=type=cache,"
            "target=/root/.cache/pip`), which speeds up rebuilds without entering the layer "
            "(hadolint DL3042)."
        ),
        bad="FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
        good="FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n",
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for stage in ctx.dockerfile.stages:
            env = env_names(stage)
            if "PIP_NO_CACHE_DIR" in env:
                continue
            for inst in stage.instructions:
                mount = inst.flag("mount")
                if mount is not None and "type=cache" in (mount.value or ""):
                    continue
                for cmd in commands_of(inst):
                    found = pip_install(cmd)
                    if found is None or cmd.has("--no-cache-dir", "--no-cache"):
                        continue
                    first, install = found
                    end = install.span.end
                    fix = ctx.fix("Add `--no-cache-dir`", (Span(end, end), " --no-cache-dir"))
                    ctx.report(Span(first.span.start, end), fix=fix)

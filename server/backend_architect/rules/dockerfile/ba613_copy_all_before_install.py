"""BA613 copy-all-before-install: ``COPY . .`` before the dependencies are installed."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import installs_dependencies


@register
class CopyAllBeforeInstall(DockerfileRule):
    info = RuleInfo(
        code="BA613",
        name="copy-all-before-install",
        summary="The whole source is copied before dependencies are installed: every code change reinstalls them.",
        severity=Severity.WARNING,
        rationale=(
            "A layer is rebuilt when anything it copied changed. With `COPY . .` before "
            "`pip install -r requirements.txt`, editing one line of code invalidates the "
            "install layer and every build downloads and installs all dependencies again. "
            "Copy the dependency files first, install, then copy the code."
        ),
        bad=(
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
            "RUN pip install --no-cache-dir -r requirements.txt\n"
        ),
        good=(
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
            "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for stage in ctx.dockerfile.stages:
            copied_all = None
            for inst in stage.instructions:
                if inst.keyword in ("COPY", "ADD") and inst.flag("from") is None:
                    sources = [w.text.rstrip("/") for w in inst.words[:-1]]
                    if copied_all is None and any(s in (".", "./", "") for s in sources):
                        copied_all = inst
                elif installs_dependencies(inst):
                    if copied_all is not None:
                        ctx.report(copied_all.span)
                    break  # the first install decides: after it, COPY . . is right

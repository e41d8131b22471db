"""BA604 no-healthcheck: a service image (it exposes a port or runs a server) without a
HEALTHCHECK."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import main_command
from ..support.servers import server_of


@register
class NoHealthcheck(DockerfileRule):
    info = RuleInfo(
        code="BA604",
        name="no-healthcheck",
        summary="The service image has no HEALTHCHECK.",
        severity=Severity.INFO,
        rationale=(
            "Without a health check the container counts as healthy as soon as its process "
            "starts: a deadlocked worker or an app that never connected to its database keeps "
            "receiving traffic, and `depends_on: condition: service_healthy` has nothing to "
            "wait for. Add `HEALTHCHECK CMD` probing a cheap endpoint (or the orchestrator's "
            "probe, and say so with `HEALTHCHECK NONE`)."
        ),
        bad='FROM python:3.12-slim\nEXPOSE 8000\nCMD ["uvicorn", "app.main:app"]\n',
        good=(
            'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK CMD ["python", "-c", '
            "\"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"]\n"
            'CMD ["uvicorn", "app.main:app"]\n'
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        df = ctx.dockerfile
        stage = df.final_stage
        if stage is None or any(i.keyword == "HEALTHCHECK" for i in df.instructions):
            return  # a HEALTHCHECK in an earlier stage is inherited by ``FROM that-stage``
        main = main_command(stage)
        exposes = stage.of("EXPOSE")
        if main is not None and (exposes or server_of(stage) is not None):
            ctx.report(main.keyword_span)
        elif main is None and exposes:
            ctx.report(exposes[-1].keyword_span)

"""BA708 docker-socket-mounted: the Docker socket mounted into a service."""

from __future__ import annotations

from ...core.compose import scalar, sequence, span_of, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo

_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock")


@register
class DockerSocketMounted(ComposeRule):
    info = RuleInfo(
        code="BA708",
        name="docker-socket-mounted",
        summary="The Docker socket is mounted: the container controls the host's Docker.",
        severity=Severity.ERROR,
        rationale=(
            "Whoever talks to the Docker socket can start a privileged container mounting the "
            "host's root filesystem: mounting it (even read-only, which does not restrict the "
            "API) hands the host to the service and to anyone who compromises it. Use a "
            "socket proxy that allows only the calls needed, or do without."
        ),
        bad="services:\n  api:\n    image: app:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
        good="services:\n  api:\n    image: app:1\n    volumes:\n      - ./data:/data\n",
        cwe=(250,),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            for entry in sequence(service.value("volumes")):
                text = scalar(entry)
                source = (
                    text.split(":", 1)[0] if text is not None else scalar(value(entry, "source"))
                )
                if source is not None and source.rstrip("/") in _SOCKETS:
                    ctx.report(span_of(entry))

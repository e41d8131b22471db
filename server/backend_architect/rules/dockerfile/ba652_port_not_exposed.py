"""BA652 port-not-exposed: the server binds a port the Dockerfile does not EXPOSE."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.servers import server_of

_PORT_RE = re.compile(r"^(\d+)(?:-(\d+))?(?:/\w+)?$")


@register
class PortNotExposed(DockerfileRule):
    info = RuleInfo(
        code="BA652",
        name="port-not-exposed",
        summary="The server listens on a port the image does not EXPOSE.",
        severity=Severity.WARNING,
        rationale=(
            "EXPOSE documents the port the image serves, and tools (compose `ports`, "
            "platforms that route to the exposed port, `docker run -P`) rely on it. A server "
            "bound to another port than the one exposed (often the framework's default, "
            "`flask run` on 5000 under `EXPOSE 8000`) is unreachable where it is expected."
        ),
        bad='FROM python:3.12-slim\nEXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:5000", "app:app"]\n',
        good='FROM python:3.12-slim\nEXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage
        if stage is None:
            return
        exposes = stage.of("EXPOSE")
        server = server_of(stage)
        if not exposes or server is None or server.port is None:
            return
        ports: list[tuple[int, int]] = []
        for inst in exposes:
            for w in inst.words:
                m = _PORT_RE.match(w.text)
                if m is None:
                    return  # a variable or an invalid port: BA623's business
                ports.append((int(m.group(1)), int(m.group(2) or m.group(1))))
        if any(lo <= server.port <= hi for lo, hi in ports):
            return
        where = server.port_word or server.words[0]
        listed = ", ".join(str(lo) for lo, _ in ports)
        ctx.report(where.span, f"the server listens on {server.port}; the image exposes {listed}")

"""BA623 invalid-expose: EXPOSE of a port that is not a port number (or a host mapping)."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo

_PORT_RE = re.compile(r"^(\d+)(?:-(\d+))?(?:/(tcp|udp|sctp))?$", re.I)


@register
class InvalidExpose(DockerfileRule):
    info = RuleInfo(
        code="BA623",
        name="invalid-expose",
        summary="EXPOSE names something that is not a container port.",
        severity=Severity.ERROR,
        rationale=(
            "EXPOSE takes container ports (`8000`, `8000/tcp`, `8000-8010`) between 0 and "
            "65535. A host mapping (`80:8000`) belongs to `docker run -p` or compose `ports`, "
            "and a port out of range fails the build (hadolint DL3011, DL3021 family; BuildKit "
            "ExposeInvalidFormat)."
        ),
        bad="FROM python:3.12-slim\nEXPOSE 80:8000\n",
        good="FROM python:3.12-slim\nEXPOSE 8000\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.keyword != "EXPOSE":
                continue
            for w in inst.words:
                if "$" in w.text:
                    continue
                m = _PORT_RE.match(w.text)
                if m is None:
                    ctx.report(w.span, f"`{w.text}` is not a container port")
                elif any(int(p) > 65535 for p in m.groups()[:2] if p):
                    ctx.report(w.span, f"`{w.text}` is outside 0-65535")

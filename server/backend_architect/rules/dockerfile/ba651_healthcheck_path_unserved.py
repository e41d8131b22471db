"""BA651 healthcheck-path-unserved: the HEALTHCHECK requests a path no GET route serves."""

from __future__ import annotations

import os
from typing import ClassVar

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.app_targets import URL_RE, project_files_under, serves


@register
class HealthcheckPathUnserved(DockerfileRule):
    reads_index: ClassVar[bool] = True
    info = RuleInfo(
        code="BA651",
        name="healthcheck-path-unserved",
        summary="The HEALTHCHECK requests a path the application does not serve.",
        severity=Severity.ERROR,
        rationale=(
            "A health check against a path with no route gets a 404 every time: the container "
            "is marked unhealthy for good, an orchestrator restarts it in a loop, and "
            "`service_healthy` dependents never start. The routes of the project beside the "
            "Dockerfile are read to check that a GET route answers the path."
        ),
        bad="FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/healthz || exit 1\n",
        good="FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        index = ctx.index
        if index is None:
            return
        folder = os.path.dirname(os.path.abspath(ctx.path))
        routes = index.published_routes()
        if not routes or not project_files_under(index, folder):
            return
        for inst in ctx.dockerfile.instructions:
            if inst.keyword != "HEALTHCHECK":
                continue
            for word in inst.words:
                m = URL_RE.search(word.text)
                if m is None or "$" in word.text:
                    continue
                path = m.group(2) or "/"
                if not serves(routes, path):
                    line, col = word.span.start.line, word.span.start.column
                    offset = word.raw.find(path, word.raw.find("//") + 2)
                    span = word.span
                    if offset >= 0 and word.span.start.line == word.span.end.line:
                        span = Span.of(line, col + offset, line, col + offset + len(path))
                    ctx.report(span, f"no GET route serves `{path}`")

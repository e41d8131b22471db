"""BA715 compose-healthcheck-path-unserved: a service's ``healthcheck`` requests a path the
application built into it does not serve."""

from __future__ import annotations

from typing import ClassVar

from ...core.compose import scalar, sequence, span_of, value
from ...core.model import Severity, Span
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.app_targets import URL_RE, serves
from ..support.compose_services import project_context


@register
class ComposeHealthcheckPathUnserved(ComposeRule):
    reads_index: ClassVar[bool] = True
    info = RuleInfo(
        code="BA715",
        name="compose-healthcheck-path-unserved",
        summary="The service's healthcheck requests a path the application does not serve.",
        severity=Severity.ERROR,
        rationale=(
            "A health check against a path with no route gets a 404 every time: the service is "
            "never healthy, every `depends_on: condition: service_healthy` dependent waits "
            "forever and `docker compose up --wait` fails. Only services built from this "
            "project (`build:` naming a folder with its Python code) are checked, against the "
            "GET routes the index knows (as BA651 does for a Dockerfile's HEALTHCHECK)."
        ),
        bad=(
            "services:\n  api:\n    build: .\n    healthcheck:\n"
            '      test: ["CMD", "curl", "-f", "http://localhost:8000/healthz"]\n'
        ),
        good=(
            "services:\n  api:\n    build: .\n    healthcheck:\n"
            '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]\n'
        ),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        index = ctx.index
        if index is None:
            return
        routes = index.published_routes()
        if not routes:
            return
        for service in ctx.compose.services:
            test = value(service.value("healthcheck"), "test")
            if test is None or project_context(ctx, service) is None:
                continue
            for node in sequence(test) or [test]:
                text = scalar(node) or ""
                m = URL_RE.search(text)
                if m is None or "$" in text:
                    continue
                path = m.group(2) or "/"
                if serves(routes, path):
                    continue
                span = span_of(node)
                line = ctx.lines[span.start.line] if span.start.line < len(ctx.lines) else ""
                url_at = line.find(m.group(0), span.start.column)
                if url_at >= 0 and span.start.line == span.end.line:
                    col = url_at + m.start(2) - m.start(0) if m.group(2) else url_at
                    span = Span.of(span.start.line, col, span.start.line, col + len(path))
                ctx.report(span, f"no GET route serves `{path}`")

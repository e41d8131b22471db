"""BA617 maintainer-deprecated: the MAINTAINER instruction."""

from __future__ import annotations

import json

from ...core.model import Severity, Span
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class MaintainerDeprecated(DockerfileRule):
    info = RuleInfo(
        code="BA617",
        name="maintainer-deprecated",
        summary="MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors=...`.",
        severity=Severity.INFO,
        rationale=(
            "MAINTAINER has been deprecated since Docker 1.13; the value belongs in the "
            "standard OCI label, which registries and scanners read (hadolint DL4000, "
            "BuildKit MaintainerDeprecated)."
        ),
        bad="FROM python:3.12-slim\nMAINTAINER Ana <ana@example.com>\n",
        good='FROM python:3.12-slim\nLABEL org.opencontainers.image.authors="Ana <ana@example.com>"\n',
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.keyword != "MAINTAINER":
                continue
            fix = None
            if inst.span.start.line == inst.span.end.line and inst.args.text:
                label = f"LABEL org.opencontainers.image.authors={json.dumps(inst.args.text)}"
                fix = ctx.fix(
                    "Use the OCI authors label", (Span(inst.span.start, inst.span.end), label)
                )
            ctx.report(inst.keyword_span, fix=fix)

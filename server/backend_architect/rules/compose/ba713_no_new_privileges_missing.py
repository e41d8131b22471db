"""BA713 no-new-privileges-missing: a service built from the project without
``security_opt: [no-new-privileges:true]``."""

from __future__ import annotations

import re

from ...core.compose import scalar, sequence, span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo

_NNP_RE = re.compile(r"^no-new-privileges(?:[:=](?:true|1|yes))?$", re.I)


@register
class NoNewPrivilegesMissing(ComposeRule):
    info = RuleInfo(
        code="BA713",
        name="no-new-privileges-missing",
        summary="The service's processes may gain privileges: add `security_opt: [no-new-privileges:true]`.",
        severity=Severity.INFO,
        rationale=(
            "Without `no-new-privileges` a process in the container can gain privileges "
            "through setuid/setgid binaries or file capabilities (a `sudo`, a `su`, a "
            "vulnerable setuid tool left in the image): an attacker who gets code execution "
            "as the application user can become root inside the container. The flag costs a "
            "web application nothing. Only services built from this project (`build:`) are "
            "looked at: third-party images (databases whose entrypoints switch users) are "
            "their maintainers' call."
        ),
        bad="services:\n  api:\n    build: .\n",
        good="services:\n  api:\n    build: .\n    security_opt:\n      - no-new-privileges:true\n",
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            if service.get("build") is None or service.get("privileged") is not None:
                continue  # a privileged service is BA707's finding
            options = [
                (scalar(e) or "").replace(" ", "") for e in sequence(service.value("security_opt"))
            ]
            if any(_NNP_RE.match(o) for o in options):
                continue
            ctx.report(
                span_of(service.key), f"`{service.name}` does not set `no-new-privileges:true`"
            )

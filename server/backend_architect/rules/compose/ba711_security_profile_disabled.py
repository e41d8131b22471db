"""BA711 security-profile-disabled: seccomp or AppArmor ``unconfined``, or SELinux labels off."""

from __future__ import annotations

import re

from ...core.compose import scalar, sequence, span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo

_UNCONFINED_RE = re.compile(
    r"^(?:seccomp|apparmor)[:=]unconfined$|^label[:=](?:disable|false)$", re.I
)


@register
class SecurityProfileDisabled(ComposeRule):
    info = RuleInfo(
        code="BA711",
        name="security-profile-disabled",
        summary="A kernel security profile is switched off for the service.",
        severity=Severity.ERROR,
        rationale=(
            "Docker's default seccomp profile blocks the system calls most container escapes "
            "use, and AppArmor/SELinux confine what the process may touch. `unconfined` or "
            "`label:disable` removes that layer for the whole service; write a profile that "
            "allows the one call needed instead."
        ),
        bad="services:\n  api:\n    image: app:1\n    security_opt:\n      - seccomp:unconfined\n",
        good="services:\n  api:\n    image: app:1\n    security_opt:\n      - no-new-privileges:true\n",
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            for entry in sequence(service.value("security_opt")):
                if _UNCONFINED_RE.match((scalar(entry) or "").replace(" ", "")):
                    ctx.report(span_of(entry))

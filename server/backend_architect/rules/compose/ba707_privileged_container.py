"""BA707 privileged-container: ``privileged: true``."""

from __future__ import annotations

from ...core.compose import span_of, truthy
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class PrivilegedContainer(ComposeRule):
    info = RuleInfo(
        code="BA707",
        name="privileged-container",
        summary="`privileged: true` gives the container root over the host.",
        severity=Severity.ERROR,
        rationale=(
            "A privileged container has every capability, every device and no seccomp or "
            "AppArmor profile: escaping to the host is a matter of mounting its disk. Grant "
            "the one capability or device the service needs (`cap_add`, `devices`) instead."
        ),
        bad="services:\n  api:\n    image: app:1\n    privileged: true\n",
        good="services:\n  api:\n    image: app:1\n    cap_add: [NET_BIND_SERVICE]\n",
        cwe=(250,),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            found = service.get("privileged")
            if found is not None and truthy(found[1]):
                ctx.report(span_of(found[1]))

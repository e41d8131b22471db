"""BA710 dangerous-capability: ``cap_add`` of ALL, SYS_ADMIN and the like."""

from __future__ import annotations

from ...core.compose import scalar, sequence, span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo

_DANGEROUS = frozenset(
    {"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH"}
)


@register
class DangerousCapability(ComposeRule):
    info = RuleInfo(
        code="BA710",
        name="dangerous-capability",
        summary="`cap_add` grants a capability that amounts to root on the host.",
        severity=Severity.ERROR,
        rationale=(
            "`SYS_ADMIN` (mount, namespaces, most of root's powers), `SYS_MODULE` (load kernel "
            "modules), `SYS_PTRACE` and `ALL` are the usual ways out of a container. A web "
            "service needs none of them; add the narrow capability it does need, if any."
        ),
        bad="services:\n  api:\n    image: app:1\n    cap_add: [SYS_ADMIN]\n",
        good="services:\n  api:\n    image: app:1\n    cap_drop: [ALL]\n",
        cwe=(250,),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            for entry in sequence(service.value("cap_add")):
                cap = (scalar(entry) or "").upper().removeprefix("CAP_")
                if cap in _DANGEROUS:
                    ctx.report(span_of(entry), f"`{cap}` amounts to root on the host")

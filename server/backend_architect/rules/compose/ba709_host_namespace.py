"""BA709 host-namespace: ``network_mode``, ``pid``, ``ipc`` (or ``userns_mode``) set to ``host``."""

from __future__ import annotations

from ...core.compose import scalar, span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo

_KEYS = ("network_mode", "pid", "ipc", "userns_mode", "uts")


@register
class HostNamespace(ComposeRule):
    info = RuleInfo(
        code="BA709",
        name="host-namespace",
        summary="The service shares a namespace with the host.",
        severity=Severity.WARNING,
        rationale=(
            "`network_mode: host` puts every port the container opens on the host's "
            "interfaces and lets it reach services bound to the host's localhost; `pid: host` "
            "lets it see and signal the host's processes; `ipc: host` shares its shared "
            "memory. Each removes a wall between the service and the machine."
        ),
        bad="services:\n  api:\n    image: app:1\n    network_mode: host\n",
        good='services:\n  api:\n    image: app:1\n    ports: ["127.0.0.1:8000:8000"]\n',
        cwe=(668,),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            for key in _KEYS:
                found = service.get(key)
                if found is not None and scalar(found[1]) == "host":
                    ctx.report(span_of(found[1]), f"`{key}: host` shares the host's namespace")

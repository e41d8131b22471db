"""BA712 no-restart-policy: a long-running service without a restart policy."""

from __future__ import annotations

from ...core.compose import scalar, span_of, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class NoRestartPolicy(ComposeRule):
    info = RuleInfo(
        code="BA712",
        name="no-restart-policy",
        summary="The service has no restart policy: after a crash or a reboot it stays down.",
        severity=Severity.INFO,
        rationale=(
            'Compose\'s default is `restart: "no"`: a service that crashes once, or a host '
            "that reboots, leaves the API or its database down until someone runs `up` again. "
            "Set `restart: unless-stopped` (or `deploy.restart_policy`) on long-running "
            'services; one-off jobs (migrations) say `restart: "no"` on purpose.'
        ),
        bad="services:\n  api:\n    image: app:1\n",
        good="services:\n  api:\n    image: app:1\n    restart: unless-stopped\n",
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        compose = ctx.compose
        one_off = {
            name
            for s in compose.services
            for name, _node, cond in s.depends_on()
            if scalar(cond) == "service_completed_successfully"
        }
        for service in compose.services:
            if service.name in one_off or service.get("restart") is not None:
                continue
            if value(value(service.node, "deploy"), "restart_policy") is not None:
                continue
            if service.get("profiles") is not None:
                continue  # tools started on demand (``--profile debug``)
            ctx.report(span_of(service.key))

"""BA701 dependency-without-healthcheck: a service others depend on has no healthcheck."""

from __future__ import annotations

from ...core.compose import scalar, span_of, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class DependencyWithoutHealthcheck(ComposeRule):
    info = RuleInfo(
        code="BA701",
        name="dependency-without-healthcheck",
        summary="Other services depend on this one, but it has no healthcheck.",
        severity=Severity.WARNING,
        rationale=(
            "`depends_on` only waits for the container to *start*: the API boots while "
            "PostgreSQL is still initialising, fails its first connections and crash-loops or "
            "serves errors. Give the dependency a `healthcheck` (`pg_isready`, `redis-cli "
            "ping`) so dependents can wait with `condition: service_healthy`."
        ),
        bad="services:\n  api:\n    image: app:1\n    depends_on: [db]\n  db:\n    image: postgres:16\n",
        good=(
            "services:\n  api:\n    image: app:1\n    depends_on:\n      db:\n"
            "        condition: service_healthy\n  db:\n    image: postgres:16\n"
            '    healthcheck:\n      test: ["CMD", "pg_isready"]\n'
        ),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        compose = ctx.compose
        for service in compose.services:
            for name, node, condition in service.depends_on():
                target = compose.service(name)
                if target is None or target.get("healthcheck") is not None:
                    continue
                if scalar(condition) == "service_completed_successfully":
                    continue  # a one-off job: it has no health, it has an exit code
                if scalar(value(target.value("healthcheck"), "disable")) == "true":
                    continue
                ctx.report(
                    span_of(node),
                    f"`{name}` has no healthcheck: `depends_on` only waits for it to start",
                )

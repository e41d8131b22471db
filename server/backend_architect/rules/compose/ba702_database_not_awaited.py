"""BA702 database-not-awaited: ``depends_on`` a database without ``condition: service_healthy``."""

from __future__ import annotations

from ...core.compose import scalar, span_of
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import database_kind


@register
class DatabaseNotAwaited(ComposeRule):
    info = RuleInfo(
        code="BA702",
        name="database-not-awaited",
        summary="`depends_on` a database without `condition: service_healthy`.",
        severity=Severity.WARNING,
        rationale=(
            "A database container is *started* long before it accepts connections (PostgreSQL "
            "initialises its data directory, MySQL runs its entrypoint scripts). Without "
            "`condition: service_healthy` the app's first connections fail; with it, and a "
            "healthcheck on the database, Compose waits until the database answers."
        ),
        bad="services:\n  api:\n    image: app:1\n    depends_on: [db]\n  db:\n    image: postgres:16\n",
        good=(
            "services:\n  api:\n    image: app:1\n    depends_on:\n      db:\n"
            "        condition: service_healthy\n  db:\n    image: postgres:16\n"
        ),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        compose = ctx.compose
        for service in compose.services:
            for name, node, condition in service.depends_on():
                target = compose.service(name)
                image = target.image() if target is not None else None
                if image is None or database_kind(image[0]) is None:
                    continue
                if scalar(condition) == "service_healthy":
                    continue
                where = condition if condition is not None else node
                ctx.report(
                    span_of(where), f"`{name}` is a database: wait for `condition: service_healthy`"
                )

"""BA706 database-port-public: a database port published on every interface of the host."""

from __future__ import annotations

from ...core.compose import scalar, sequence, span_of, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import database_kind


@register
class DatabasePortPublic(ComposeRule):
    info = RuleInfo(
        code="BA706",
        name="database-port-public",
        summary="The database port is published on all interfaces: bind it to 127.0.0.1.",
        severity=Severity.WARNING,
        rationale=(
            '`ports: ["5432:5432"]` listens on every interface of the host, and Docker\'s '
            "rules bypass host firewalls such as ufw: the database (often with a development "
            "password) is reachable from the network. Other services reach it by service name "
            "without publishing; for tools on the host, bind `127.0.0.1:5432:5432`."
        ),
        bad='services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n',
        good='services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n',
        cwe=(668,),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            image = service.image()
            if image is None or database_kind(image[0]) is None:
                continue
            for entry in sequence(service.value("ports")):
                text = scalar(entry)
                if text is not None:
                    parts = text.rsplit(":", 2)
                    host_ip = parts[0] if len(parts) == 3 else None
                    public = host_ip in (None, "0.0.0.0", "", "::", "[::]")
                else:
                    host_ip = scalar(value(entry, "host_ip"))
                    public = value(entry, "published") is not None and host_ip in (None, "0.0.0.0")
                if public:
                    ctx.report(span_of(entry))

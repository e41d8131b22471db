"""BA716 published-port-unbound: the service publishes container ports the server it runs does
not listen on."""

from __future__ import annotations

import re
from typing import ClassVar

from ...core.compose import Node, scalar, sequence, span_of, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.compose_services import project_context, server

_RANGE_RE = re.compile(r"^(\d+)(?:-(\d+))?$")


def container_ports(entry: Node) -> tuple[int, int] | None:
    """The container side of a ``ports`` entry (``8000``, ``8080:8000``, ``127.0.0.1:80:8000``,
    ``8000-8001:8000-8001/tcp``, or the long form's ``target``); None when not a number."""
    text = scalar(entry)
    if text is None:
        text = scalar(value(entry, "target"))
        if text is None:
            return None
    text = text.split("/", 1)[0].rsplit(":", 1)[-1]
    m = _RANGE_RE.match(text.strip())
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2) or m.group(1))


@register
class PublishedPortUnbound(ComposeRule):
    reads_index: ClassVar[bool] = True
    info = RuleInfo(
        code="BA716",
        name="published-port-unbound",
        summary="The service publishes a port its server does not listen on.",
        severity=Severity.WARNING,
        rationale=(
            '`ports: ["8000:8000"]` forwards to port 8000 in the container; a server bound '
            "to another port (`--bind 0.0.0.0:5000`, `--port 8080`) is unreachable through it "
            "and every request is refused. The server is read from the service's `command`, or "
            "from the final (or `target`) stage of the Dockerfile in its build context. Only "
            "ports written in the command count: a default port, or one taken from a variable "
            "or a config file (`gunicorn.conf.py`, `UVICORN_PORT`), is not guessed."
        ),
        bad=(
            'services:\n  api:\n    build: .\n    command: ["gunicorn", "--bind", "0.0.0.0:5000", '
            '"app:app"]\n    ports: ["8000:8000"]\n'
        ),
        good=(
            'services:\n  api:\n    build: .\n    command: ["gunicorn", "--bind", "0.0.0.0:8000", '
            '"app:app"]\n    ports: ["8000:8000"]\n'
        ),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            entries = sequence(service.value("ports"))
            folder = project_context(ctx, service) if entries else None
            if folder is None:
                continue
            found = server(ctx, service, folder)
            if found is None or found.port_word is None or found.port is None:
                continue
            if any("$" in w.text for w in found.words):
                continue
            ranges = [container_ports(e) for e in entries]
            known = [r for r in ranges if r is not None]
            if len(known) < len(ranges):
                continue  # a variable in a port: cannot tell
            if any(lo <= found.port <= hi for lo, hi in known):
                continue
            for entry in entries:
                where = entry if scalar(entry) is not None else value(entry, "target") or entry
                ctx.report(
                    span_of(where),
                    f"`{service.name}`'s server listens on {found.port}, not on this port",
                )

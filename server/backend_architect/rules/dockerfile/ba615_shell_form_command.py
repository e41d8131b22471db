"""BA615 shell-form-command: CMD or ENTRYPOINT in shell form; the process is not PID 1."""

from __future__ import annotations

import json
import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo

# a command the exec form can carry word for word: no expansion, redirection or operator
_PLAIN_RE = re.compile(r"^[\w@%+=:,./-]+$")


@register
class ShellFormCommand(DockerfileRule):
    info = RuleInfo(
        code="BA615",
        name="shell-form-command",
        summary="Shell-form CMD/ENTRYPOINT: the server runs under `/bin/sh -c` and misses SIGTERM.",
        severity=Severity.WARNING,
        rationale=(
            "In shell form the container's PID 1 is `/bin/sh -c`, which does not forward "
            "signals: `docker stop` waits ten seconds and kills the server, dropping requests "
            "in flight and skipping shutdown hooks. Write the JSON (exec) form, "
            '`CMD ["gunicorn", "app:app"]` (hadolint DL3025, BuildKit JSONArgsRecommended).'
        ),
        bad="FROM python:3.12-slim\nCMD gunicorn app:app\n",
        good='FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n',
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for stage in ctx.dockerfile.stages:
            for keyword in ("CMD", "ENTRYPOINT"):
                found = stage.of(keyword)
                if not found or found[-1].json or not found[-1].words:
                    continue
                inst = found[-1]
                if inst.words[0].text == "exec":
                    continue  # ``exec server``: the shell replaces itself, signals arrive
                span = inst.args.span()
                fix = None
                if (
                    all(_PLAIN_RE.match(w.raw) for w in inst.words)
                    and span.start.line == span.end.line
                ):
                    exec_form = json.dumps([w.text for w in inst.words])
                    fix = ctx.fix("Use the exec form", (span, exec_form))
                ctx.report(span, fix=fix)

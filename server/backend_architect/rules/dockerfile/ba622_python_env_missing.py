"""BA622 python-env-missing: a Python image without ``PYTHONUNBUFFERED`` (and
``PYTHONDONTWRITEBYTECODE``)."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import env_names, is_python_base

_WANTED = ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")


@register
class PythonEnvMissing(DockerfileRule):
    info = RuleInfo(
        code="BA622",
        name="python-env-missing",
        summary="The Python image does not set `PYTHONUNBUFFERED=1` / `PYTHONDONTWRITEBYTECODE=1`.",
        severity=Severity.INFO,
        rationale=(
            "Without `PYTHONUNBUFFERED=1` Python buffers stdout when it is not a terminal: log "
            "lines reach `docker logs` late, and the last ones before a crash are lost. "
            "`PYTHONDONTWRITEBYTECODE=1` keeps `.pyc` files out of the container's writable "
            "layer. Set both with ENV in the final stage."
        ),
        bad='FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
        good=(
            "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n"
            'CMD ["python", "-m", "app"]\n'
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        df = ctx.dockerfile
        stage = df.final_stage
        if stage is None or stage.base is None:
            return
        chain = [stage]
        while chain[-1].base is not None:  # FROM base: ENV of the earlier stage is inherited
            base = chain[-1].base.text.lower()
            earlier = [
                s for s in df.stages[: chain[-1].index] if s.name and s.name.text.lower() == base
            ]
            if not earlier:
                break
            chain.append(earlier[-1])
        if not is_python_base(chain[-1]):
            return
        have = set().union(*(env_names(s) for s in chain))
        missing = [n for n in _WANTED if n not in have]
        if "PYTHONUNBUFFERED" in missing:
            ctx.report(stage.base.span, f"the final stage does not set {' or '.join(missing)}")

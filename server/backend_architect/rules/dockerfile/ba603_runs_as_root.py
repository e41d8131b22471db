"""BA603 runs-as-root: the final stage sets no USER, or its last USER is root."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo

# base images that already run as an unprivileged user
_NON_ROOT_BASES = ("distroless", "nonroot", "chainguard", "rootless")


@register
class RunsAsRoot(DockerfileRule):
    info = RuleInfo(
        code="BA603",
        name="runs-as-root",
        summary="The container runs as root: add an unprivileged USER to the final stage.",
        severity=Severity.WARNING,
        rationale=(
            "A process running as root inside the container is root on the files it can reach "
            "and one kernel bug away from root on the host; a code-execution bug in the app "
            "then owns the container. Create a user and switch to it with `USER` after the "
            "steps that need root (hadolint DL3002)."
        ),
        bad='FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n',
        good=(
            "FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\n"
            'CMD ["python", "-m", "app"]\n'
        ),
        cwe=(250,),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage
        if stage is None or stage.base is None:
            return
        users = stage.of("USER")
        parent = stage
        while not users and parent.base is not None:  # FROM base: the earlier stage's USER
            named = [s for s in ctx.dockerfile.stages[: parent.index] if s.name is not None]
            found = [s for s in named if s.name and s.name.text.lower() == parent.base.text.lower()]
            if not found:
                break
            parent = found[-1]
            users = parent.of("USER")
        if not users:
            if stage.base.text.lower() == "scratch" or any(
                m in stage.base.text.lower() for m in _NON_ROOT_BASES
            ):
                return
            ctx.report(stage.base.span, "the final stage sets no USER: the container runs as root")
            return
        last = users[-1]
        name = last.args.text.split(":", 1)[0].strip()
        if name in ("root", "0"):
            ctx.report(last.args.span(), "the last USER is root: the container runs as root")

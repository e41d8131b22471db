"""BA629 undefined-variable: an instruction expands a variable no ARG or ENV in scope declares
(BuildKit's UndefinedVar check)."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.build_variables import (
    EXPANDED,
    PLATFORM,
    PREDEFINED,
    declared,
    global_args,
    inherited,
    uses,
)


@register
class UndefinedVariable(DockerfileRule):
    info = RuleInfo(
        code="BA629",
        name="undefined-variable",
        summary="The instruction uses a variable that is not defined here; it expands to nothing.",
        severity=Severity.WARNING,
        rationale=(
            "BuildKit replaces an undefined `$NAME` with an empty string and builds on: "
            "`WORKDIR /srv/$APP_NAME` becomes `/srv/`, `COPY --chown=$USER` copies as root. "
            "The usual cause is a global ARG (declared before the first FROM) used inside a "
            "stage without `ARG NAME` there, or a typo. Names the instruction may take from the "
            "base image are left aside unless the base is an official image whose environment "
            "is known (python, debian, alpine, ...) or an earlier stage; `${NAME:-default}` "
            "forms and RUN/CMD (expanded by the shell) are not checked."
        ),
        bad=("ARG APP_HOME=/srv/app\nFROM python:3.12-slim\nWORKDIR $APP_HOME\n"),
        good=("ARG APP_HOME=/srv/app\nFROM python:3.12-slim\nARG APP_HOME\nWORKDIR $APP_HOME\n"),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        df = ctx.dockerfile
        glob = global_args(df)
        escape = df.escape
        known: set[str] = set(PREDEFINED)
        for inst in df.instructions:
            if inst.stage == -1:
                for use in uses(inst, escape):
                    if use.name not in known and not use.has_default:
                        ctx.report(use.span, f"`{use.name}` is not defined here")
                known.update(declared(inst))
        for stage in df.stages:
            start = stage.instruction
            for use in uses(start, escape):
                if use.name not in glob | PREDEFINED | PLATFORM and not use.has_default:
                    ctx.report(
                        use.span,
                        f"`{use.name}` is not a global ARG (declare it before the first FROM)",
                    )
            scope = inherited(df, stage)
            if scope is None:
                continue  # the base image may set any name
            scope |= PREDEFINED
            for inst in stage.instructions[1:]:
                if inst.keyword not in EXPANDED:
                    continue
                for use in uses(inst, escape):
                    if use.name in scope or use.has_default:
                        continue
                    hint = (
                        f"; `{use.name}` is a global ARG: repeat `ARG {use.name}` in this stage"
                        if use.name in glob or use.name in PLATFORM
                        else ""
                    )
                    ctx.report(use.span, f"`{use.name}` is not defined here{hint}")
                scope.update(declared(inst))

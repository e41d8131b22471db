"""BA625 build-tools-in-final-stage: compilers, ``-dev`` headers or git installed in the final
stage and never removed; a builder stage would keep them out of the image."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of
from ..support.package_managers import package_command

_TOOLS = frozenset(
    {
        "build-essential",
        "build-base",
        "gcc",
        "g++",
        "clang",
        "make",
        "cmake",
        "autoconf",
        "automake",
        "libtool",
        "musl-dev",
        "python3-dev",
        "python-dev",
        "git",
        "cargo",
        "rust",
        "rustc",
    }
)
_DEV_RE = re.compile(r"^[a-z0-9][\w.+-]*-(?:dev|devel)$")
_GROUP_RE = re.compile(r"^(?:@development-tools|development tools)$", re.I)


def _tool(name: str) -> bool:
    name = re.split(r"[=<>~]", name, maxsplit=1)[0].lower()  # ``gcc=4:12.2.0-3``
    return name in _TOOLS or bool(_DEV_RE.match(name)) or bool(_GROUP_RE.match(name))


@register
class BuildToolsInFinalStage(DockerfileRule):
    info = RuleInfo(
        code="BA625",
        name="build-tools-in-final-stage",
        summary="Build tools stay in the final image: build in a builder stage and copy the result.",
        severity=Severity.WARNING,
        rationale=(
            "Compilers, `-dev` headers and git are needed to build wheels, not to run them. "
            "Installed in the final stage and never removed, they add hundreds of MB and give "
            "an attacker a toolchain inside the container. Build the wheels in a builder stage "
            "(`FROM python:3.12-slim AS build`), copy them with `COPY --from=build`, and install "
            "only runtime libraries (`libpq5`, not `libpq-dev`) in the final stage. Packages "
            "removed again later in the stage (`apt-get purge`, `apk del .build-deps`) do not "
            "count; a single-stage Dockerfile is looked at as its final stage."
        ),
        bad=(
            "FROM python:3.12-slim\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\n"
        ),
        good=(
            "FROM python:3.12-slim AS build\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\n"
            "RUN pip wheel --wheel-dir /wheels psycopg==3.2.3\n"
            "FROM python:3.12-slim\n"
            "COPY --from=build /wheels /wheels\n"
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage
        if stage is None:
            return
        calls = [
            found
            for inst in stage.of("RUN")
            for c in commands_of(inst)
            if (found := package_command(c)) is not None
        ]
        removed: set[str] = set()
        for call in calls:
            if call.removes:
                removed.update(w.text for w in call.packages)
        for call in calls:
            if not call.installs:
                continue
            if call.virtual is not None and call.virtual.text in removed:
                continue  # ``apk add --virtual .build-deps ...`` then ``apk del .build-deps``
            for word in call.packages:
                if "$" in word.text or not _tool(word.text) or word.text in removed:
                    continue
                ctx.report(
                    word.span,
                    f"`{word.text}` is for building, and stays in the final image; build in a "
                    "builder stage and copy the result",
                )

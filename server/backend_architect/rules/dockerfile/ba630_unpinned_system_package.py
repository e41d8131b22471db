"""BA630 unpinned-system-package: ``apt-get install`` / ``apt install`` / ``apk add`` of a
package without a version (hadolint DL3008, DL3018)."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of
from ..support.package_managers import package_command

_MANAGERS = frozenset({"apt-get", "apt", "apk"})
# a bare package name (``libc6:amd64`` names an architecture, not a version); anything else is
# pinned (``curl=7.88.1-10+deb12u5``, ``curl~=8``, ``libpq>16``), a path (``./x.deb``), a
# release selector (``curl/bookworm-backports``), a glob or a variable
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*(?::[a-z0-9-]+)?$")


@register
class UnpinnedSystemPackage(DockerfileRule):
    info = RuleInfo(
        code="BA630",
        name="unpinned-system-package",
        summary="A Debian or Alpine package installed without a version.",
        severity=Severity.INFO,
        rationale=(
            "`apt-get install curl` and `apk add curl` take whatever the mirror has at build "
            "time, so two builds of one commit can ship different system libraries (hadolint "
            "DL3008, DL3018). Pinning (`curl=7.88.1-10+deb12u5`, `apk add curl~=8.5`) makes the "
            "build reproducible, but it has a cost: Debian and Alpine mirrors drop a version "
            "once its successor lands, and a pinned install then fails to build at all. Pin "
            "together with a digest-pinned base image (BA601) and move the pins when you move "
            "the digest (a snapshot mirror such as snapshot.debian.org keeps old versions "
            "installable); or, where taking security updates matters more than reproducing a "
            "build, leave the package unpinned and `noqa` the line deliberately. Variables, `$(...)` lists, `.deb` paths, `--virtual` group names "
            "and `-t` target releases are left aside."
        ),
        bad=(
            "FROM debian:12-slim\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends curl\n"
        ),
        good=(
            "FROM debian:12-slim@sha256:"
            "b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends "
            "curl=7.88.1-10+deb12u5\n"
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            for cmd in commands_of(inst):
                call = package_command(cmd)
                if call is None or call.manager not in _MANAGERS or not call.installs:
                    continue
                for word in call.packages:
                    text = word.text
                    if "$" in text or not _NAME_RE.match(text) or text.endswith("-"):
                        continue  # a version, a path, a variable, or ``pkg-`` (a removal)
                    ctx.report(word.span, f"`{text}` is installed without a version")

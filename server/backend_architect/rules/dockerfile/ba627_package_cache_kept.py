"""BA627 package-cache-kept: ``apk add`` without ``--no-cache``, or yum/dnf/microdnf/zypper
installs without their ``clean`` in the same RUN (hadolint DL3019, DL3032, DL3040, DL3041,
DL3036)."""

from __future__ import annotations

from ...core.model import Severity, Span
from ...core.shell_commands import Command
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of
from ..support.package_managers import package_command

_CACHES = {
    "apk": "/var/cache/apk",
    "yum": "/var/cache/yum",
    "dnf": "/var/cache/dnf",
    "microdnf": "/var/cache/yum",
    "zypper": "/var/cache/zypp",
}
_ADVICE = {
    "apk": "use `apk add --no-cache`",
    "yum": "end the RUN with `&& yum clean all`",
    "dnf": "end the RUN with `&& dnf clean all`",
    "microdnf": "end the RUN with `&& microdnf clean all`",
    "zypper": "end the RUN with `&& zypper clean --all`",
}


@register
class PackageCacheKept(DockerfileRule):
    info = RuleInfo(
        code="BA627",
        name="package-cache-kept",
        summary="The package manager's cache stays in the layer.",
        severity=Severity.INFO,
        rationale=(
            "apk, yum, dnf and zypper keep downloaded indexes and packages under `/var/cache`; "
            "unless the same RUN drops them they are part of the layer for good (a later RUN "
            "only hides them). Use `apk add --no-cache`, or end the RUN with `yum clean all` / "
            "`dnf clean all` / `zypper clean --all` (or `rm -rf` the cache, or a cache mount). "
            "Only the final stage is looked at: a builder stage's layers are not shipped. "
            "apt has its own rule (BA610)."
        ),
        bad="FROM python:3.12-alpine\nRUN apk add curl\n",
        good="FROM python:3.12-alpine\nRUN apk add --no-cache curl\n",
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage
        if stage is None:
            return
        for inst in stage.of("RUN"):
            mount = inst.flag("mount")
            cmds = commands_of(inst)
            for cmd in cmds:
                call = package_command(cmd)
                if call is None or not call.installs or call.manager not in _CACHES:
                    continue
                cache = _CACHES[call.manager]
                if mount is not None and cache in (mount.value or ""):
                    continue
                if call.manager == "apk" and cmd.has("--no-cache"):
                    continue
                if any(_cleans(c, call.manager, cache) for c in cmds):
                    continue
                fix = None
                if call.manager == "apk":  # safe: the same install, without the cache
                    end = call.verb.span.end
                    fix = ctx.fix("Add `--no-cache`", (Span(end, end), " --no-cache"))
                ctx.report(
                    Span(cmd.words[0].span.start, call.verb.span.end),
                    f"the {call.manager} cache stays in the layer: {_ADVICE[call.manager]}",
                    fix,
                )


def _cleans(cmd: Command, manager: str, cache: str) -> bool:
    texts = [w.text for w in cmd.words]
    if texts and texts[0] == "rm":
        return any(t.startswith(cache) or t.startswith("/var/cache/") for t in texts[1:])
    if texts and texts[0].rsplit("/", 1)[-1] == manager:
        return "clean" in texts  # ``yum clean all``, ``apk cache clean``
    return False

"""BA714 writable-root-filesystem: a stateless service built from the project whose root
filesystem stays writable where ``read_only: true`` serves."""

from __future__ import annotations

from ...core.compose import Node, scalar, sequence, span_of, truthy, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo


@register
class WritableRootFilesystem(ComposeRule):
    info = RuleInfo(
        code="BA714",
        name="writable-root-filesystem",
        summary="A stateless service with a writable root filesystem: set `read_only: true` (with `tmpfs: [/tmp]`).",
        severity=Severity.INFO,
        rationale=(
            "A web process needs to write nothing to its image: with `read_only: true` an "
            "attacker who gets code execution cannot drop tools or change the code on disk, "
            "and a bug that writes files where it should not shows up at once. Give it "
            "`tmpfs: [/tmp]` for temporary files. The rule is conservative: it looks only at "
            "services built from this project (`build:`) that mount no volume they could write "
            "(no volumes, or all `:ro`) and declare no `tmpfs` — the ones that look stateless. "
            "A service that writes to its filesystem (uploads, a SQLite file, a cache folder) "
            "mounts a volume for it and is left alone."
        ),
        bad="services:\n  api:\n    build: .\n",
        good="services:\n  api:\n    build: .\n    read_only: true\n    tmpfs:\n      - /tmp\n",
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            if service.get("build") is None:
                continue
            if service.get("read_only") is not None or service.get("tmpfs") is not None:
                continue  # decided either way, or tmpfs for what it writes
            if any(_writable(v) for v in sequence(service.value("volumes"))):
                continue
            ctx.report(
                span_of(service.key),
                f"`{service.name}` mounts nothing it writes: its root filesystem can be "
                "`read_only: true`",
            )


def _writable(volume: Node) -> bool:
    """Whether a ``volumes`` entry can be written: short form without ``:ro``, long form
    without ``read_only: true``."""
    text = scalar(volume)
    if text is not None:
        return text.rsplit(":", 1)[-1] not in ("ro", "readonly") or text.count(":") < 2
    return not truthy(value(volume, "read_only"))

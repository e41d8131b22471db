"""BA612 add-instead-of-copy: ADD of local files that are not archives; COPY serves."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo

_ARCHIVE_RE = re.compile(r"\.(?:tar|tgz|tbz2?|txz|tar\.(?:gz|bz2|xz|zst)|gz|bz2|xz)$", re.I)
_REMOTE_RE = re.compile(r"^(?:https?|git)://|^git@|\.git(?:#.*)?$")


@register
class AddInsteadOfCopy(DockerfileRule):
    info = RuleInfo(
        code="BA612",
        name="add-instead-of-copy",
        summary="ADD of local files: use COPY, whose meaning is only to copy.",
        severity=Severity.WARNING,
        rationale=(
            "ADD also unpacks local archives and fetches URLs, so a reader (and a later edit "
            "that adds `app.tar.gz`) cannot tell what it will do. For plain files and folders "
            "COPY says exactly that (hadolint DL3020)."
        ),
        bad="FROM python:3.12-slim\nADD requirements.txt /app/\n",
        good="FROM python:3.12-slim\nCOPY requirements.txt /app/\n",
        fixable=True,
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.keyword != "ADD" or inst.heredocs or len(inst.words) < 2:
                continue
            if any(inst.flag(f) for f in ("checksum", "keep-git-dir", "unpack")):
                continue
            sources = inst.words[:-1]
            if any(_ARCHIVE_RE.search(w.text) or _REMOTE_RE.search(w.text) for w in sources):
                continue
            if any("$" in w.text for w in sources):
                continue  # an archive name from an ARG: cannot tell
            fix = ctx.fix("Use COPY", (inst.keyword_span, "COPY"))
            ctx.report(inst.keyword_span, fix=fix)

"""BA628 add-remote-url: ``ADD https://...`` without ``--checksum``; the download is not
verified (hadolint DL3020's advice, BuildKit's ``ADD --checksum``)."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo

_URL_RE = re.compile(r"^(?:https?|ftp)://", re.I)


@register
class AddRemoteUrl(DockerfileRule):
    info = RuleInfo(
        code="BA628",
        name="add-remote-url",
        summary="ADD downloads a URL unverified: add `--checksum=sha256:...` or fetch it with curl and check it.",
        severity=Severity.WARNING,
        rationale=(
            "`ADD https://...` puts whatever the server returns into the image: nothing checks "
            "it, a changed or compromised file is shipped silently, and the layer cache hides "
            "the change. Give BuildKit the expected digest (`ADD --checksum=sha256:<digest> "
            "URL dest`), or download it in a RUN with `curl -fsSL` and verify it "
            "(`sha256sum -c`) in the same layer, which also lets you remove the archive once "
            "unpacked."
        ),
        bad="FROM python:3.12-slim\nADD https://example.com/tool.tar.gz /tmp/\n",
        good=(
            "FROM python:3.12-slim\n"
            "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d"
            " https://example.com/tool.tar.gz /tmp/\n"
        ),
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            inner = inst.onbuild if inst.keyword == "ONBUILD" else inst
            if inner is None or inner.keyword != "ADD" or inner.heredocs or len(inner.words) < 2:
                continue
            if inner.flag("checksum") is not None:
                continue
            for word in inner.words[:-1]:
                if _URL_RE.match(word.text):
                    ctx.report(word.span, "the download is not verified: add `--checksum`")

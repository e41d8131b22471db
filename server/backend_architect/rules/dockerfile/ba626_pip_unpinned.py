"""BA626 pip-unpinned: ``pip install NAME`` without a version; the image changes with every
build (hadolint DL3013)."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import commands_of, pip_install

# options whose value is the next word (a requirements file, an index, a target folder)
_VALUED = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--trusted-host",
        "--src",
        "--cache-dir",
        "--progress-bar",
        "--config-settings",
        "-C",
        "--only-binary",
        "--no-binary",
        "--upgrade-strategy",
    }
)
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[\w,.\s-]*\])?$")
# the installer's own tools: upgrading them is how an image starts, and their version follows pip
_TOOLING = frozenset({"pip", "setuptools", "wheel"})


@register
class PipUnpinned(DockerfileRule):
    info = RuleInfo(
        code="BA626",
        name="pip-unpinned",
        summary="A package installed without a version: pin it (`name==1.2.3`) or install from a lock file.",
        severity=Severity.WARNING,
        rationale=(
            "`pip install flask` takes whatever is newest at build time: two builds of one "
            "commit ship different code, and a release that breaks the application (or a "
            "compromised one) reaches production without a change to review. Pin each package "
            "(`flask==3.0.3`, any version specifier counts) or install from a requirements or "
            "constraints file (`-r`, `-c`), a lock file or local wheels (hadolint DL3013). "
            "`pip`, `setuptools` and `wheel` themselves are left aside. Debian and Alpine "
            "packages have their own rule (BA630)."
        ),
        bad="FROM python:3.12-slim\nRUN pip install --no-cache-dir flask gunicorn\n",
        good="FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n",
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        for inst in ctx.dockerfile.instructions:
            for cmd in commands_of(inst):
                found = pip_install(cmd)
                if found is None:
                    continue
                words = cmd.words
                i = words.index(found[1]) + 1
                while i < len(words):
                    w = words[i]
                    text = w.text
                    if text.startswith("-"):
                        i += 2 if text in _VALUED else 1
                        continue
                    i += 1
                    if not _NAME_RE.match(text) or "$" in text:
                        continue  # a specifier, a path, a wheel, a URL or a variable
                    name = re.sub(r"\[.*\]$", "", text).lower()
                    if name in _TOOLING or name == ".":
                        continue
                    ctx.report(w.span, f"`{text}` is installed without a version")

"""Running the Dockerfile and Compose rules over one file: parse once, every enabled rule of the
kind in turn, then ``noqa`` and settings as for Python files.

``noqa`` in these files: a ``# noqa: CODE`` comment on the finding's line (YAML's trailing
comments, a RUN line's shell comment) or on a comment line right above it, or right above
the first line of the Dockerfile instruction holding it (a trailing ``#`` is no comment in
most Dockerfile instructions, so the line above is the usual place).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.compose import parse_compose
from ..core.dockerfile import parse_dockerfile, split_lines
from ..core.model import Finding, Span
from .container_rules import ComposeContext, DockerfileContext, KindRule
from .noqa import noqa_codes
from .registry import TOOL_RULES

if TYPE_CHECKING:
    from ..config import Settings
    from ..index.project import ProjectIndex
    from .registry import Rule

log = logging.getLogger(__name__)


def check_container(
    rules: list[Rule],
    settings: Settings,
    path: str,
    text: str,
    kind: str,
    index: ProjectIndex | None,
) -> tuple[list[Finding], list[str], Callable[[Finding, list[str]], bool]]:
    """The findings of ``rules`` on a Dockerfile or Compose file, before settings and noqa
    apply: with the file's lines and what suppresses a finding there (the engine finishes)."""
    lines = split_lines(text)
    ctx: DockerfileContext | ComposeContext
    first_line: dict[int, int] = {}
    problems: list[tuple[Span, str]]
    if kind == "dockerfile":
        parsed = parse_dockerfile(text)
        ctx = DockerfileContext(path, text, lines, index, settings, dockerfile=parsed)
        problems = parsed.problems
        for inst in parsed.instructions:
            for n in range(inst.line, inst.last_line + 1):
                first_line[n] = inst.line
    else:
        compose = parse_compose(text)
        ctx = ComposeContext(path, text, lines, index, settings, compose=compose)
        problems = [compose.problem] if compose.problem else []
    findings = [
        Finding("BA001", message, path, span, TOOL_RULES["BA001"].severity)
        for span, message in problems
    ]
    if isinstance(ctx, DockerfileContext) or ctx.compose.root is not None:
        for rule in rules:
            ctx.current_rule = rule.info
            try:
                if isinstance(rule, KindRule):
                    rule.run(ctx)
            except Exception as exc:  # one rule's bug costs its own findings only
                log.exception("rule %s failed on %s", rule.info.code, path)
                findings.append(
                    Finding(
                        "BA003",
                        f"rule {rule.info.code} failed on this file ({type(exc).__name__}: "
                        f"{exc}); the other rules ran. Please report this.",
                        path,
                        Span.of(0, 0, 0, 0),
                        TOOL_RULES["BA003"].severity,
                    )
                )
        findings += ctx.findings
    return findings, lines, suppressor(first_line)


def suppressor(first_line: dict[int, int]) -> Callable[[Finding, list[str]], bool]:
    def is_suppressed(finding: Finding, lines: list[str]) -> bool:
        start = finding.span.start.line
        candidates = {start, finding.span.end.line}
        for top in {start, first_line.get(start, start)}:
            n = top - 1
            while n >= 0 and lines[n].lstrip().startswith("#"):  # the comment block above
                candidates.add(n)
                n -= 1
        for n in candidates:
            if 0 <= n < len(lines):
                codes = noqa_codes(lines[n])
                if codes is not None and (not codes or finding.code in codes):
                    return True
        return False

    return is_suppressed


def noqa_anchor(kind: str, text: str, finding: Finding) -> int:
    """The line a new ``# noqa`` comment goes above: the instruction's first line in a
    Dockerfile, the finding's line in a Compose file."""
    if kind == "dockerfile":
        for inst in parse_dockerfile(text).instructions:
            if inst.line <= finding.span.start.line <= inst.last_line:
                return inst.line
    return finding.span.start.line

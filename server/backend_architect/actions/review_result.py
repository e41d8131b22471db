"""What a review found (the agent's findings anchored in the current text, the static part) and its Markdown report."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..core.model import Edit, Finding, Fix, Route, Severity, Span
from .anchoring import short

AGENT_SOURCE = "backend-architect (agent)"

SEVERITIES = {
    "critical": Severity.ERROR,
    "high": Severity.ERROR,
    "medium": Severity.WARNING,
    "low": Severity.INFO,
}


@dataclass(frozen=True)
class ReviewFinding:
    severity: str  # critical | high | medium | low, as the agent said
    category: str
    message: str
    snippet: str
    span: Span  # where the snippet is in the current text
    replacement: str | None = None  # with any redaction placeholder restored

    def as_finding(self, path: str) -> Finding:
        fix = None
        if self.replacement is not None:
            title = f"Apply the agent's fix: {self.message[:70]}"
            fix = Fix(title, (Edit(path, self.span, self.replacement),))
        return Finding(
            code=self.category,
            message=self.message,
            path=path,
            span=self.span,
            severity=SEVERITIES.get(self.severity, Severity.WARNING),
            fix=fix,
            source=AGENT_SOURCE,
        )


@dataclass
class ReviewResult:
    route: Route
    path: str
    root: str
    handler_text: str  # the handler's text the review was made for
    handler_span: Span
    static_findings: list[Finding]
    missing: list[str]
    card: str
    findings: list[ReviewFinding] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    agent_report: str | None = None
    agent: str | None = None
    model: str | None = None
    cached: bool = False
    needs_key: bool = False
    omitted_context: list[str] = field(default_factory=list)
    agent_problems: list[str] = field(default_factory=list)  # agent files that did not load

    @property
    def agent_findings(self) -> list[Finding]:
        return [f.as_finding(self.path) for f in self.findings]

    @property
    def report(self) -> str:
        return render_report(self)


NEEDS_KEY = (
    "The agent's review needs an Anthropic API key: in VS Code run \"Backend Architect: Set "
    "Anthropic API Key\"; elsewhere set `ANTHROPIC_API_KEY` in the server's environment (or "
    "`anthropicApiKey` in its settings), then run the review again. What follows is the static "
    "review, which needs no key."
)


def _demoted(markdown: str) -> str:
    """The agent's headings one level down, so they nest under "Agent report" (not in code)."""
    out, fenced = [], False
    for line in markdown.strip().splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        out.append("#" + line if not fenced and re.match(r"#{1,5} ", line) else line)
    return "\n".join(out)


def render_report(result: ReviewResult) -> str:
    route = result.route
    rel = os.path.relpath(result.path, result.root)
    lines = [f"# Review of `{route.label}`", ""]
    where = f"`{rel}:{route.span.start.line + 1}` · handler `{route.handler}`"
    if result.agent:
        where += f" · reviewed by the `{result.agent}` agent with `{result.model}`"
        if result.cached:
            where += " (from the result cache)"
    else:
        where += " · static review"
    lines += [where, ""]
    if result.needs_key:
        lines += [f"> {NEEDS_KEY}", ""]
    if result.agent:
        lines += ["## Agent findings", ""]
        if not result.findings:
            lines.append("The agent placed no findings in this handler.")
        for f in result.findings:
            fix = " · quick fix available" if f.replacement is not None else ""
            lines.append(
                f"- **{f.severity}** · {f.category} · line {f.span.start.line + 1}: {f.message}{fix}"
            )
            lines.append(f"  `{short(f.snippet, 100)}`")
        if result.dropped:
            lines += ["", "### Not applied", ""]
            lines += [f"- {d}" for d in result.dropped]
        if result.omitted_context:
            lines += [
                "",
                f"_Left out of the agent's context for length: {', '.join(result.omitted_context)}._",
            ]
        lines += ["", "## Agent report", "", _demoted(result.agent_report or ""), ""]
    lines += ["## Checklist findings in this handler", ""]
    if result.static_findings:
        for s in result.static_findings:
            lines.append(
                f"- `{s.code}` line {s.span.start.line + 1} ({s.severity.value}): {s.message}"
            )
    else:
        lines.append("None.")
    lines += ["", "## Missing from its contract", ""]
    lines += [f"- {m}" for m in result.missing] or ["Nothing: the contract is complete."]
    lines += ["", "## Route card", "", result.card.replace("### ", "### Route ", 1).strip(), ""]
    return "\n".join(lines)

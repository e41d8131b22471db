"""The review's Markdown report: the agent's findings and report, the checklist findings in the
handler, what its contract lacks, and the route card."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from .anchoring import short

if TYPE_CHECKING:
    from .review import ReviewResult

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

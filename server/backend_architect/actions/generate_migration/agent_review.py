"""Generate migration with a key: the agent reviews the written revision for data safety (locks,
backfills, two-step deploys) through a tool; its notes become ``# backend-architect (agent):``
comments in the file, each above the operation it concerns.

The agent never changes the revision's code: a note is placed by the operation's text, searched
in the revision as written (as a review finding's snippet is, ``actions/anchoring.py``); a note
whose operation is not in the file (the agent quoting code it changed or made up) rejects the
whole reply and the static revision stands. The annotated file is checked to hold the same code
(the same syntax tree) as the static one before it is used."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from ...agents.client import Progress, ToolSpec
from ...agents.prompt_context import Part, build_context, project_facts
from ...agents.redact import Redactor
from ...agents.runtime import AgentRuntime
from ...core.model import Position, Span
from ...index.project import ProjectIndex
from ..anchoring import anchor, line_starts, short
from .generate import MigrationPlan

AGENT_NOTE = "# backend-architect (agent):"
CONCERNS = ["lock", "backfill", "two-step-deploy", "data-loss", "downgrade", "other"]
_TEXT = {"type": "string", "minLength": 1}
MIGRATION_TOOL = ToolSpec(
    name="report_migration_review",
    description=(
        "Review an Alembic revision for data safety on a production database: locks taken "
        "and for how long, backfills needed, changes that need a two-step deploy, data lost. "
        "Each note names the operation it concerns by quoting its code exactly as written in "
        "the revision. The notes become comments; the revision's code is never changed."
    ),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["notes", "summary"],
        "properties": {
            "notes": {
                "type": "array",
                "maxItems": 50,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["operation", "concern", "note"],
                    "properties": {
                        "operation": {
                            **_TEXT,
                            "description": "the operation's code, quoted verbatim from the revision",
                        },
                        "concern": {"type": "string", "enum": CONCERNS},
                        "note": {**_TEXT, "description": "what to do about it, in plain words"},
                    },
                },
            },
            "summary": {**_TEXT, "description": "one or two sentences"},
        },
    },
)


@dataclass
class MigrationReview:
    text: str  # the revision: the static one, or it with the agent's notes as comments
    placed: int = 0
    summary: str = ""
    rejected: list[str] = field(default_factory=list)  # why the reply was not used
    agent: str = ""
    model: str = ""


async def review_revision(
    index: ProjectIndex,
    plan: MigrationPlan,
    runtime: AgentRuntime,
    on_progress: Progress | None = None,
) -> MigrationReview:
    """Raises ``AgentError``/``AgentConfigError`` as the review does; the caller keeps the static
    revision then."""
    assert plan.text is not None
    agent = runtime.agent()
    redactor = Redactor.for_project(index.root)
    parts = [
        Part("The revision to review (Alembic, as written)", plan.text, "code", path=plan.path),
        Part("The project", project_facts(index), "facts", stable=True),
    ]
    task = (
        "Review this Alembic revision for data safety on a production database, as the "
        "backend architect, through the `report_migration_review` tool only: the locks each "
        "operation takes, the backfills it needs, the changes that need a two-step deploy, the "
        "data it loses. Quote each operation's code exactly as written; never rewrite the code."
    )
    ctx = build_context(
        parts, redactor, runtime.settings.context_tokens, task, "What this project is:"
    )
    outcome = await runtime.run(
        "migrate", agent, ctx.stable, ctx.focus, MIGRATION_TOOL, on_progress
    )
    result = MigrationReview(plan.text, agent=outcome.agent, model=outcome.model)
    notes: list[dict[str, Any]] = list(outcome.data.get("notes", []))
    text, problems = annotate(plan.text, notes)
    if problems:
        result.rejected = problems
        return result
    result.text, result.placed = text, len(notes)
    result.summary = str(outcome.data.get("summary", ""))
    return result


def annotate(text: str, notes: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The revision with each note as comment lines above the line where its operation starts;
    or, when a note cannot be placed or the code would change, the problems (and ``text``)."""
    problems: list[str] = []
    starts = line_starts(text)
    whole = Span(Position(0, 0), Position(len(starts), 0))
    above: dict[int, list[str]] = {}
    for i, note in enumerate(notes):
        where = anchor(str(note["operation"]), text, whole)
        if isinstance(where, str):
            problems.append(
                f"note {i + 1} quotes `{short(str(note['operation']))}`, which is not in the "
                "revision as written: the agent may not change the code"
            )
            continue
        above.setdefault(where.start.line, []).extend(_comment(note))
    if problems:
        return text, problems
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    for n, line in enumerate(lines):
        if n in above:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(f"{indent}{c}\n" for c in above[n])
        out.append(line)
    new = "".join(out)
    if not _same_code(text, new):  # cannot happen with comment lines; never trust it
        return text, ["the annotated revision's code differs from the static one"]
    return new, []


def _comment(note: dict[str, Any]) -> list[str]:
    words = " ".join(str(note["note"]).split())  # one paragraph: no line can escape the comment
    head = f"{AGENT_NOTE} [{note['concern']}] "
    lines, current = [], head
    for word in words.split(" "):
        if len(current) + len(word) > 96 and current.strip() != head.strip():
            lines.append(current.rstrip())
            current = "#   "
        current += word + " "
    lines.append(current.rstrip())
    return lines


def _same_code(old: str, new: str) -> bool:
    try:
        return ast.dump(ast.parse(old)) == ast.dump(ast.parse(new))
    except SyntaxError:
        return False


def agent_notes(text: str) -> list[str]:
    """The agent's comments in a revision (for messages and tests)."""
    return [m.group(1) for m in re.finditer(rf"{re.escape(AGENT_NOTE)} (.*)", text)]

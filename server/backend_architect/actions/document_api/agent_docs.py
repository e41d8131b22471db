"""Document API with a key: the agent adds descriptions, examples, error explanations and notes
(pagination, consolidating chatty endpoints) to the static contract, through a tool.

Its reply is checked against the static schema (``agent_check.py``) before anything is used;
a reply that adds, removes or retypes a field is rejected and the static contract stands."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...agents.client import Progress, ToolSpec
from ...agents.prompt_context import Part, build_context, project_facts
from ...agents.redact import Redactor
from ...agents.runtime import AgentRuntime
from ...index.contracts.openapi import openapi_document
from ...index.project import ProjectIndex
from .agent_check import apply_additions, check_additions
from .build import ApiDocument

_TOPICS = ["pagination", "consolidation", "naming", "errors", "versioning", "other"]
_TEXT = {"type": "string", "minLength": 1}
DOCS_TOOL = ToolSpec(
    name="report_documentation",
    description=(
        "Add what takes judgment to the static API contract: descriptions of operations and "
        "fields, examples, explanations of the error responses already listed, and notes. "
        "Never add, remove or retype a field, an operation or a response: they come from the code."
    ),
    input_schema={
        "type": "object",
        "additionalProperties": False,
        "required": ["operations", "fields", "notes", "report"],
        "properties": {
            "operations": {
                "type": "array",
                "maxItems": 500,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["operation"],
                    "properties": {
                        "operation": {**_TEXT, "description": "METHOD /path, as listed"},
                        "description": _TEXT,
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["status", "explanation"],
                                "properties": {"status": _TEXT, "explanation": _TEXT},
                            },
                        },
                        "request_example": {"description": "a value of the request body schema"},
                        "response_example": {"description": "a value of the success schema"},
                    },
                },
            },
            "fields": {
                "type": "array",
                "maxItems": 2000,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["schema", "field", "description"],
                    "properties": {
                        "schema": {**_TEXT, "description": "a components.schemas name"},
                        "field": _TEXT,
                        "type": {"type": ["string", "null"], "description": "its JSON type"},
                        "description": _TEXT,
                    },
                },
            },
            "notes": {
                "type": "array",
                "maxItems": 50,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["topic", "text"],
                    "properties": {
                        "topic": {"type": "string", "enum": _TOPICS},
                        "operations": {"type": "array", "items": {"type": "string"}},
                        "text": _TEXT,
                    },
                },
            },
            "report": {**_TEXT, "description": "a short summary in Markdown"},
        },
    },
)


@dataclass
class AgentDocs:
    doc: ApiDocument  # the static document, or it with the agent's additions merged
    additions: int = 0
    notes: list[dict[str, Any]] = field(default_factory=list)
    operations: list[dict[str, Any]] = field(default_factory=list)  # the checked reply's
    report: str = ""
    rejected: list[str] = field(default_factory=list)  # why the reply was not used
    agent: str = ""
    model: str = ""

    def notes_markdown(self) -> str:
        lines = ["", "## Notes from the agent", ""]
        if self.rejected:
            lines += [
                "The agent's reply changed the contract instead of describing it, so it was "
                "rejected and the static contract stands:",
                "",
                *(f"- {p}" for p in self.rejected[:20]),
            ]
            return "\n".join(lines) + "\n"
        for note in self.notes:
            ops = ", ".join(f"`{o}`" for o in note.get("operations", []))
            lines.append(f"- **{note['topic']}**{' (' + ops + ')' if ops else ''}: {note['text']}")
        if self.report:
            lines += ["", self.report.strip()]
        return "\n".join(lines) + "\n"


async def agent_document(
    index: ProjectIndex,
    doc: ApiDocument,
    runtime: AgentRuntime,
    on_progress: Progress | None = None,
) -> AgentDocs:
    """Raises ``AgentError``/``AgentConfigError`` as the review does; nothing is produced then."""
    agent = runtime.agent()
    redactor = Redactor.for_project(index.root)
    parts = [
        Part(
            "The static contract (OpenAPI 3.1, from the code)",
            json.dumps(doc.openapi, indent=1),
            "code",
        ),
        Part("The project", project_facts(index), "facts", stable=True),
    ]
    task = (
        "Document this API for the front-end team as the backend architect, through the "
        "`report_documentation` tool only. Describe operations and fields, explain the error "
        "responses listed, give examples that are values of the schemas, and note what the "
        "API should change (pagination of list endpoints, chatty endpoints to consolidate). "
        "Never add, remove or retype a field, an operation or a response."
    )
    ctx = build_context(
        parts, redactor, runtime.settings.context_tokens, task, "What this project is:"
    )
    outcome = await runtime.run("document", agent, ctx.stable, ctx.focus, DOCS_TOOL, on_progress)
    data = outcome.data
    result = AgentDocs(doc, agent=outcome.agent, model=outcome.model)
    problems = check_additions(data, doc.contracts, doc.components)
    if problems:
        result.rejected = problems
        return result
    components = json.loads(json.dumps(doc.components))
    count = apply_additions(data, doc.contracts, components)
    info = doc.openapi["info"]
    openapi = openapi_document(doc.contracts, components, str(info["title"]), str(info["version"]))
    result.doc = ApiDocument(doc.contracts, openapi, doc.unresolved)
    result.additions, result.notes = count, list(data.get("notes", []))
    result.operations = list(data.get("operations", []))
    result.report = redactor.restore(str(data.get("report", "")))
    return result

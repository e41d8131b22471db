"""What the editor's two actions produce: "Document endpoint" (the handler's docstring, with a
short contract summary) and "Document API" (the project's Markdown and OpenAPI files)."""

from __future__ import annotations

import ast
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...core.model import Edit, Position, Route, Span
from ...index.contracts.contract import Contract, ContractBuilder, handler_function
from ...index.facts import span_of
from .build import ApiDocument, document_api, render
from .markdown import short_type

if TYPE_CHECKING:
    from ...workspace import Workspace

MARK = "Contract (backend-architect):"


class OutsideWorkspace(ValueError):
    pass


@dataclass(frozen=True)
class ApiFile:
    path: str  # absolute, inside the workspace
    text: str


def api_files(ws: Workspace, doc: ApiDocument | None = None, notes: str = "") -> list[ApiFile]:
    """docs/api.md and docs/openapi.json (the ``docs-markdown``/``docs-openapi`` settings);
    ``doc`` and ``notes``: the agent's document and its notes for the Markdown."""
    doc = doc or document_api(ws.index, committed=ws.settings.docs_openapi)
    out = []
    for setting, fmt in (
        (ws.settings.docs_markdown, "markdown"),
        (ws.settings.docs_openapi, "openapi"),
    ):
        target = os.path.realpath(os.path.join(ws.root, setting))
        root = os.path.realpath(ws.root)
        if os.path.commonpath([root, target]) != root:
            raise OutsideWorkspace(f"{setting} is outside the workspace {ws.root}")
        out.append(ApiFile(target, render(doc, fmt) + (notes if fmt == "markdown" else "")))
    return out


def endpoint_contracts(ws: Workspace, route: Route) -> list[Contract]:
    return ContractBuilder(ws.index).route_contracts(route)


def contract_summary(contracts: list[Contract]) -> list[str]:
    """A few lines: each operation with its success, auth, inputs and errors."""
    lines = []
    for c in contracts:
        op = c.operation
        responses = op.get("responses", {})
        success = next((code for code in responses if code.startswith("2")), "200")
        content = responses.get(success, {}).get("content")
        schema = next(iter(content.values())).get("schema") if content else None
        lines.append(
            f"{c.method} {c.path} -> {success}" + (f" {short_type(schema)}" if schema else "")
        )
    c = contracts[0]
    op = c.operation
    auth = [a.name for a in c.route.auth if a.kind == "permission" and not a.public]
    lines.append("auth: " + (", ".join(auth) if auth else "none"))
    for p in op.get("parameters", []):
        need = "required" if p.get("required") else "optional"
        lines.append(f"{p['in']}: {p['name']} ({short_type(p.get('schema'))}, {need})")
    body = op.get("requestBody")
    if body:
        media, content = next(iter(body["content"].items()))
        need = "required" if body.get("required") else "optional"
        lines.append(f"body: {short_type(content.get('schema'))} ({media}, {need})")
    errors = [
        f"{code} {r.get('description', '')}".strip()
        for code, r in op.get("responses", {}).items()
        if not code.startswith("2")
    ]
    if errors:
        lines.append("errors: " + "; ".join(errors))
    if c.rate_limits:
        lines.append("rate limit: " + ", ".join(c.rate_limits))
    return lines


def agent_lines(additions: list[dict[str, Any]], contracts: list[Contract]) -> list[str]:
    """The agent's checked additions for these operations (its reply's ``operations`` items),
    as docstring lines: each operation's description and its error explanations."""
    labels = {c.label: c.method for c in contracts}
    lines = []
    for item in additions:
        method = labels.get(str(item.get("operation")))
        if method is None:
            continue
        if item.get("description"):
            lines.append(f"{method}: {item['description']}")
        lines += [f"{e['status']}: {e['explanation']}" for e in item.get("errors", [])]
    return lines


def docstring_edit(
    ws: Workspace, route: Route, text: str, extra: Sequence[str] = ()
) -> Edit | None:
    """Write the summary into the handler's docstring: replace the block a previous run wrote,
    keep what the developer wrote; a handler without a docstring gets one. ``extra``: the
    agent's lines (:func:`agent_lines`), which close the block."""
    found = handler_function(ws.index, route)
    contracts = endpoint_contracts(ws, route)
    if found is None or not contracts:
        return None
    facts, fn = found
    body = fn.node.body
    if not body or body[0].lineno == fn.node.lineno:
        return None  # ``def f(): ...`` on one line: nowhere to put a docstring
    lines = text.splitlines()
    first = body[0]
    indent_line = lines[first.lineno - 1] if first.lineno - 1 < len(lines) else ""
    indent = indent_line[: len(indent_line) - len(indent_line.lstrip())]
    summary = [indent + "    " + line for line in contract_summary(contracts)]
    if extra:
        summary += [indent + "    agent:", *(indent + "      " + line for line in extra)]
    existing = ast.get_docstring(fn.node, clean=True)
    head = (existing or "").split(MARK, 1)[0].rstrip()
    if not head:
        head = fn.name.replace("_", " ").strip().capitalize() + "."
    head_lines = [(indent + line) if line else "" for line in head.splitlines()]
    head_lines[0] = head_lines[0].lstrip()
    block = "\n".join([head_lines[0], *head_lines[1:], "", indent + MARK, *summary, indent])
    new = f'{indent}"""{_escape(block)}"""'
    if (
        existing is not None
        and isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
    ):
        span = span_of(first, facts.wide_lines)
        return Edit(route.file, Span(Position(span.start.line, 0), span.end), new)
    at = Position(first.lineno - 1, 0)
    return Edit(route.file, Span(at, at), new + "\n")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')

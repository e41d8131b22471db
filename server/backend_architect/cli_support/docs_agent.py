"""``docs --agent``: the agent's additions on top of the static contract, or why there are none.

Returns the document and the Markdown notes to append, or an exit code: 2 for a configuration
problem (no such agent, an unknown model), 3 for a failure at run time (an API error, a
timeout). Without a key the static contract is written and stderr says the agent needs one."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

from ..actions.document_api.agent_docs import agent_document
from ..actions.document_api.build import ApiDocument
from ..agents.client import AgentConfigError, AgentError
from ..agents.runtime import AgentRuntime

if TYPE_CHECKING:
    from ..workspace import Workspace


def run_docs_agent(ws: Workspace, doc: ApiDocument) -> tuple[ApiDocument, str] | int:
    runtime = AgentRuntime(ws.settings, ws.root)
    if runtime.api_key() is None:
        print(
            "backend-architect: the agent's additions need an Anthropic API key "
            "(ANTHROPIC_API_KEY); the static contract was written",
            file=sys.stderr,
        )
        return doc, ""
    try:
        found = asyncio.run(agent_document(ws.index, doc, runtime))
    except AgentConfigError as exc:
        print(f"backend-architect: docs: {exc}", file=sys.stderr)
        return 2
    except AgentError as exc:
        print(f"backend-architect: docs: the agent failed: {exc}", file=sys.stderr)
        return 3
    if found.rejected:
        print(
            "backend-architect: the agent's reply changed the contract and was rejected; the "
            "static contract stands: " + "; ".join(found.rejected[:5]),
            file=sys.stderr,
        )
    else:
        print(
            f"agent {found.agent} ({found.model}): {found.additions} addition(s), "
            f"{len(found.notes)} note(s)",
            file=sys.stderr,
        )
    return found.doc, found.notes_markdown()

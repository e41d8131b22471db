"""``migrate --agent``: the agent's data-safety notes as comments in the revision, or why not.

Returns the text to write and the exit code: 0 (notes placed, a rejected reply, or no key: the
static revision then, and stderr says so), 2 for a configuration problem (no such agent, an
unknown model: nothing is written), 3 for a failure at run time (an API error, a timeout: the
static revision is written and stderr says the agent did not review it)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, TextIO

from ..actions.generate_migration.agent_review import review_revision
from ..agents.client import AgentConfigError, AgentError
from ..agents.runtime import AgentRuntime

if TYPE_CHECKING:
    from ..actions.generate_migration.generate import MigrationPlan
    from ..workspace import Workspace


def run_migrate_agent(ws: Workspace, plan: MigrationPlan, err: TextIO) -> tuple[str | None, int]:
    assert plan.text is not None
    runtime = AgentRuntime(ws.settings, ws.root)
    if runtime.api_key() is None:
        print(
            "backend-architect: the agent's review needs an Anthropic API key "
            "(ANTHROPIC_API_KEY); the static revision (with its own notes) is written",
            file=err,
        )
        return plan.text, 0
    try:
        found = asyncio.run(review_revision(ws.index, plan, runtime))
    except AgentConfigError as exc:
        print(f"backend-architect: migrate: {exc}", file=err)
        return None, 2
    except AgentError as exc:
        print(
            f"backend-architect: migrate: the agent failed ({exc}); the static revision is "
            "written, not reviewed by the agent",
            file=err,
        )
        return plan.text, 3
    if found.rejected:
        print(
            "backend-architect: the agent's reply changed the revision's code and was rejected; "
            "the static revision is written: " + "; ".join(found.rejected[:5]),
            file=err,
        )
    else:
        print(
            f"agent {found.agent} ({found.model}): {found.placed} note(s) in the revision"
            + (f". {found.summary}" if found.summary else ""),
            file=err,
        )
    return found.text, 0

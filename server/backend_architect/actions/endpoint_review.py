""" "Review endpoint" as one call for both front ends: the review, its agent findings handed to
the workspace (they join the file's diagnostics), the report written where asked, and what a
front end shows of it (summary, the command's answer, the CLI's JSON).

Failures come out as one exception, :class:`ReviewFailed`, saying whether the request was wrong
(no route there, an unknown agent or model: a usage error) or the run failed; either way
nothing was stored or written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..agents.client import AgentConfigError, AgentError, Progress
from ..agents.result_cache import default_cache_dir
from ..core.atomic import write_text_atomic
from ..core.model import Position
from ..workspace import Workspace
from .review import review
from .review_result import ReviewResult


class ReviewFailed(Exception):
    def __init__(self, kind: str, message: str, usage: bool) -> None:
        super().__init__(message)
        self.kind = kind  # the agent's failure kind ("no_key", "timeout", ...) or "config"
        self.message = message
        self.usage = usage  # the request itself was wrong, not the run


@dataclass(frozen=True)
class EndpointReview:
    result: ReviewResult
    report_path: Path | None  # where the Markdown report was written, if it was

    @property
    def report(self) -> str:
        return self.result.report

    @property
    def summary(self) -> str:
        r = self.result
        if not r.agent:
            return "static review (the agent's review needs an API key)"
        return f"{len(r.findings)} agent finding(s), {len(r.static_findings)} checklist finding(s)"

    def command_answer(self) -> dict[str, Any]:
        """What the editor's review command answers."""
        r = self.result
        return {
            "report": str(self.report_path),
            "findings": len(r.findings),
            "dropped": len(r.dropped),
            "agent": r.agent,
            "model": r.model,
        }

    def as_json(self) -> dict[str, Any]:
        """The review in full, as ``review --format json`` prints it."""
        r = self.result
        return {
            "route": r.route.label,
            "handler": r.route.handler,
            "agent": r.agent,
            "model": r.model,
            "needs_key": r.needs_key,
            "findings": [
                {
                    "severity": f.severity,
                    "category": f.category,
                    "message": f.message,
                    "line": f.span.start.line + 1,
                    "column": f.span.start.column + 1,
                    "snippet": f.snippet,
                    "replacement": f.replacement,
                }
                for f in r.findings
            ],
            "dropped": r.dropped,
            "checklist": [
                {"code": f.code, "line": f.span.start.line + 1, "message": f.message}
                for f in r.static_findings
            ],
            "missing": r.missing,
            "report": r.report,
        }


def report_path(ws: Workspace, result: ReviewResult) -> Path:
    """Where the editor's review of a handler is kept: the cache folder, per project."""
    project = hashlib.sha256(ws.root.encode()).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", result.route.handler.replace(":", ".")).strip("_")
    folder = default_cache_dir(ws.settings.cache_dir) / "reports" / project
    return folder / f"review-{name}.md"


async def review_endpoint(
    ws: Workspace,
    path: str,
    pos: Position,
    text: str | None = None,
    *,
    use_agent: bool = True,
    on_progress: Progress | None = None,
    current_text: Callable[[], str | None] | None = None,
    save_report: bool = False,
) -> EndpointReview:
    """Review the route handler at ``pos`` (see :func:`.review.review`); with ``save_report``
    the report is written to :func:`report_path`. Raises :class:`ReviewFailed`."""
    try:
        result = await review(
            ws,
            path,
            pos,
            text,
            use_agent=use_agent,
            on_progress=on_progress,
            current_text=current_text,
        )
    except (LookupError, AgentConfigError) as exc:
        raise ReviewFailed("config", str(exc), usage=True) from None
    except AgentError as exc:
        raise ReviewFailed(exc.kind, exc.message, usage=False) from None
    # No await from here on: a cancel now finds nothing half-done.
    if result.agent:
        ws.set_agent_findings(
            path, result.handler_text, result.handler_span.start.line, result.agent_findings
        )
    written = None
    if save_report:
        written = report_path(ws, result)
        written.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(written, result.report)  # a kill mid-write leaves no half report
    return EndpointReview(result, written)

"""``backend-architect check``: the run after the arguments are read, as plain steps (find the
findings, fix or diff the files, print, decide the exit code)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.model import Finding, Severity
from . import terminal

if TYPE_CHECKING:
    from ..config import Settings

# --fail-level: the lowest severity that fails the run (hint never does)
FAIL_LEVELS = ("error", "warning", "info")
DEFAULT_FAIL_LEVEL = "warning"
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.HINT: 3}


def fails(findings: list[Finding], level: str) -> bool:
    """Whether any finding is at ``level`` or more severe."""
    limit = _RANK[Severity(level)]
    return any(_RANK[f.severity] <= limit for f in findings)


@dataclass
class CheckRequest:
    root: str
    paths: list[str]
    fmt: str = "text"
    use_cache: bool = True
    fix: bool = False
    diff: bool = False
    statistics: bool = False
    fail_level: str = DEFAULT_FAIL_LEVEL
    exit_zero: bool = False
    no_color: bool = False


def run_check(settings: Settings, req: CheckRequest) -> int:
    """Check, fix or diff, print; the exit code (0 clean, 1 findings at the fail level or a
    diff to apply). With nothing changed since the last run the cache answers before any
    workspace, index or rule is loaded (``check_cache/warm.py``)."""
    from ..check_cache.warm import warm_check
    from ..report.formats import render
    from ..report.statistics import render_statistics

    cwd = os.getcwd()
    paths = [os.path.abspath(p) for p in req.paths]
    findings = None
    if req.use_cache and not (req.fix or req.diff):
        findings = warm_check(req.root, settings, paths)
    if findings is None:
        outcome = _check_and_fix(settings, req, paths)
        if isinstance(outcome, int):
            return outcome  # --diff printed the fixes instead
        findings = outcome
    style = (
        terminal.ansi
        if req.fmt == "text" and terminal.use_colour(sys.stdout, req.no_color)
        else terminal.plain
    )
    if req.statistics:
        terminal.emit(render_statistics(findings, req.fmt))
    else:
        terminal.emit(render(findings, req.fmt, cwd, None, style))
    return 1 if fails(findings, req.fail_level) and not req.exit_zero else 0


def _check_and_fix(settings: Settings, req: CheckRequest, paths: list[str]) -> list[Finding] | int:
    """The findings of a run through the workspace (the cache reused where it holds), after
    ``--fix`` wrote its fixes; with ``--diff``, the exit code once the diff is printed."""
    from ..check_cache.check import cached_check
    from ..check_cache.classify import build_index
    from ..report.formats import relative
    from ..workspace import Workspace
    from .fixing import FileFix, plan_fixes, unified_diff, write_fix

    ws = Workspace(req.root, settings)
    with terminal.Progress() as progress:

        def on_files(count: int) -> None:
            progress.update(f"checking {count} file{'s' if count != 1 else ''}", now=count >= 500)

        findings = cached_check(ws, paths, req.use_cache, None, on_files)
        plans: list[FileFix] = []
        problems: list[str] = []
        if (req.fix or req.diff) and any(f.fix is not None for f in findings):
            progress.update("fixing")
            build_index(ws, ws.python_files())  # the fixes of index-reading rules need it
            plans, problems = plan_fixes(ws, findings)
    for problem in problems:
        print(f"backend-architect: {problem}", file=sys.stderr)
    if req.diff:
        out = "".join(unified_diff(p, relative(p.path, os.getcwd())) for p in plans)
        terminal.emit(out)
        fixes = sum(p.count for p in plans)
        print(f"{fixes} fix(es) would be applied to {len(plans)} file(s).", file=sys.stderr)
        return 1 if plans and not req.exit_zero else 0
    if req.fix:
        fixed: dict[str, str] = {}
        count = 0
        for plan in plans:
            why = write_fix(plan)
            if why is None:
                fixed[plan.path] = plan.after
                count += plan.count
            else:
                print(f"backend-architect: {why}", file=sys.stderr)
        if fixed:  # what is left in the files fixed: checked again on their new text
            findings = [f for f in findings if f.path not in fixed]
            for path, text in fixed.items():
                ws.index.update(path)
                findings += ws.diagnose(path, text)
        print(f"Fixed {count} problem(s) in {len(fixed)} file(s).", file=sys.stderr)
    return findings

"""``backend-architect migrate PATH -m MESSAGE [--check]``: write the revision, or (``--check``)
say whether the models are ahead of the migrations (exit 1), for CI."""

from __future__ import annotations

import os
from typing import TextIO

EXIT_OK, EXIT_AHEAD, EXIT_USAGE = 0, 1, 2


def alembic_root(path: str, fallback: str) -> str:
    """The nearest folder at or above ``path`` holding ``alembic.ini`` (else ``fallback``)."""
    probe = os.path.abspath(path)
    probe = probe if os.path.isdir(probe) else os.path.dirname(probe)
    while True:
        if os.path.isfile(os.path.join(probe, "alembic.ini")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe or probe == os.path.abspath(fallback):
            return fallback
        probe = parent


def run_migrate(
    root: str, message: str | None, check: bool, out: TextIO, err: TextIO, agent: bool = False
) -> int:
    from ...workspace import Workspace
    from .generate import write_plan

    ws = Workspace(root)
    ws.build()
    plan = ws.migration_plan(message)
    rel = lambda p: os.path.relpath(p)  # noqa: E731
    if plan.state is not None:
        for problem in plan.state.graph.problems:
            print(f"warning: {problem}", file=err)
        for skipped in plan.state.diff.skipped:
            print(f"not compared: {skipped}", file=err)
    if plan.problem is not None:
        print(f"backend-architect migrate: {plan.problem}", file=err)
        return EXIT_USAGE
    assert plan.state is not None
    head = ", ".join(plan.state.graph.heads) or "(no revision)"
    if plan.up_to_date:
        print(f"The models match the migrations at head {head}: no revision needed.", file=out)
        return EXIT_OK
    if check:
        print(f"The models are ahead of the migrations at head {head}:", file=out)
        for drift in plan.state.diff.drift:
            line = drift.span.start.line + 1
            print(f"  {rel(drift.file)}:{line}: {drift.message}", file=out)
        for op in plan.state.diff.operations:
            print(f"  - {type(op).__name__} {getattr(op, 'table', '')!s:.60}", file=out)
        print("Run `backend-architect migrate PATH -m MESSAGE` to write the revision.", file=out)
        return EXIT_AHEAD
    if not message:
        print("backend-architect migrate: -m MESSAGE is required to write a revision", file=err)
        return EXIT_USAGE
    code = EXIT_OK
    if agent:
        from ...cli_support.migrate_agent import run_migrate_agent

        text, code = run_migrate_agent(ws, plan, err)
        if text is None:
            return code
        plan.text = text
    path = write_plan(plan)
    print(f"Wrote {rel(path)} (revision {plan.revision}, revises {plan.down_revision})", file=out)
    for note in plan.notes:
        print(f"  confirm: {note}", file=out)
    return code


def run_autogenerate(root: str, message: str | None, out: TextIO, err: TextIO) -> int:
    from ...config import load
    from .autogenerate import autogenerate

    if not message:
        print("backend-architect migrate: -m MESSAGE is required to write a revision", file=err)
        return EXIT_USAGE
    settings, _ = load(root)
    done = autogenerate(root, message, settings.python, settings.timeout)
    print(f"backend-architect: {done.said}", file=err)
    if done.problem is not None:
        print(f"backend-architect migrate: {done.problem}", file=err)
        return EXIT_USAGE
    for path in done.paths:
        print(f"Wrote {os.path.relpath(path)} (Alembic's autogenerate)", file=out)
    return EXIT_OK

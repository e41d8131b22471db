"""Found / due and misfires / clean lines on the annotated security cases, beside bandit.

    .venv/bin/python benchmarks/bench_security.py [--cases benchmarks/security_cases]

Each case file marks a line a reviewer should be told about with ``# due`` (or ``# due:NAME``:
lines of one group count once, found when any of them is: a helper's sink and the call that
hands it request data are one vulnerability) and a near miss with ``# safe``. A tool finds a due
line when it reports a finding starting on it. Clean lines are every other line of code (not
blank, not a comment, not a due line); ``# safe`` lines are the near misses among them.

``backend-architect check`` runs with the security and access-control families (``BA1``,
``BA2``); bandit (in this interpreter's environment or on PATH) with its defaults; ruff with
its ``S`` rules (flake8-bandit) only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DUE_RE = re.compile(r"#\s*due(?::(\w+))?\s*$")
SAFE_RE = re.compile(r"#\s*safe\s*$")


@dataclass
class Cases:
    due: dict[str, set[tuple[str, int]]] = field(default_factory=dict)  # group -> lines
    safe: set[tuple[str, int]] = field(default_factory=set)
    clean: set[tuple[str, int]] = field(default_factory=set)


def read_cases(folder: Path) -> Cases:
    cases = Cases()
    for path in sorted(folder.glob("*.py")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.strip()
            if not code or code.startswith("#"):
                continue
            key = (path.name, n)
            due = DUE_RE.search(line)
            if due:
                group = f"{path.name}:{due.group(1)}" if due.group(1) else f"{path.name}:{n}"
                cases.due.setdefault(group, set()).add(key)
                continue
            cases.clean.add(key)
            if SAFE_RE.search(line):
                cases.safe.add(key)
    return cases


def ours(folder: Path) -> set[tuple[str, int]]:
    cmd = [sys.executable, "-m", "backend_architect", "check", str(folder), "--no-cache"]
    cmd += ["--select", "BA1,BA2", "--format", "json", "--root", str(folder), "--exit-zero"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
    if proc.returncode != 0:
        raise SystemExit(f"check failed: {proc.stderr}")
    found = json.loads(proc.stdout)
    return {(Path(f["filename"]).name, f["location"]["row"]) for f in found}


def _tool(module: str) -> list[str] | None:
    """``python -m module`` in this environment, else the tool on PATH."""
    probe = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", module]
    found = shutil.which(module)
    return [found] if found else None


def bandit(folder: Path) -> set[tuple[str, int]] | None:
    tool = _tool("bandit")
    if tool is None:
        return None
    proc = subprocess.run(
        [*tool, "-r", str(folder), "-q", "-f", "json"], capture_output=True, text=True
    )
    results = json.loads(proc.stdout)["results"]
    return {(Path(r["filename"]).name, r["line_number"]) for r in results}


def ruff_s(folder: Path) -> set[tuple[str, int]] | None:
    tool = _tool("ruff")
    if tool is None:
        return None
    cmd = [*tool, "check", str(folder), "--select", "S", "--output-format", "json", "--no-cache"]
    cmd += ["--isolated", "--exit-zero"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    found = json.loads(proc.stdout)
    return {(Path(f["filename"]).name, f["location"]["row"]) for f in found}


def score(name: str, flagged: set[tuple[str, int]], cases: Cases) -> str:
    found = sum(1 for lines in cases.due.values() if lines & flagged)
    due = len(cases.due)
    mis = len(cases.clean & flagged)
    near = len(cases.safe & flagged)
    return (
        f"{name:<20} found {found:>3} / {due:<3} ({100 * found / due:5.1f} %)   "
        f"misfires {mis:>3} / {len(cases.clean):<4} clean lines ({100 * mis / len(cases.clean):4.1f} %)"
        f"   {near:>2} / {len(cases.safe)} near misses"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=HERE / "security_cases")
    parser.add_argument("--missed", action="store_true", help="list the due groups not found")
    args = parser.parse_args()
    cases = read_cases(args.cases)
    mine = ours(args.cases)
    print(score("backend-architect", mine, cases))
    for name, peer in (("bandit", bandit), ("ruff S", ruff_s)):
        theirs = peer(args.cases)
        if theirs is None:
            print(f"{name:<20} not installed (pip install {name.split()[0]} into this venv)")
        else:
            print(score(name, theirs, cases))
    if args.missed:
        for group, lines in sorted(cases.due.items()):
            if not lines & mine:
                print("  missed:", group)
        for key in sorted(cases.clean & mine):
            print("  misfire:", *key)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Found / due and misfires / clean lines on the annotated security cases, beside bandit.

    .venv/bin/python benchmarks/bench_security.py [--cases benchmarks/security_cases]

Each case file marks a line a reviewer should be told about with ``# due`` (or ``# due:NAME``:
lines of one group count once, found when any of them is: a helper's sink and the call that
hands it request data are one vulnerability) and a near miss with ``# safe``. A tool finds a due
line when it reports a finding starting on it. Clean lines are every other line of code (not
blank, not a comment, not a due line); ``# safe`` lines are the near misses among them.

``backend-architect check`` runs with the security and access-control families (``BA1``,
``BA2``); bandit (when installed in this interpreter's environment) with its defaults.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


def bandit(folder: Path) -> set[tuple[str, int]] | None:
    probe = subprocess.run([sys.executable, "-m", "bandit", "--version"], capture_output=True)
    if probe.returncode != 0:
        return None
    cmd = [sys.executable, "-m", "bandit", "-r", str(folder), "-q", "-f", "json"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    results = json.loads(proc.stdout)["results"]
    return {(Path(r["filename"]).name, r["line_number"]) for r in results}


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
    theirs = bandit(args.cases)
    if theirs is None:
        print("bandit               not installed (pip install bandit into this venv)")
    else:
        print(score("bandit", theirs, cases))
    if args.missed:
        for group, lines in sorted(cases.due.items()):
            if not lines & mine:
                print("  missed:", group)
        for key in sorted(cases.clean & mine):
            print("  misfire:", *key)
    return 0


if __name__ == "__main__":
    sys.exit(main())

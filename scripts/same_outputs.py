#!/usr/bin/env python3
"""Proof that a refactor changed nothing a user sees: `check` and `routes` JSON, byte for byte.

    .venv/bin/python scripts/same_outputs.py record /tmp/before   # on the old tree
    .venv/bin/python scripts/same_outputs.py compare /tmp/before  # on the new one

Covers the bundled examples and the benchmark's real tree (Django's sdist under
benchmarks/.data, fetched by benchmarks/bench_index.py). Exits 1 when any output differs.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "backend-architect"


def trees() -> list[Path]:
    found = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
    django = sorted((ROOT / "benchmarks" / ".data").glob("[dD]jango-5.1.*/"))
    if not django:
        sys.exit("no Django tree: run benchmarks/bench_index.py once to fetch it")
    return [*found, django[-1]]


def outputs() -> dict[str, bytes]:
    result: dict[str, bytes] = {}
    for tree in trees():
        for command in (
            ["check", "--no-cache"],
            ["check", "--no-cache", "--check-tests"],
            ["routes", "--all"],
        ):
            # from the tree itself, so every path printed is the same wherever the clone is
            done = subprocess.run(
                [str(TOOL), *command, ".", "--format", "json"],
                cwd=tree,
                capture_output=True,
                check=False,
            )
            # the tree's own path reads <tree>, so a clone elsewhere (or a worktree) compares equal
            for spelling in {str(tree.resolve()), str(tree)}:
                done.stdout = done.stdout.replace(spelling.encode(), b"<tree>")
            name = f"{tree.name}.{'.'.join(c.strip('-') for c in command)}.json"
            result[name] = done.stdout + f"\n[exit {done.returncode}]\n".encode()
    rules = subprocess.run(
        [str(TOOL), "rules", "--format", "json"], capture_output=True, check=False
    )
    result["rules.json"] = rules.stdout
    return result


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in {"record", "compare"}:
        print(__doc__)
        return 2
    folder = Path(sys.argv[2])
    if sys.argv[1] == "record":
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in outputs().items():
            (folder / name).write_bytes(data)
            print(f"recorded {name} ({len(data):,} bytes)")
        return 0
    status = 0
    for name, data in outputs().items():
        before = (folder / name).read_bytes()
        if before == data:
            print(f"same      {name}")
            continue
        status = 1
        print(f"DIFFERENT {name}")
        diff = difflib.unified_diff(
            before.decode(errors="replace").splitlines(),
            data.decode(errors="replace").splitlines(),
            "before",
            "after",
            lineterm="",
            n=1,
        )
        print("\n".join(list(diff)[:40]))
    return status


if __name__ == "__main__":
    sys.exit(main())

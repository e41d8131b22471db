#!/usr/bin/env python3
"""Set-up and the two everyday jobs, from a fresh clone with nothing but Python 3 and pip.

    python3 dev.py examples   # index and check the bundled example apps
    python3 dev.py test       # lint, type-check and run the whole test suite

Both create `.venv/` and install the project into it (again only when pyproject.toml changes).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def run(*cmd: str | Path, check: bool = True, **kw: object) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)  # type: ignore[arg-type]
    if check and code != 0:
        sys.exit(code)
    return code


def ensure_venv() -> None:
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want and PY.exists():
        return
    started = time.monotonic()
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(want)
    print(f"installed into .venv in {time.monotonic() - started:.0f}s", flush=True)


def examples() -> int:
    ensure_venv()
    tool = BIN / "backend-architect"
    status = 0
    for app in sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()):
        print(f"\n=== {app.name}: routes ===", flush=True)
        run(tool, "routes", app, check=False)
        print(f"\n=== {app.name}: check ===", flush=True)
        code = run(tool, "check", app, check=False)
        status = max(status, 0 if code in (0, 1) else code)  # 1 = findings, the point of it
    return status


def test(extra: list[str]) -> int:
    ensure_venv()
    run(BIN / "ruff", "check", "server", "tests", "benchmarks", "scripts", "dev.py")
    run(BIN / "ruff", "format", "--check", "server", "tests", "benchmarks", "scripts", "dev.py")
    run(BIN / "mypy")
    return run(PY, "-m", "pytest", "-q", *extra, check=False)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"examples", "test"}:
        print(__doc__)
        return 2
    if sys.argv[1] == "examples":
        return examples()
    return test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())

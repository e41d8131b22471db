"""Speed of the Dockerfile and Compose checks, and what they cost the Python path.

    .venv/bin/python benchmarks/bench_containers.py [--repeat 5]

Prints: the time to read and check every BA6xx/BA7xx fixture (a Dockerfile or Compose file
each), per file; a generated 2,000-instruction Dockerfile and a 300-service compose file; and
``file_kind`` per call (the one step the Python path takes for these file kinds).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from backend_architect.config import Settings
from backend_architect.core.file_kinds import file_kind
from backend_architect.rules.engine import Engine

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "rules" / "fixtures"


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    engine = Engine(Settings())
    files = [
        (p, "dockerfile" if "Dockerfile" in p.name else "compose", p.read_text())
        for p in [*FIXTURES.glob("BA6*.Dockerfile"), *FIXTURES.glob("compose.BA7*.yaml")]
    ]

    def fixtures() -> None:
        for p, kind, text in files:
            engine.check_text(str(p), text, kind)

    t = _best(fixtures, args.repeat)
    print(
        f"{len(files)} fixtures, every rule: {t * 1000:.1f} ms ({t / len(files) * 1000:.2f} ms a file)"
    )
    big = "FROM python:3.12-slim AS base\n" + "".join(
        f"RUN apt-get update && apt-get install -y pkg{i} \\\n    && pip install lib{i} | tee /x\n"
        for i in range(2000)
    )
    t = _best(lambda: engine.check_text("/x/Dockerfile", big, "dockerfile"), args.repeat)
    print(f"Dockerfile of 2,000 RUNs ({len(big.splitlines())} lines): {t * 1000:.1f} ms")
    compose = "services:\n" + "".join(
        f"  s{i}:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x{i}\n"
        f"    depends_on: [s{i + 1}]\n    ports: ['5432']\n"
        for i in range(300)
    )
    t = _best(lambda: engine.check_text("/x/compose.yaml", compose, "compose"), args.repeat)
    print(f"compose file of 300 services ({len(compose.splitlines())} lines): {t * 1000:.1f} ms")
    names = [f"/p/app/module_{i}.py" for i in range(10000)]
    t = _best(lambda: [file_kind(n) for n in names], args.repeat)
    print(f"file_kind on a .py path: {t / len(names) * 1e6:.2f} us a call")


if __name__ == "__main__":
    main()

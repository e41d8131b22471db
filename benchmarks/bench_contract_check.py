"""What BA310 (the committed-contract check) adds to diagnosing a file (issue 12).

    .venv/bin/python benchmarks/bench_contract_check.py [--repeat 20]

Each example app under ``examples/`` is copied to a scratch folder with its own OpenAPI document
committed as ``docs/openapi.json`` (written by the tool, so the check finds nothing and walks
every operation). For each file that holds routes, the script times ``Workspace.diagnose`` with
every rule, then with every rule but BA310 (the peer, same process), and prints the medians and
the difference per file; then BA310 alone, and a cold first call (document parsed) against a
warm one (parsed once per content, served from the cache).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "server"))

from backend_architect.actions.document_api.build import document_api, render  # noqa: E402
from backend_architect.config import Settings  # noqa: E402
from backend_architect.index.contracts import committed  # noqa: E402
from backend_architect.workspace import Workspace  # noqa: E402


def _median_ms(ws: Workspace, files: list[str], repeat: int) -> float:
    times = []
    parsed = [ws.index.parsed(f) for f in files]
    for _ in range(repeat):
        for p in parsed:
            assert p is not None
            start = time.perf_counter()
            ws.engine.check_parsed(p, ws.index)  # the engine itself: diagnose caches results
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print("| example | routed files | operations | all rules | all but BA310 | BA310 alone |")
    print("|---|---|---|---|---|---|")
    for example in sorted((HERE.parent / "examples").iterdir()):
        if not example.is_dir():
            continue
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch) / example.name
            shutil.copytree(example, root)
            probe = Workspace(str(root), Settings())
            probe.index.build()
            doc = document_api(probe.index)
            (root / "docs").mkdir(exist_ok=True)
            (root / "docs" / "openapi.json").write_text(render(doc, "openapi"), encoding="utf-8")
            files = sorted({os.path.abspath(r.file) for r in probe.index.published_routes()})
            figures = []
            for settings in (
                Settings(),
                Settings(ignore=["BA310"]),
                Settings(select=["BA310"]),
            ):
                ws = Workspace(str(root), settings)
                ws.index.build()
                _median_ms(ws, files, 1)  # warm up
                figures.append(_median_ms(ws, files, args.repeat))
            print(
                f"| {example.name} | {len(files)} | {len(doc.contracts)} | "
                + " | ".join(f"{v:.2f} ms" for v in figures)
                + " |"
            )
            path = str(root / "docs" / "openapi.json")
            committed._BY_DIGEST.clear()
            committed._BY_STAT.clear()
            start = time.perf_counter()
            committed.load_committed(path, "docs/openapi.json")
            cold = time.perf_counter() - start
            start = time.perf_counter()
            committed.load_committed(path, "docs/openapi.json")
            warm = time.perf_counter() - start
            print(f"|   document read: cold {cold * 1000:.2f} ms, cached {warm * 1000:.3f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed benchmark for issue 4: ``check`` over a real tree beside bandit, cold and warm.

    .venv/bin/python benchmarks/bench_check.py [--repeat 3] [--warm-repeat 5]

The tree is the one benchmarks/bench_index.py builds (Django's sdist, fetched once into
``benchmarks/.data``, plus a generated FastAPI app): at least 1,000 files and 250,000 lines.
bandit is installed into this interpreter's environment when missing (for the benchmark only;
it is no dependency of the project).

- cold: ``backend-architect check TREE`` with its cache deleted, against ``bandit -r TREE``,
  runs alternating; the medians' ratio must be at least 6. ``check`` leaves the files of a
  test suite to their syntax check by default, and bandit reads every file: so
  ``check --check-tests`` is timed as well, and its ratio must be at least 6 too.
- warm: ``check`` again with nothing changed (the cache answers): median under 0.5 s.

Each run is one pass over the tree for all rules. The script checks that what it timed did
the work (findings from both tools, the warm run's output equal to the cold run's), and exits 1
if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_index import cli_command, count_tree, fetch_django, generate_app  # noqa: E402

MIN_FILES, MIN_LINES = 1_000, 250_000
COLD_RATIO, WARM_SECONDS = 6.0, 0.5
CACHE = ".backend-architect-cache"


def ensure_bandit() -> list[str]:
    probe = subprocess.run(
        [sys.executable, "-m", "bandit", "--version"], capture_output=True, text=True
    )
    on_path = shutil.which("bandit")
    if probe.returncode != 0 and on_path:
        return [on_path]  # a bandit of its own environment, on PATH
    if probe.returncode != 0:
        print("installing bandit into this environment (benchmark only) ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "bandit"], check=True)
    return [sys.executable, "-m", "bandit"]


def timed(cmd: list[str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env.pop("BACKEND_ARCHITECT_NO_CACHE", None)
    env.pop("BACKEND_ARCHITECT_CACHE_DIR", None)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="cold runs of each tool")
    ap.add_argument("--warm-repeat", type=int, default=5, help="warm runs of check")
    args = ap.parse_args()

    tree = fetch_django()
    generate_app(tree)
    files, lines = count_tree(tree)
    print(f"tree: {tree} ({files:,} Python files, {lines:,} lines)")
    if files < MIN_FILES or lines < MIN_LINES:
        raise SystemExit(f"the tree is too small: {files} files, {lines} lines")
    bandit = ensure_bandit()
    ours_cmd = [*cli_command(), "check", str(tree), "--format", "json"]
    bandit_out = HERE / ".data" / "bandit.json"
    bandit_cmd = [*bandit, "-r", str(tree), "-q", "-f", "json", "-o", str(bandit_out)]

    # `check` leaves test files to their syntax check by default (check-tests); bandit reads
    # every file, so `check --check-tests` is timed too and must meet the ratio as well
    all_cmd = [*ours_cmd, "--check-tests"]
    print(
        f"\n[cold] check and check --check-tests (cache deleted) vs bandit, {args.repeat} runs"
        " each, alternating"
    )
    ours: list[float] = []
    ours_all: list[float] = []
    theirs: list[float] = []
    cold_out = ""
    for k in range(args.repeat):
        t_b, _ = timed(bandit_cmd)
        issues = len(json.loads(bandit_out.read_text())["results"])
        shutil.rmtree(tree / CACHE, ignore_errors=True)
        t_a, all_out = timed(all_cmd)
        shutil.rmtree(tree / CACHE, ignore_errors=True)
        t_o, cold_out = timed(ours_cmd)
        findings, findings_all = len(json.loads(cold_out)), len(json.loads(all_out))
        ours.append(t_o)
        ours_all.append(t_a)
        theirs.append(t_b)
        print(
            f"  run {k + 1}: check {t_o:7.3f} s ({findings} findings)"
            f"   --check-tests {t_a:7.3f} s ({findings_all})"
            f"   bandit {t_b:7.3f} s ({issues} issues)"
        )
        if not findings or not issues or findings_all < findings:
            raise SystemExit("a tool found nothing: it did not do the work")
    m_o, m_a, m_b = statistics.median(ours), statistics.median(ours_all), statistics.median(theirs)
    ratio, ratio_all = m_b / m_o, m_b / m_a

    print(f"\n[warm] check with nothing changed, {args.warm_repeat} runs")
    warm: list[float] = []
    for k in range(args.warm_repeat):
        t_w, out = timed(ours_cmd)
        if out != cold_out:
            raise SystemExit("the warm run's output differs from the cold run's")
        warm.append(t_w)
        print(f"  run {k + 1}: {t_w:.3f} s")
    m_w = statistics.median(warm)

    results = [
        ("check cold (median)", f"{m_o:.2f} s", "", True),
        ("check --check-tests cold", f"{m_a:.2f} s", "", True),
        ("bandit cold (median)", f"{m_b:.2f} s", "", True),
        ("bandit / check, cold", f"{ratio:.1f}x", f">= {COLD_RATIO:.0f}x", ratio >= COLD_RATIO),
        (
            "bandit / --check-tests",
            f"{ratio_all:.1f}x",
            f">= {COLD_RATIO:.0f}x",
            ratio_all >= COLD_RATIO,
        ),
        ("check warm (median)", f"{m_w:.3f} s", f"< {WARM_SECONDS} s", m_w < WARM_SECONDS),
    ]
    print()
    for name, value, target, ok in results:
        verdict = ("PASS" if ok else "FAIL") if target else ""
        print(f"  {name:<24} {value:>10}  {target:<8} {verdict}")
    failed = [r for r in results if not r[3]]
    print("\nFAIL" if failed else "\nPASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The fuzz campaigns of issue 15 at scale (the CI suite runs them small: tests/lsp/test_fuzz.py).

    .venv/bin/python benchmarks/fuzz_server.py [--edits 17000] [--frames 500] [--seed 15]
        [--only text,wire,exit,huge,hostile] [--fixes 150,300,600] [--hostile-steps 600]

Prints: edits made and mismatches between the server's text and the editor's; malformed
frames sent, requests answered after them, deaths, silences and tracebacks; for each exit
case the seconds until the server was gone; and the huge inputs (a 20 MB document over
max-file-bytes, documentSymbol on a 1 MB document, source.fixAll at 150, 300 and 600 fixes,
each answered, with its seconds; the fix-all's seconds per fix show whether it grows
linearly); and the hostile campaign (odd files, hostile settings, huge and lying documents,
reviews cancelled in the same write: steps answered, silent, internal errors, deaths,
tracebacks). Exits 1 if any figure is not what the issue asks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from lsp.fuzzing import hostile_campaign, malformed_frames, text_sync_campaign  # noqa: E402
from lsp.raw import RawServer, initialize, request  # noqa: E402


def text_sync(edits: int, seed: int) -> bool:
    start = time.perf_counter()
    made, mismatches = asyncio.run(text_sync_campaign(seed, edits))
    took = time.perf_counter() - start
    print(f"text sync: {made} edits, {len(mismatches)} mismatches, {took:.1f} s")
    for m in mismatches:
        print("  ", m[:300])
    return not mismatches


def frames(count: int, seed: int) -> bool:
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp())
    server = RawServer(cwd=root)
    answered = silent = 0
    start = time.perf_counter()
    try:
        server.send(initialize(1, root))
        server.answer(1)
        for n, data in enumerate(malformed_frames(rng, count), start=1000):
            if server.proc.poll() is not None:
                break
            server.send(data, request(n, "fuzz/ping"))
            try:
                server.answer(n, timeout=10)
                answered += 1
            except TimeoutError:
                silent += 1
        died = server.proc.poll() is not None
        tracebacks = server.stderr().count("Traceback")
    finally:
        server.close()
    took = time.perf_counter() - start
    print(
        f"wire: {count} malformed frames, {answered} requests after them answered, "
        f"{silent} silent, {'1 death' if died else '0 deaths'}, {tracebacks} tracebacks, "
        f"{took:.1f} s"
    )
    return answered == count and not died and not tracebacks


def exits() -> bool:
    root = Path(tempfile.mkdtemp())
    ok = True
    for case in ("stdin closed", "output closed", "process ended", "exit"):
        server = RawServer(cwd=root)
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        server.send(initialize(1, root, processId=sleeper.pid))
        server.answer(1)
        uri = (root / "big.py").as_uri()
        text = "x = 1\n" * 170_000
        doc = {"uri": uri, "languageId": "python", "version": 1, "text": text}
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": doc}})  # fmt: skip
        server.send(request(2, "textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
        start = time.perf_counter()
        if case == "stdin closed":
            assert server.proc.stdin is not None
            server.proc.stdin.close()
        elif case == "output closed":
            server.close_output()
        elif case == "process ended":
            sleeper.kill()
            sleeper.wait()
        else:
            server.send({"jsonrpc": "2.0", "method": "exit"})
        gone = server.gone_within(10)
        took = time.perf_counter() - start
        sleeper.kill()
        sleeper.wait()
        tracebacks = server.stderr().count("Traceback")
        server.close()
        print(f"exit, {case}: gone in {took:.2f} s, {tracebacks} tracebacks")
        ok = ok and gone and took < 2 and not tracebacks
    return ok


def hostile(steps: int, seed: int) -> bool:
    start = time.perf_counter()
    f = hostile_campaign(seed, steps, Path(tempfile.mkdtemp()), lambda root: RawServer(cwd=root))
    took = time.perf_counter() - start
    print(
        f"hostile: {f['steps']} steps, {f['answered']} answered, {len(f['silent'])} silent, "
        f"{len(f['internal'])} internal errors, {'1 death' if f['died'] else '0 deaths'}, "
        f"{f['tracebacks']} tracebacks, {f['settings_messages']} settings message(s), longest "
        f"message {f['longest_message']:,} characters, {took:.1f} s"
    )
    for method in f["silent"][:5]:
        print("   silent:", method)
    for method, error in f["internal"][:5]:
        print("   internal:", method, str(error)[:200])
    return (
        f["answered"] == f["steps"] == steps
        and not f["internal"]
        and not f["died"]
        and not f["tracebacks"]
        and f["settings_messages"] <= 1
    )


HUGE_SECONDS = 5.0  # the bound each huge input is held to (the issue: 15 s, 6-8 s, 55 s)


def fixable(n: int) -> str:
    """A module with ``n`` findings that have a fix (BA111: requests without a timeout)."""
    calls = "".join(f"def f{i}(url):\n    return requests.get(url)\n\n\n" for i in range(n))
    return "import requests\n\n\n" + calls


def huge(fixes: list[int]) -> bool:
    root = Path(tempfile.mkdtemp())
    (root / "pyproject.toml").write_text("[project]\nname = 'huge'\n")
    server = RawServer(cwd=root)
    ok = True
    try:
        server.send(initialize(1, root))
        server.answer(1)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        n = 100

        def timed(label: str, uri: str, text: str, method: str, params: dict[str, Any]) -> None:
            """didOpen, timed to its diagnostics; then the request, timed to its answer."""
            nonlocal n, ok
            n += 1
            doc = {"uri": uri, "languageId": "python", "version": 1, "text": text}
            start = time.perf_counter()
            server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                         "params": {"textDocument": doc}})  # fmt: skip
            server.send(request(n, "backend-architect/none"))  # answered after didOpen's work
            server.answer(n, timeout=600)
            opened = time.perf_counter() - start
            n += 1
            start = time.perf_counter()
            server.send(request(n, method, {"textDocument": {"uri": uri}, **params}))
            try:
                answer = server.answer(n, timeout=600)
                took = time.perf_counter() - start
                what = f"{len(json.dumps(answer.get('result'))):,} bytes answered"
            except TimeoutError:
                took, what = time.perf_counter() - start, "NO ANSWER"
            print(f"huge: {label}: didOpen {opened:.2f} s, then {took:.2f} s, {what}")
            ok = ok and what != "NO ANSWER" and took < HUGE_SECONDS and opened < HUGE_SECONDS

        big = "x = 1\n" * (20_000_000 // 6)
        at = {"position": {"line": 0, "character": 0}}
        timed("20 MB document, hover", (root / "big.py").as_uri(), big, "textDocument/hover", at)
        mb = "".join(f"class C{i}:\n    def m(self):\n        return {i}\n" for i in range(22_000))
        timed(f"documentSymbol, {len(mb) / 1e6:.1f} MB document", (root / "mb.py").as_uri(),
              mb, "textDocument/documentSymbol", {})  # fmt: skip
        for count in fixes:
            code = fixable(count)
            end = {"line": code.count("\n") + 1, "character": 0}
            params = {
                "range": {"start": {"line": 0, "character": 0}, "end": end},
                "context": {"diagnostics": [], "only": ["source.fixAll"]},
            }
            uri = (root / f"fix{count}.py").as_uri()
            timed(f"source.fixAll, {count} fixes", uri, code, "textDocument/codeAction", params)
        tracebacks = server.stderr().count("Traceback")
        print(f"huge: {tracebacks} tracebacks, {'alive' if server.proc.poll() is None else 'DEAD'}")
        ok = ok and not tracebacks and server.proc.poll() is None
    finally:
        server.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=17_000)
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--only", default="text,wire,exit,huge,hostile")
    parser.add_argument("--hostile-steps", type=int, default=600)
    parser.add_argument("--fixes", default="150,300,600")
    args = parser.parse_args()
    only = set(args.only.split(","))
    results = []
    if "text" in only:
        results.append(text_sync(args.edits, args.seed))
    if "wire" in only:
        results.append(frames(args.frames, args.seed))
    if "exit" in only:
        results.append(exits())
    if "hostile" in only:
        results.append(hostile(args.hostile_steps, args.seed))
    if "huge" in only:
        results.append(huge([int(n) for n in args.fixes.split(",")]))
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())

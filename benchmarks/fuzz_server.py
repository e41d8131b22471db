"""The fuzz campaigns of issue 15 at scale (the CI suite runs them small: tests/lsp/test_fuzz.py).

    .venv/bin/python benchmarks/fuzz_server.py [--edits 17000] [--frames 500] [--seed 15]

Prints: edits made and mismatches between the server's text and the editor's; malformed
frames sent, requests answered after them, deaths, silences and tracebacks; and for each exit
case the seconds until the server was gone. Exits 1 if any figure is not what the issue asks.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from lsp.fuzzing import malformed_frames, text_sync_campaign  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=17_000)
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    results = [text_sync(args.edits, args.seed), frames(args.frames, args.seed), exits()]
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())

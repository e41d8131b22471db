"""Start-up benchmark for issue 10: process start to the ``initialize`` response.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 7] [--target 0.8]

For each app under ``examples/`` (as the workspace root) the script starts
``python -m backend_architect serve``, writes an ``initialize`` request on its stdin as raw
JSON-RPC and times until the response arrives; the median over ``--repeat`` runs is checked
against the target. The peer, timed in the same run, is the interpreter importing what any
pygls server needs (``pygls.lsp.server``, ``lsprotocol.types``, ``yaml``): the ratio says how
much the server adds on top of its libraries. Exits 1 if a median misses the target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
PEER = "import pygls.lsp.server, lsprotocol.types, yaml"


def _message(payload: dict[str, object]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read_message(stream: object) -> dict[str, object]:
    """One JSON-RPC message from the server's stdout (headers, blank line, body)."""
    length = 0
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            raise RuntimeError("the server closed its output before answering")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return dict(json.loads(stream.read(length)))  # type: ignore[attr-defined]


def time_initialize(root: Path) -> float:
    """Seconds from process start to the ``initialize`` response for a workspace at ``root``."""
    init = _message(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
        }
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend_architect", "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=root,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(init)
        proc.stdin.flush()
        while True:
            msg = _read_message(proc.stdout)
            if msg.get("id") == 1:
                break
        elapsed = time.perf_counter() - start
        if "result" not in msg or "capabilities" not in msg["result"]:  # type: ignore[operator]
            raise RuntimeError(f"initialize failed: {msg}")
        return elapsed
    finally:
        proc.kill()
        proc.wait()


def time_peer() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PEER], check=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--target", type=float, default=0.8, help="seconds, per app's median")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "0")
    apps = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())
    time_initialize(apps[0])  # warm the bytecode and the file cache: not counted
    peer = statistics.median(time_peer() for _ in range(args.repeat))
    print(f"peer `python -c {PEER!r}`: {peer:.3f} s (median of {args.repeat})")
    missed = False
    for app in apps:
        runs = [time_initialize(app) for _ in range(args.repeat)]
        median = statistics.median(runs)
        ok = median <= args.target
        missed |= not ok
        print(
            f"{app.name:<14} initialize {median:.3f} s (min {min(runs):.3f}, max {max(runs):.3f}; "
            f"{median / peer:.2f}x the peer) {'ok' if ok else 'MISSED'} (target {args.target} s)"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed at the keyboard (issue 18): one character typed, to the diagnostics of that version.

    .venv/bin/python benchmarks/bench_typing.py [--edits 40] [--hovers 300] [--pause 0.4]

Writes a FastAPI app into a temporary folder: ``app/main.py`` including one router module of
exactly 2,000 lines with 200 handlers, each with findings (an SQL string built with an
f-string and executed, no response model...). Starts ``python -m backend_architect serve`` (this
checkout's, through PYTHONPATH), speaking raw JSON-RPC over its stdin and stdout as a push-only
editor does (Neovim's profile: no pull diagnostics), opens the router and then, ``--edits``
times, types one character inside a random handler's docstring (an incremental
``didChange``) and times until the ``textDocument/publishDiagnostics`` carrying that version
arrives; the debounce is part of the figure, as the user waits for it too. Edits are
``--pause`` apart, so each is answered before the next (a burst would only measure the last).
Then ``--hovers`` hovers on handler names. Prints median and p95 of each with PASS/FAIL against
the targets (p95 <= 200 ms to the diagnostics, hover p95 < 10 ms) and exits 1 if one is missed.
Each edit's answer is checked: 200 handlers' findings, none lost or doubled.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SERVER_DIR = HERE.parent / "server"
# BENCH_PROFILE=out.prof runs the server under cProfile (to see where an edit's time goes)
PROFILE = (
    ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if "BENCH_PROFILE" in os.environ else []
)
SERVE = os.environ.get("BENCH_SERVE", "-m backend_architect serve").split()
HANDLERS = 200
LINES = 2000

MAIN = """from fastapi import FastAPI

from app.routers import big

app = FastAPI()
app.include_router(big.router, prefix="/api/v1")
"""

HEADER = """from fastapi import APIRouter, Depends

from app.deps import get_db

router = APIRouter(prefix="/big")
"""

HANDLER = '''

@router.get("/r{i}/{{item_id}}")
def handler_{i}(item_id: int, db=Depends(get_db)):
    """Handler {i}: one row of table t{i}."""
    query = f"SELECT * FROM t{i} WHERE id = {{item_id}}"
    return db.execute(query).fetchone()
'''


def router_text() -> str:
    body = HEADER + "".join(HANDLER.format(i=i) for i in range(HANDLERS))
    missing = LINES - body.count("\n")
    assert missing >= 0, "the handlers alone are longer than the router must be"
    return body + "".join(f"# padding {n}\n" for n in range(missing))


def write_app(root: Path) -> Path:
    (root / "app" / "routers").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "typing-bench"\nversion = "0"\n')
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "routers" / "__init__.py").write_text("")
    (root / "app" / "main.py").write_text(MAIN)
    (root / "app" / "deps.py").write_text("def get_db():\n    return None\n")
    router = root / "app" / "routers" / "big.py"
    router.write_text(router_text())
    assert router.read_text().count("\n") == LINES
    return router


class Server:
    """The server over stdio, its messages read by a thread into a queue."""

    def __init__(self, root: Path, server_dir: Path = SERVER_DIR) -> None:
        env = dict(os.environ, PYTHONPATH=str(server_dir))
        self.proc = subprocess.Popen(
            [sys.executable, *PROFILE, *SERVE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
            env=env,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **payload}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        msg = self.wait(lambda m: m.get("id") == wanted and "method" not in m, timeout)
        return msg.get("result")

    def wait(self, accept: Any, timeout: float = 60) -> dict[str, Any]:
        deadline = time.perf_counter() + timeout
        while True:
            msg = self.inbox.get(timeout=max(deadline - time.perf_counter(), 0.001))
            if "method" in msg and "id" in msg:  # a request of the server's: answer it
                self.send({"id": msg["id"], "result": None})
            if accept(msg):
                return msg

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(
    edits: int, hovers: int, pause: float, seed: int, server_dir: Path = SERVER_DIR
) -> tuple[list[float], list[float], int]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        router = write_app(root)
        uri = router.as_uri()
        text = router.read_text()
        lines = text.split("\n")
        server = Server(root, server_dir)
        try:
            caps = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
            server.request(
                "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": caps}
            )
            server.notify("initialized", {})
            server.notify(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
            )

            def published(version: int) -> Any:
                def accept(m: dict[str, Any]) -> bool:
                    p = m.get("params") or {}
                    return (
                        m.get("method") == "textDocument/publishDiagnostics"
                        and p.get("uri") == uri
                        and p.get("version") == version
                    )

                return accept

            first = server.wait(published(1), timeout=120)
            baseline = len(first["params"]["diagnostics"])
            # the start-up index done (a hover waits for it), then a warm-up edit, not counted
            name_lines = [n for n, line in enumerate(lines) if line.startswith("def handler_")]
            server.request(
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": {"line": name_lines[0], "character": 5}},
            )
            doc_lines = [n for n, line in enumerate(lines) if line.startswith('    """Handler')]
            times: list[float] = []
            version = 1
            for n in range(edits + 1):
                line = rng.choice(doc_lines)
                col = 12  # inside the docstring's words
                version += 1
                start = time.perf_counter()
                server.notify(
                    "textDocument/didChange",
                    {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [
                            {
                                "range": {
                                    "start": {"line": line, "character": col},
                                    "end": {"line": line, "character": col},
                                },
                                "text": "x",
                            }
                        ],
                    },
                )
                msg = server.wait(published(version), timeout=30)
                elapsed = time.perf_counter() - start
                got = len(msg["params"]["diagnostics"])
                if got != baseline:
                    raise RuntimeError(f"edit {n}: {got} diagnostics, expected {baseline}")
                if n:  # the first edit warms the caches
                    times.append(elapsed)
                time.sleep(pause)
            hover_times: list[float] = []
            for _ in range(hovers):
                line = rng.choice(name_lines)
                start = time.perf_counter()
                answer = server.request(
                    "textDocument/hover",
                    {"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}},
                )
                hover_times.append(time.perf_counter() - start)
                if not answer or "/api/v1/big/r" not in json.dumps(answer):
                    raise RuntimeError(f"hover on line {line}: no route card")
            return times, hover_times, baseline
        finally:
            server.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--hovers", type=int, default=300)
    ap.add_argument("--pause", type=float, default=0.4, help="seconds between edits")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument(
        "--peer",
        type=Path,
        help="another checkout's server/ folder (main's), timed in the same run for a ratio",
    )
    args = ap.parse_args()
    if args.peer is not None:
        peer, peer_hovers, _ = run(args.edits, args.hovers, args.pause, args.seed, args.peer)
        print(
            f"peer {args.peer}: keystroke -> publishDiagnostics median "
            f"{statistics.median(peer) * 1000:.0f} ms, p95 {p95(peer) * 1000:.0f} ms; "
            f"hover p95 {p95(peer_hovers) * 1000:.1f} ms"
        )
    times, hover_times, found = run(args.edits, args.hovers, args.pause, args.seed)
    ms = [t * 1000 for t in times]
    hover_ms = [t * 1000 for t in hover_times]
    edit_ok = p95(ms) <= 200
    hover_ok = p95(hover_ms) < 10
    print(f"router: {LINES} lines, {HANDLERS} handlers, {found} diagnostics")
    print(
        f"keystroke -> publishDiagnostics: median {statistics.median(ms):.0f} ms, "
        f"p95 {p95(ms):.0f} ms, max {max(ms):.0f} ms over {len(ms)} edits "
        f"{'PASS' if edit_ok else 'FAIL'} (target p95 <= 200 ms, debounce included)"
    )
    print(
        f"hover: median {statistics.median(hover_ms):.1f} ms, p95 {p95(hover_ms):.1f} ms "
        f"over {len(hover_ms)} hovers {'PASS' if hover_ok else 'FAIL'} (target p95 < 10 ms)"
    )
    if args.peer is not None:
        print(f"median ratio to the peer: {statistics.median(times) / statistics.median(peer):.2f}")
    return 0 if edit_ok and hover_ok else 1


if __name__ == "__main__":
    sys.exit(main())

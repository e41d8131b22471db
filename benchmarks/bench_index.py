"""Speed benchmark for issue 2: cold ``routes``, hover latency, re-index after a one-line edit
(and reading the models after it).

    .venv/bin/python benchmarks/bench_index.py [--repeat 5] [--edits 30] [--hover-calls 2000]

The tree is Django's sdist (fetched once with pip into ``benchmarks/.data``, unpacked and reused)
plus a generated FastAPI app inside it, so the index has real volume (Django: ~2,800 Python files,
~475,000 lines, many ORM models) and real routes (the generated app: 50 routers of 20 handlers and
one 2,000-line router, included with prefixes read from a settings class).

Every figure is checked against its target; the script exits 1 if any is missed. It also checks
that what it timed did the work (the routes found, the path changed by an edit), so a fast
wrong answer cannot pass.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
DJANGO_SPEC = "django==5.1.*"
APP = "benchapp"  # the generated FastAPI package, inside the tree
ROUTERS, HANDLERS = 50, 20
BIG_LINES = 2000

# The ast.parse peer: read and parse every .py file under the tree, in one process.
PEER = """
import ast, os, sys, warnings
warnings.simplefilter("ignore")
n = bad = 0
for d, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for f in sorted(files):
        if f.endswith(".py"):
            with open(os.path.join(d, f), "rb") as fh:
                data = fh.read()
            try:
                ast.parse(data)
                n += 1
            except (SyntaxError, ValueError):
                bad += 1
print(n, bad)
"""


# --- the tree ---------------------------------------------------------------------------


def fetch_django() -> Path:
    """Django's sdist, unpacked once under benchmarks/.data and reused."""
    DATA.mkdir(parents=True, exist_ok=True)
    trees = sorted(p for p in DATA.glob("django-5.1.*") if p.is_dir())
    if trees:
        return trees[-1]
    archives = sorted(DATA.glob("django-5.1.*.tar.gz")) or sorted(DATA.glob("Django-5.1.*.tar.gz"))
    if not archives:
        print(f"downloading {DJANGO_SPEC} (sdist) with pip ...", flush=True)
        subprocess.run(
            # with build isolation: the venv's own setuptools may be too old for Django's
            # pyproject.toml (`project.license` fails to validate)
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             DJANGO_SPEC, "-d", str(DATA)],
            check=True,
        )  # fmt: skip
        archives = sorted(DATA.glob("[dD]jango-5.1.*.tar.gz"))
    with tarfile.open(archives[-1]) as tar:
        tar.extractall(DATA, filter="data")
    return sorted(p for p in DATA.glob("[dD]jango-5.1.*") if p.is_dir())[-1]


def _write(path: Path, text: str) -> None:
    """Write only when the content differs, so reruns leave the tree as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def handler(i: int, j: int, prefix: str = "item") -> str:
    """One realistic handler: path parameter, query, body model, auth on some, a raise."""
    name = f"{prefix}_{i}_{j}"
    kind = j % 4
    if kind == 0:
        return textwrap.dedent(f'''
            @router.get("/{prefix}s/{{{prefix}_id}}", response_model=ItemOut)
            async def read_{name}({prefix}_id: int, q: str | None = None) -> ItemOut:
                """Read one {prefix}."""
                if {prefix}_id < 0:
                    raise HTTPException(status_code=404, detail="not found")
                return ItemOut(id={prefix}_id, name=q or "x")
            ''')
    if kind == 1:
        return textwrap.dedent(f'''
            @router.post("/{prefix}s-{j}", status_code=status.HTTP_201_CREATED)
            async def create_{name}(body: ItemIn, user: User = Depends(get_current_user)) -> ItemOut:
                """Create an {prefix}."""
                return ItemOut(id=1, name=body.name)
            ''')
    if kind == 2:
        return textwrap.dedent(f"""
            @router.put("/{prefix}s-{j}/{{{prefix}_id}}")
            def update_{name}({prefix}_id: int, body: ItemIn, limit: int = Query(10)) -> dict:
                total = 0
                for k in range(limit):
                    total += k
                return {{"id": {prefix}_id, "total": total}}
            """)
    return textwrap.dedent(f"""
        @router.delete("/{prefix}s-{j}/{{{prefix}_id}}", status_code=204)
        def delete_{name}({prefix}_id: int, user: User = Depends(get_current_user)) -> None:
            if not user:
                raise HTTPException(status.HTTP_403_FORBIDDEN, "forbidden")
        """)


ROUTER_HEAD = '''"""Generated router {i} for the benchmark."""

from fastapi import APIRouter, Depends, HTTPException, Query, status

from {app}.deps import User, get_current_user
from {app}.schemas import ItemIn, ItemOut

router = APIRouter(tags=["r{i}"])
'''


def router_module(i: int, handlers: int) -> str:
    return ROUTER_HEAD.format(i=i, app=APP) + "".join(handler(i, j) for j in range(handlers))


def big_router_module() -> str:
    """A router module of exactly BIG_LINES lines (handlers, then padding helpers)."""
    text = ROUTER_HEAD.format(i="big", app=APP)
    j = 0
    while True:
        more = handler(999, j, "thing")
        if text.count("\n") + more.count("\n") > BIG_LINES - 40:
            break
        text += more
        j += 1
    k = 0
    while text.count("\n") < BIG_LINES:
        text += f"\n\ndef helper_{k}(x: int) -> int:\n    return x * {k}\n"
        k += 1
    lines = text.split("\n")[:BIG_LINES]
    return "\n".join(lines) + "\n"


def generate_app(tree: Path) -> dict[str, object]:
    pkg = tree / APP
    _write(pkg / "__init__.py", "")
    _write(
        pkg / "config.py",
        textwrap.dedent("""
            from pydantic_settings import BaseSettings


            class Settings(BaseSettings):
                PROJECT_NAME: str = "bench"
                API_V1_STR: str = "/api/v1"
                ADMIN_PREFIX: str = "/admin"


            settings = Settings()
            """),
    )
    _write(
        pkg / "schemas.py",
        textwrap.dedent("""
            from pydantic import BaseModel


            class ItemIn(BaseModel):
                name: str
                price: float = 0.0


            class ItemOut(BaseModel):
                id: int
                name: str
            """),
    )
    _write(
        pkg / "deps.py",
        textwrap.dedent("""
            from dataclasses import dataclass

            from fastapi import Depends
            from fastapi.security import OAuth2PasswordBearer

            oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


            @dataclass
            class User:
                name: str


            def get_current_user(token: str = Depends(oauth2_scheme)) -> User:
                return User(token)
            """),
    )
    _write(pkg / "routers" / "__init__.py", "")
    for i in range(ROUTERS):
        _write(pkg / "routers" / f"r{i:02d}.py", router_module(i, HANDLERS))
    big = big_router_module()
    _write(pkg / "routers" / "big.py", big)
    includes = "".join(
        f'app.include_router(r{i:02d}.router, prefix=f"{{settings.API_V1_STR}}/r{i:02d}")\n'
        for i in range(ROUTERS)
    )
    imports = "".join(f"from {APP}.routers import r{i:02d}\n" for i in range(ROUTERS))
    _write(
        pkg / "main.py",
        "from fastapi import FastAPI\n\n"
        f"from {APP}.config import settings\nfrom {APP}.routers import big\n{imports}\n"
        "app = FastAPI(title=settings.PROJECT_NAME)\n"
        f"{includes}"
        'app.include_router(big.router, prefix=settings.API_V1_STR + "/big")\n',
    )
    big_handlers = big.count("@router.")
    return {
        "routes": ROUTERS * HANDLERS + big_handlers,
        "big_handlers": big_handlers,
        "big": pkg / "routers" / "big.py",
        "normal": pkg / "routers" / "r07.py",
    }


def count_tree(tree: Path) -> tuple[int, int]:
    files = lines = 0
    for path in glob.iglob(str(tree / "**" / "*.py"), recursive=True):
        files += 1
        with open(path, "rb") as fh:
            lines += fh.read().count(b"\n")
    return files, lines


# --- measuring -------------------------------------------------------------------------


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "backend-architect"
    if script.exists():
        return [str(script)]
    found = shutil.which("backend-architect")
    return [found] if found else [sys.executable, "-m", "backend_architect"]


def run_timed(cmd: list[str]) -> tuple[float, str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


@dataclass
class Result:
    name: str
    value: str
    target: str
    ok: bool


def bench_routes(tree: Path, expected: int, repeat: int) -> list[Result]:
    cmd = [*cli_command(), "routes", str(tree), "--format", "json"]
    peer = [sys.executable, "-c", PEER, str(tree)]
    print(
        f"\n[routes cold] {' '.join(cmd[-4:])}  vs  ast.parse peer ({repeat} runs each, alternating)"
    )
    ours: list[float] = []
    theirs: list[float] = []
    for k in range(repeat):
        t_peer, out_peer = run_timed(peer)
        t_ours, out = run_timed(cmd)
        theirs.append(t_peer)
        ours.append(t_ours)
        rows = json.loads(out)
        # the CLI writes files relative to the working folder, wherever the script is run from
        app_dir = os.path.relpath(tree / APP) + os.sep
        app_rows = [r for r in rows if r["file"].startswith(app_dir) and not r["generated"]]
        print(
            f"  run {k + 1}: routes {t_ours:6.3f} s ({len(rows)} rows, {len(app_rows)} from {APP})"
            f"   ast.parse {t_peer:6.3f} s (parsed, failed: {out_peer.strip()})"
        )
    if len(app_rows) < expected:
        raise SystemExit(f"routes found {len(app_rows)} routes in {APP}, expected {expected}")
    sample = next(r for r in app_rows if r["file"].endswith("r07.py"))
    if not sample["path"].startswith("/api/v1/r07/"):
        raise SystemExit(f"prefix from settings not resolved: {sample}")
    m_ours, m_peer = statistics.median(ours), statistics.median(theirs)
    ratio = m_ours / m_peer
    print(f"  median: routes {m_ours:.3f} s, ast.parse {m_peer:.3f} s, ratio {ratio:.2f}")
    return [
        Result("routes cold (median)", f"{m_ours:.3f} s", "", True),
        Result("ast.parse every file (median)", f"{m_peer:.3f} s", "", True),
        Result("routes / ast.parse", f"{ratio:.2f}", "<= 1.00", ratio <= 1.0),
    ]


def bench_workspace(
    tree: Path, app: dict[str, object], hover_calls: int, edits: int
) -> list[Result]:
    from backend_architect.core.model import Position
    from backend_architect.workspace import Workspace

    print("\n[in-process] building Workspace(tree) ...", flush=True)
    start = time.perf_counter()
    ws = Workspace(str(tree))
    ws.build()
    print(
        f"  built in {time.perf_counter() - start:.2f} s: {len(ws.index.files)} files, {len(ws.index.routes)} routes"
    )
    results: list[Result] = []

    # hover: on handler names, in a shuffled order over every route of the app
    routes = [r for r in ws.index.routes if r.file.startswith(str(tree / APP) + os.sep)]
    rng = random.Random(2)
    calls = [routes[k % len(routes)] for k in range(max(hover_calls, len(routes)))]
    rng.shuffle(calls)
    times: list[float] = []
    first: list[float] = []
    seen: set[str] = set()
    for r in calls:
        pos = Position(r.span.start.line, r.span.start.column + 1)
        t0 = time.perf_counter()
        card = ws.hover(r.file, pos)
        dt = time.perf_counter() - t0
        if card is None or r.path not in card:
            raise SystemExit(f"hover on {r.handler} gave no card for {r.path}")
        times.append(dt)
        if r.file not in seen:
            seen.add(r.file)
            first.append(dt)
    p50, p95 = percentile(times, 50) * 1e3, percentile(times, 95) * 1e3
    print(
        f"\n[hover] {len(times)} calls on {len(routes)} handlers in {len(seen)} files: "
        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(times) * 1e3:.1f} ms; "
        f"first hover in each file (parses and checks it): median {statistics.median(first) * 1e3:.1f} ms"
    )
    results += [
        Result("hover p50", f"{p50:.2f} ms", "", True),
        Result("hover p95", f"{p95:.2f} ms", "< 10 ms", p95 < 10),
    ]

    for label, path, target in (
        (f"{BIG_LINES}-line router", Path(str(app["big"])), 30.0),
        ("normal router", Path(str(app["normal"])), 50.0),
    ):
        original = path.read_text()
        marker = '@router.get("/'
        line_no = next(i for i, line in enumerate(original.splitlines()) if marker in line)
        lines = original.splitlines(keepends=True)
        times = []
        model_times: list[float] = []
        expected_models = len(ws.index.models)  # derived once (cold) before the edits
        for k in range(edits):
            # Two edits alternate (a renamed path, the original back with a new comment), and
            # every text is new, so each update really parses: nothing comes from the cache.
            new_lines = list(lines)
            if k % 2 == 0:
                seg = f"edited{k}"
                new_lines[line_no] = lines[line_no].replace(marker, f"{marker}{seg}-", 1)
            else:
                seg = ""
                new_lines[line_no] = lines[line_no].rstrip("\n") + f"  # edit {k}\n"
            text = "".join(new_lines)
            t0 = time.perf_counter()
            ws.index.update(str(path), text, overlay=True)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            n_models = len(ws.index.models)  # the first read after the edit
            model_times.append(time.perf_counter() - t0)
            if n_models != expected_models:
                raise SystemExit(f"{n_models} models after the edit, {expected_models} before")
            if seg and not any(seg in r.path for r in ws.index.routes_in(str(path))):
                raise SystemExit(f"after the edit no route in {path.name} has {seg!r} in its path")
        ws.index.close_overlay(str(path))
        med, p95 = statistics.median(times) * 1e3, percentile(times, 95) * 1e3
        n_lines = original.count("\n")
        print(
            f"\n[re-index] one-line edit in {path.name} ({n_lines} lines, "
            f"{original.count('@router.')} handlers), {edits} updates: "
            f"median {med:.1f} ms, p95 {p95:.1f} ms"
        )
        results += [
            Result(
                f"re-index, {label} (median)", f"{med:.1f} ms", f"< {target:.0f} ms", med < target
            ),
            Result(f"re-index, {label} (p95)", f"{p95:.1f} ms", "", True),
        ]
        if path == Path(str(app["big"])):
            m_med = statistics.median(model_times) * 1e3
            print(
                f"  models and schemas read after each edit ({expected_models} models): "
                f"median {m_med:.1f} ms, p95 {percentile(model_times, 95) * 1e3:.1f} ms"
            )
            results.append(
                Result(
                    "models after a one-line edit (median)",
                    f"{m_med:.1f} ms",
                    "< 50 ms",
                    m_med < 50,
                )
            )
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="cold routes / ast.parse runs each")
    ap.add_argument("--hover-calls", type=int, default=2000)
    ap.add_argument("--edits", type=int, default=30)
    args = ap.parse_args()

    tree = fetch_django()
    app = generate_app(tree)
    files, lines = count_tree(tree)
    app_files, app_lines = count_tree(tree / APP)
    print(f"tree: {tree}")
    print(f"  {files:,} Python files, {lines:,} lines (Django's sdist plus the generated app)")
    print(
        f"  added: {tree / APP} — a FastAPI app of {app_files} files, {app_lines:,} lines: "
        f"{ROUTERS} router modules x {HANDLERS} handlers, one {BIG_LINES}-line router "
        f"({app['big_handlers']} handlers), main.py including each with a prefix from a "
        f"settings class (settings.API_V1_STR); {app['routes']} routes expected"
    )
    if files < 1000 or lines < 250_000:
        raise SystemExit("the tree is smaller than the benchmark requires")

    results = bench_routes(tree, int(str(app["routes"])), args.repeat)
    results += bench_workspace(tree, app, args.hover_calls, args.edits)

    width = max(len(r.name) for r in results)
    print(f"\n{'figure':<{width}}  {'measured':>10}  {'target':>8}  result")
    for r in results:
        verdict = ("PASS" if r.ok else "FAIL") if r.target else ""
        print(f"{r.name:<{width}}  {r.value:>10}  {r.target:>8}  {verdict}")
    failed = [r for r in results if r.target and not r.ok]
    print(f"\n{'FAIL: ' + ', '.join(r.name for r in failed) if failed else 'all targets met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

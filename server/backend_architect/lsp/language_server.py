"""The language server's class and state: what every feature reads (the workspace, the client's
capabilities, the documents) and the shared steps they take (sync, publish, refresh, progress).
It registers no handler: ``server.py`` assembles the features on an instance.

Diagnostics follow one rule: if the client can pull (``textDocument.diagnostic``), it pulls
and we never push; otherwise we push, with the document version. The index is built in a
worker thread at start-up, reported through ``$/progress``, while requests are answered.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..core.lines import lines_with_ends
from ..core.model import Finding, Position, Span
from .convert import from_position, to_diagnostic
from .protocol import BackendArchitectProtocol

if TYPE_CHECKING:
    from ..workspace import Workspace

log = logging.getLogger(__name__)

CONFIG_SECTION = "backendArchitect"
DEBOUNCE_SECONDS = 0.15  # the longest wait after a keystroke (when the work is slow)
MIN_DEBOUNCE_SECONDS = 0.03
ROUTES_REQUEST = "backendArchitect/routes"  # the route explorer's list (docs/editors.md)
ROUTES_CHANGED = "backendArchitect/routesChanged"

# (server, document, its path, the requested range in characters, the request) -> actions
CodeActionProvider = Callable[
    ["BackendArchitectServer", TextDocument, str, Span, types.CodeActionParams],
    list[types.CodeAction],
]


class BackendArchitectServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("backend-architect", __version__, protocol_cls=BackendArchitectProtocol)
        self.root: str | None = None  # set by ``initialize``
        self._ws: Workspace | None = None
        self.init_options: Any = None  # as the client sent it: not an object is reported
        self.pull = False
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._work: dict[str, float] = {}  # per document, what re-checking it took lately
        self._build_task: asyncio.Task[None] | None = None
        # code actions other features add (the review's): see features/code_actions.py
        self.code_action_providers: list[CodeActionProvider] = []
        self.code_action_kinds: list[str] = []
        self._routes_shown: int | None = None  # the route list's signature last announced
        # per document, each finding's diagnostic with the lines it was converted on: an edit
        # keeps most findings (the same objects), and converting 600 costs 60 ms
        self._converted: dict[str, dict[Finding, tuple[str, str, types.Diagnostic]]] = {}
        # set once ``initialized`` has read the client's settings: findings computed before
        # would be under the defaults, and a client without diagnostic refresh (Neovim 0.11)
        # would keep them until the next edit
        self.settings_loaded = asyncio.Event()
        self._early: set[asyncio.Task[None]] = set()

    # --- transport: frames read by ``wire``, answered by ``protocol``, left with the client --

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        from .transport import serve_stdio

        serve_stdio(self)

    def start_tcp(self, host: str, port: int) -> None:
        from .transport import serve_tcp

        serve_tcp(self, host, port)

    @property
    def ws(self) -> Workspace | None:
        """The workspace, made on first use after ``initialize`` rather than in it: importing
        the index and the rules would delay the answer to ``initialize`` (about 0.2 s; see
        ``benchmarks/bench_startup.py``). None before ``initialize``."""
        if self._ws is None and self.root is not None:
            from ..workspace import Workspace

            self._ws = Workspace(self.root)  # settings from pyproject; the client's follow
        return self._ws

    # --- capabilities ------------------------------------------------------------------

    def client_supports(self, *path: str) -> bool:
        node: Any = self.client_capabilities
        for attr in path:
            node = getattr(node, attr, None)
            if node is None:
                return False
        return bool(node)

    # --- settings ----------------------------------------------------------------------

    async def load_settings(self) -> None:
        assert self.ws is not None
        client_cfg: Any = None
        if self.client_supports("workspace", "configuration"):
            try:
                result = await self.workspace_configuration_async(
                    types.ConfigurationParams(
                        items=[types.ConfigurationItem(section=CONFIG_SECTION)]
                    )
                )
                client_cfg = result[0] if result else None  # not an object: reported
            except Exception as exc:  # a client that fails the request: keep going
                log.warning("workspace/configuration failed: %s", exc)
        problems = self.ws.configure_from(client_cfg, self.init_options)
        if problems:  # one message, bounded, however many problems (each is in the log)
            for problem in problems:
                log.warning("settings: %s", problem)
            text = "; ".join(problems)
            if len(text) > 1_500:
                text = text[:1_470].rstrip() + " ... (more in the log)"
            self.show_message(
                f"backend-architect: {text} (ignored; the defaults apply).",
                types.MessageType.Warning,
            )

    # --- progress ----------------------------------------------------------------------

    async def begin_progress(self, kind: str, begin: types.WorkDoneProgressBegin) -> str | None:
        """Create and begin a ``$/progress`` token when the client shows progress; None when
        it does not (or refuses), and callers then report nothing."""
        if not self.client_supports("window", "work_done_progress"):
            return None
        token = f"backend-architect-{kind}-{uuid.uuid4()}"
        try:
            await self.work_done_progress.create_async(token)
            self.work_done_progress.begin(token, begin)
        except Exception as exc:
            log.warning("progress not available: %s", exc)
            return None
        return token

    def report_progress(self, token: str | None, message: str) -> None:
        if token is not None:
            self.work_done_progress.report(token, types.WorkDoneProgressReport(message=message))

    def end_progress(self, token: str | None, message: str) -> None:
        if token is not None:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))

    # --- messages and documents shown to the user -----------------------------------------

    def show_message(self, message: str, kind: types.MessageType) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    async def show_document(self, uri: str) -> bool:
        """Open ``uri`` in the editor, focused; False when the client cannot or did not."""
        if not self.client_supports("window", "show_document", "support"):
            return False
        try:
            answer = await self.window_show_document_async(
                types.ShowDocumentParams(uri=uri, take_focus=True)
            )
        except Exception as exc:
            log.warning("showDocument failed: %s", exc)
            return False
        return bool(answer and answer.success)

    # --- indexing ----------------------------------------------------------------------

    async def build_index(self) -> None:
        assert self.ws is not None
        ws = self.ws
        loop = asyncio.get_running_loop()
        token = await self.begin_progress(
            "index", types.WorkDoneProgressBegin(title="Indexing routes and models", percentage=0)
        )

        def progress(done: int, total: int) -> None:
            if token is not None:
                pct = int(done * 100 / max(total, 1))
                loop.call_soon_threadsafe(
                    self.work_done_progress.report,
                    token,
                    types.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=pct),
                )

        try:
            await asyncio.to_thread(ws.index_files, progress)
        except Exception:
            log.exception("indexing failed")
        finally:
            ws.ready.set()
            if token is not None:
                routes = len(ws.route_signature())
                self.work_done_progress.end(
                    token, types.WorkDoneProgressEnd(message=f"{routes} routes")
                )
        self.refresh_all()

    async def index_ready(self, timeout: float) -> bool:
        """Wait, off the event loop, for the start-up index: right after start-up a handler's
        route is not linked yet, and an answer without it (no card, a path without its
        prefix) would be wrong, not just early."""
        ws = self.ws
        if ws is None:
            return False
        return ws.ready.is_set() or await asyncio.to_thread(ws.ready.wait, timeout)

    def refresh_diagnostics(self, uri: str) -> None:
        """After the findings of ``uri`` changed: pull clients are told to ask, push clients sent."""
        if self.pull:
            if self.client_supports("workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)
        else:
            self.publish(uri)

    def refresh_all(self) -> None:
        """After the index changed under every document: re-deliver diagnostics, lenses, hints."""
        if self.pull:
            if self.client_supports("workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)
        else:
            for uri in list(self.workspace.text_documents):
                self.publish(uri)
        if self.client_supports("workspace", "code_lens", "refresh_support"):
            self.workspace_code_lens_refresh(None)
        if self.client_supports("workspace", "inlay_hint", "refresh_support"):
            self.workspace_inlay_hint_refresh(None)  # full paths follow the prefixes
        self.notify_routes_changed()

    def notify_routes_changed(self) -> None:
        """``backendArchitect/routesChanged`` when the route list differs from the one last
        announced (clients that never asked ignore an unknown notification)."""
        if self.ws is None or not self.ws.ready.is_set():
            return
        generation, signature = self.ws.route_list_signature()
        if signature != self._routes_shown:
            self._routes_shown = signature
            self.protocol.notify(ROUTES_CHANGED, {"generation": generation})

    def route_signature(self) -> tuple[tuple[str, str], ...]:
        return self.ws.route_signature() if self.ws else ()

    # --- documents ---------------------------------------------------------------------

    def path_of(self, uri: str) -> str | None:
        return to_fs_path(uri)

    def python_document(self, uri: str) -> tuple[TextDocument, str] | None:
        """The editor's document and its path, synced into the index; None if not ours."""
        path = self.path_of(uri)
        if self.ws is None or path is None or not path.endswith(".py"):
            return None
        doc = self.workspace.get_text_document(uri)
        if self.over_limit(doc):
            return None  # only its one diagnostic (see ``findings_for``): nothing is parsed
        self.sync(doc)
        return doc, path

    def over_limit(self, doc: TextDocument) -> bool:
        """A document over ``max-file-bytes``: diagnostics say so, every other answer is empty."""
        return self.ws is not None and len(doc.source) > self.ws.settings.max_file_bytes

    def checked_document(self, uri: str) -> tuple[TextDocument, str] | None:
        """``python_document``, or a Dockerfile's or Compose file's document (not indexed)."""
        path = self.path_of(uri)
        if self.ws is None or path is None or not self.ws.checks(path):
            return None
        doc = self.workspace.get_text_document(uri)
        if self.over_limit(doc):
            return None
        self.sync(doc)
        return doc, path

    def python_position(
        self, uri: str, position: types.Position
    ) -> tuple[TextDocument, str, Position] | None:
        """``python_document`` and a request's position in it, converted from the client's
        column units to the code points the index counts in."""
        found = self.python_document(uri)
        if found is None:
            return None
        doc, path = found
        return doc, path, from_position(position, doc.lines, doc.position_codec)

    def sync(self, doc: TextDocument) -> None:
        """Bring the index up to date with the editor's text of ``doc``."""
        path = self.path_of(doc.uri)
        if self.ws is None or path is None or not path.endswith(".py"):
            return
        self.ws.sync(path, doc.source)

    def findings_for(self, doc: TextDocument) -> list[types.Diagnostic]:
        path = self.path_of(doc.uri)
        if self.ws is None or path is None or not self.ws.checks(path):
            return []
        self.sync(doc)
        if self.ws.is_excluded(path):  # `exclude` holds in the editor as in `check`
            return []
        findings = self.ws.diagnose(path, doc.source)
        if doc.uri not in self.workspace.text_documents:
            return [self.diagnostic(f, doc) for f in findings]
        lines = doc.lines
        last = self._converted.pop(doc.uri, {})
        kept: dict[Finding, tuple[str, str, types.Diagnostic]] = {}
        out = []
        for f in findings:
            a, b = f.span.start.line, f.span.end.line
            start = lines[a] if 0 <= a < len(lines) else ""
            end = lines[b] if 0 <= b < len(lines) else ""
            hit = last.get(f)
            if hit is None or hit[0] != start or hit[1] != end:
                hit = (start, end, self.diagnostic(f, doc))
            kept[f] = hit
            out.append(hit[2])
        self._converted[doc.uri] = kept
        while len(self._converted) > 32:
            self._converted.pop(next(iter(self._converted)))
        return out

    def diagnostic(self, finding: Finding, doc: TextDocument) -> types.Diagnostic:
        """A finding in ``doc`` as a protocol diagnostic, linked to its rule's documentation."""
        url = self.ws.rule_url(finding.code) if self.ws is not None else None
        # over the limit, its one diagnostic is on line 0: no need to split 20 MB into lines
        lines = lines_with_ends(doc.source[:10_000])[:1] if self.over_limit(doc) else doc.lines
        return to_diagnostic(finding, lines, doc.position_codec, url)

    def result_id(self, doc: TextDocument) -> str | None:
        """The pull result id of ``doc`` (None when it is not a file of ours)."""
        path = self.path_of(doc.uri)
        if self.ws is None or path is None or not self.ws.checks(path):
            return None
        try:
            text = doc.source
        except OSError:  # a file that vanished since the listing
            return None
        if doc.uri in self.workspace.text_documents:
            self.sync(doc)  # an open document: the editor's text is the truth
        return self.ws.result_id(path, text)

    async def settings_ready(self, timeout: float = 5.0) -> None:
        """Wait for the client's settings (bounded: a client that never sends ``initialized``
        is answered under the defaults)."""
        if not self.settings_loaded.is_set():
            try:
                await asyncio.wait_for(self.settings_loaded.wait(), timeout)
            except asyncio.TimeoutError:
                log.warning("no settings from the client after %.0f s: the defaults apply", timeout)
                self.settings_loaded.set()

    def publish(self, uri: str) -> None:
        if self.pull:
            return
        if not self.settings_loaded.is_set():  # opened before the settings came: publish after
            task = asyncio.ensure_future(self._publish_when_configured(uri))
            self._early.add(task)  # held until done: the loop keeps only weak references
            task.add_done_callback(self._early.discard)
            return
        doc = self.workspace.get_text_document(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=self.findings_for(doc), version=doc.version
            )
        )

    async def _publish_when_configured(self, uri: str) -> None:
        await self.settings_ready()
        if uri in self.workspace.text_documents:
            self.publish(uri)

    def debounce(self, uri: str) -> float:
        """How long to wait for typing to pause: half what re-checking the document takes
        lately, within 30..150 ms. Waiting saves the work a next keystroke would waste; when
        the work is cheap (an edit inside one handler: the incremental check), a long wait
        only delays the answer."""
        work = self._work.get(uri)
        if work is None:
            return DEBOUNCE_SECONDS
        return min(DEBOUNCE_SECONDS, max(MIN_DEBOUNCE_SECONDS, work / 2))

    def schedule(self, uri: str) -> None:
        """Debounce: re-index and re-diagnose once typing pauses."""
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(self.debounce(uri))
            self._pending.pop(uri, None)
            started = time.perf_counter()
            doc = self.workspace.get_text_document(uri)
            before = self.route_signature()
            self.sync(doc)
            if self.route_signature() != before:
                self.refresh_all()  # other files' findings and lenses read these routes
            else:
                self.publish(uri)
                self.notify_routes_changed()  # auth or a group may change with the same paths
            took = time.perf_counter() - started
            last = self._work.get(uri)
            self._work[uri] = took if last is None else 0.5 * last + 0.5 * took

        self._pending[uri] = asyncio.ensure_future(later())

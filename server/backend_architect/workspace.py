"""The workspace service: settings + index + rule engine, the one object both front ends use.

The LSP server and the CLI translate its plain results (findings, Markdown, spans) into
protocol types or terminal output; nothing here knows about either.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .config import Settings
from .config import load as load_settings
from .core.code_actions import CodeActions, FindingActions, FixAll
from .core.discovery import FileFinder, project_files, settings_finder
from .core.dockerfile import split_lines
from .core.file_kinds import CONTAINER_KINDS, file_kind, is_container_file
from .core.model import Edit, Finding, Position, Route, Span
from .core.source import content_digest
from .index import navigation as nav
from .index.project import ProjectIndex
from .index.route_list import RouteEntry, entries_signature, route_entries
from .index.url_completion import UrlCompletion, complete_url
from .report.route_card import generated_title, route_cards
from .rules.docs import code_at, rule_card
from .rules.engine import Engine
from .rules.fingerprint import committed_stamps, index_digest, ruleset_version
from .rules.noqa import (
    NoqaText,
    apply_edits,
    changed_region,
    fix_all,
    noqa_edit,
    noqa_edit_above,
    noqa_text,
)
from .rules.registry import info as rule_info

CHECKLIST_SOURCE = Finding.__dataclass_fields__["source"].default  # the engine's, not an agent's


@dataclass(frozen=True)
class Lens:
    span: Span
    title: str
    route: Route


@dataclass(frozen=True)
class CallLens:
    span: Span  # the URL string of the call
    routes: tuple[Route, ...]  # what it reaches (several when equally plausible)


MAX_CALL_LENSES = 500  # per file: a generated test module stays readable and cheap


class Workspace:
    def __init__(self, root: str, settings: Settings | None = None) -> None:
        self.root = os.path.abspath(root)
        if settings is None:
            settings, self.settings_problems = load_settings(self.root)
        else:
            self.settings_problems = []
        self.settings = settings
        self.index = ProjectIndex(
            self.root, max_bytes=settings.max_file_bytes, python=settings.python
        )
        self.engine = Engine(settings, self.root)
        self._cache: dict[str, tuple[tuple[str, int], list[Finding]]] = {}
        self._lock = threading.RLock()
        self.ready = threading.Event()
        self.urls = nav.UrlScanner()  # URL strings per file, by content digest
        self._matcher: tuple[int, nav.RouteMatcher] | None = None
        # agent findings per file: (handler text they were made for, its first line, findings);
        # they join the file's diagnostics while that text is unchanged
        self._agent: dict[str, list[tuple[str, int, list[Finding]]]] = {}
        self._project_key: tuple[tuple[int, int], str] | None = None  # for result_id
        # per open file, the index generations its own edits made: the others are what the
        # rest of the project did, the key of its incremental check
        self._own_bumps: dict[str, int] = {}
        self._routes_signature: tuple[int, int] | None = None

    def configure_from(self, client: Any, init_options: Any) -> list[str]:
        """Settings from pyproject, the client's configuration and its initialization options
        (in that order of precedence, last wins); returns the problems found (values ignored)."""
        settings, problems = load_settings(self.root, client, init_options)
        self.configure(settings)
        return problems

    def configure(self, settings: Settings) -> None:
        with self._lock:
            self.settings = settings
            self.engine = Engine(settings, self.root)
            self.index.max_bytes = settings.max_file_bytes
            self.index.use_interpreter(settings.python)
            self._cache.clear()

    def build(self, eager: bool = False) -> None:
        try:
            self.index.build(self.python_files(), eager=eager)
            # Models and schemas are derived on first use; derive them here, in the background
            # build, so the first route card does not pay for parsing every model file.
            self.index.models  # noqa: B018
        finally:
            self.ready.set()

    def python_files(self, paths: list[str] | None = None) -> list[str]:
        """The Python files under ``paths`` (default: the root), each once however the paths
        overlap (``check app app/api``), in the order first found; ``exclude``,
        ``extend-exclude`` and ``.gitignore`` prune the walk, and ``force-exclude`` applies
        the patterns to the paths given too."""
        found = self._finder(paths is not None).files(paths or [self.root])
        # a Dockerfile or Compose file named explicitly is container_files' (checked once)
        return [f for f in found if not is_container_file(os.path.basename(f))]

    def project_files(self, paths: list[str] | None = None) -> tuple[list[str], list[str]]:
        """``(python_files(paths), container_files(paths))`` from one walk of the tree."""
        return project_files(self._finder(paths is not None), paths or [self.root])

    def is_excluded(self, path: str) -> bool:
        """Whether the exclude patterns leave ``path`` out (an open file the editor shows is
        treated as ruff's server treats it: as if named with ``force-exclude``)."""
        return self._finder(True).excluded(path)

    def _finder(self, explicit: bool) -> FileFinder:
        return settings_finder(self.root, self.settings, explicit)

    @staticmethod
    def checks(path: str) -> bool:
        """Whether ``path`` is a file the rules check: Python, a Dockerfile, a Compose file."""
        return file_kind(path) is not None

    def container_files(self, paths: list[str] | None = None) -> list[str]:
        """The Dockerfiles and Compose files under ``paths`` (default: the root), as
        ``python_files`` finds Python files (the same excludes)."""
        finder = self._finder(paths is not None)
        return list(finder.files(paths or [self.root], wanted=is_container_file))

    # --- the index, as the editor changes files ------------------------------------------

    def index_files(self, progress: Callable[[int, int], None] | None = None) -> None:
        """The start-up index (cold: files that can hold routes or models parsed first)."""
        self.index.build(self.python_files(), False, progress)

    def sync(self, path: str, text: str) -> None:
        """The editor's text of an open file: re-indexed when it differs from what we have."""
        path = os.path.abspath(path)
        if self.index.overlays.get(path) != text:
            before = self.index.generation
            self.index.update(path, text, overlay=True)
            self._own_bumps[path] = self._own_bumps.get(path, 0) + self.index.generation - before

    def close(self, path: str) -> None:
        self._own_bumps.pop(os.path.abspath(path), None)
        self.index.close_overlay(path)

    def file_changed(self, path: str, deleted: bool = False) -> None:
        """A file changed on disk; ignored while it is open (the editor's text is the truth)."""
        if os.path.abspath(path) in self.index.overlays:
            return
        if deleted:
            self.index.remove(path)
        else:
            self.index.update(path)

    def data_files_changed(self, paths: Sequence[str]) -> None:
        """Files that are not modules changed on disk: when a linker read one of them (the
        OpenAPI documents connexion serves, re-read when their size or mtime moves), one
        relink for them all."""
        if any(self.index.reads_data_file(p) for p in paths):
            self.index.relink()

    def text(self, path: str) -> str | None:
        """The editor's text when open, else the file's."""
        return self.index.text(path)

    def route_signature(self) -> tuple[tuple[str, str], ...]:
        """Which routes exist where: when it changes, other files' findings and lenses may."""
        return tuple((r.file, r.label) for r in self.index.routes)

    # --- diagnostics -------------------------------------------------------------------

    def diagnose(self, path: str, text: str | None = None) -> list[Finding]:
        """Findings for one file (the editor's text when given), cached by content and index."""
        path = os.path.abspath(path)
        kind = file_kind(path)
        if kind in CONTAINER_KINDS:
            return self._diagnose_container(path, text, str(kind))
        if text is None:
            source = self.index._read(path)
            if source.text is None:
                return self.engine.read_problem(path, source.problem or "file not read")
            text = source.text
        if len(text) > self.settings.max_file_bytes:
            return self.engine.read_problem(
                path,
                f"file is {len(text):,} characters, over the max-file-bytes limit; not checked",
            )
        parsed = self.index.parse_cache.parse(path, text)
        key = (parsed.digest, self.index.generation)
        with self._lock:
            hit = self._cache.get(path)
            if hit is not None and hit[0] == key:
                return hit[1] + self.agent_findings(path, text)
        # an open file is checked incrementally: what changed since the last check of it
        memo_key = None
        if path in self.index.overlays:
            memo_key = self.index.generation - self._own_bumps.get(path, 0)
        findings = self.engine.check_parsed(parsed, self.index, memo_key)
        with self._lock:
            self._cache[path] = (key, findings)
        return findings + self.agent_findings(path, text)

    def _diagnose_container(self, path: str, text: str | None, kind: str) -> list[Finding]:
        """A Dockerfile's or Compose file's findings (its rules read the index for the
        cross-project checks), cached by content and index generation."""
        if text is None:
            source = self.index._read(path)
            if source.text is None:
                return self.engine.read_problem(path, source.problem or "file not read")
            text = source.text
        if len(text) > self.settings.max_file_bytes:
            return self.engine.read_problem(path, "file over the max-file-bytes limit; not checked")
        key = (content_digest(text), self.index.generation)
        with self._lock:
            hit = self._cache.get(path)
            if hit is not None and hit[0] == key:
                return hit[1]
        findings = self.engine.check_text(path, text, kind, self.index)
        with self._lock:
            self._cache[path] = (key, findings)
        return findings

    def set_agent_findings(
        self, path: str, handler_text: str, line: int, findings: list[Finding]
    ) -> None:
        """Keep an agent's findings for one handler (replacing that handler's earlier ones)."""
        path = os.path.abspath(path)
        with self._lock:
            kept = [e for e in self._agent.get(path, []) if e[0] != handler_text and e[1] != line]
            self._agent[path] = [*kept, (handler_text, line, list(findings))]

    def agent_findings(self, path: str, text: str) -> list[Finding]:
        """The stored agent findings still valid for ``text``, moved with their handler; a
        handler whose text changed loses its findings."""
        path = os.path.abspath(path)
        with self._lock:
            entries = self._agent.get(path)
            if not entries:
                return []
            out: list[Finding] = []
            alive = []
            for handler_text, line, findings in entries:
                at = text.find(handler_text)
                if at < 0:
                    continue
                alive.append((handler_text, line, findings))
                delta = text.count("\n", 0, at) - line
                out += [_shifted(f, delta) for f in findings] if delta else findings
            self._agent[path] = alive
            return out

    def result_id(self, path: str, text: str) -> str:
        """Changes whenever the file's findings may: its text, the rule set, or what the index
        says of the rest of the project (pull clients answer "unchanged" on a match)."""
        gen = self.index.generation
        if self._project_key is None or self._project_key[0] != (gen, id(self.settings)):
            files = sorted(self.index.files)
            key = ruleset_version(self.settings) + index_digest(
                self.index, files, self.root, self.settings.docs_openapi
            )
            self._project_key = ((gen, id(self.settings)), key)
        with self._lock:  # the agent's findings are part of the file's answer too
            agent = repr(self._agent.get(os.path.abspath(path), []))
        # the committed contract (BA310) is no Python file: a stat or two, read every time
        contract = committed_stamps(self.root, self.settings.docs_openapi)
        blob = f"{content_digest(text)}:{self._project_key[1]}:{agent}:{contract}"
        return hashlib.sha256(blob.encode()).hexdigest()[:20]

    @staticmethod
    def rule_url(code: str) -> str | None:
        meta = rule_info(code)
        return meta.url if meta else None

    @staticmethod
    def rule_card(code: str) -> str | None:
        """A rule's documentation in Markdown ("explain rule"); None for an unknown code."""
        meta = rule_info(code)
        return rule_card(meta) if meta else None

    def code_actions(self, path: str, text: str, span: Span) -> CodeActions:
        """The findings touching ``span`` with what can be done about each, and the fix-all."""
        findings = self.diagnose(path, text)
        known = noqa_text(text)  # read once for every finding's noqa, not once each
        touching = [
            FindingActions(f, self._noqa(f, text, known))
            for f in findings
            if not (f.span.end < span.start or span.end < f.span.start)
        ]
        return CodeActions(touching, self._fix_all(path, text, findings))

    @staticmethod
    def _noqa(finding: Finding, text: str, known: NoqaText | None = None) -> Edit | None:
        # only the checklist's own findings: the engine applies noqa to them, not to agent findings
        if finding.source != CHECKLIST_SOURCE or rule_info(finding.code) is None:
            return None
        kind = file_kind(finding.path)
        if kind in CONTAINER_KINDS:
            from .rules.container_engine import noqa_anchor

            return noqa_edit_above(finding, text, noqa_anchor(str(kind), text, finding))
        return noqa_edit(finding, known or text)

    @staticmethod
    def _fix_all(path: str, text: str, findings: list[Finding]) -> FixAll | None:
        fixable = [f for f in findings if f.fix is not None and f.source == CHECKLIST_SOURCE]
        if not fixable:
            return None
        fixed, count = fix_all(text, fixable)
        region = changed_region(text, fixed)
        if region is None:
            return None
        return FixAll(Edit(path, region[0], region[1]), count)

    def fixed_text(self, path: str, text: str, rounds: int = 5) -> tuple[str, int]:
        """``text`` with the editor's fix-all applied (``source.fixAll``: the rules' own
        ``Fix``es, never two overlapping), then again on the result while fixes remain; each
        round indexes the new text first, so no edit is computed on a stale index. The index
        is back on the file's own text afterwards. Returns the text and the fixes applied."""
        current, total = text, 0
        try:
            for _ in range(rounds):
                if current != text:
                    self.sync(path, current)
                done = self._fix_all(path, current, self.diagnose(path, current))
                if done is None:
                    break
                current = apply_edits(current, [done.edit])
                total += done.count
        finally:
            if current != text:
                self.close(path)
        return current, total

    def check(self, paths: list[str] | None = None) -> list[Finding]:
        files, containers = self.project_files(paths)
        if not self.ready.is_set():
            self.index.build(files if paths is None else self.python_files(), eager=False)
            self.ready.set()
        findings: list[Finding] = []
        for f in [*files, *containers]:
            findings.extend(self.diagnose(f))
        return findings

    # --- routes --------------------------------------------------------------------------

    def hover(self, path: str, pos: Position, text: str | None = None) -> str | None:
        """Whichever cards apply under ``pos``: route cards (on a handler or a URL string)
        first, as they are what a reader of the handler came for, then a rule's docs (on a
        rule code in a ``noqa`` comment or on a finding, e.g. BA309 on the handler's name)."""
        routes = None if file_kind(path) in CONTAINER_KINDS else self._route_hover(path, pos, text)
        cards = (routes, self.rule_docs_at(path, pos, text))
        return "\n---\n\n".join(c for c in cards if c) or None

    def rule_docs_at(self, path: str, pos: Position, text: str | None = None) -> str | None:
        if file_kind(path) in CONTAINER_KINDS:
            text = text if text is not None else self.text_of_file(path)
            if text is None:
                return None
            lines = split_lines(text)
        else:
            parsed = self.index.parsed(os.path.abspath(path), text)
            if parsed is None:
                return None
            text, lines = parsed.text, parsed.lines
        code = code_at(lines, pos)
        in_noqa = [code] if code else []
        on_finding = [f.code for f in self.diagnose(path, text) if f.span.contains(pos)]
        infos = [i for c in dict.fromkeys(in_noqa or on_finding) if (i := rule_info(c))]
        return "\n---\n\n".join(rule_card(i) for i in infos) or None

    def text_of_file(self, path: str) -> str | None:
        """A file's text from disk (the index reads only Python files)."""
        return self.index._read(os.path.abspath(path)).text

    def _route_hover(self, path: str, pos: Position, text: str | None = None) -> str | None:
        routes = self.index.routes_at(os.path.abspath(path), pos)
        if routes:
            return route_cards(routes, self.index, self.diagnose(path, text))
        called = self.url_routes_at(path, pos, text)  # a URL string: the routes it calls
        if not called:
            return None
        return "\n---\n\n".join(route_cards([r], self.index, self.diagnose(r.file)) for r in called)

    def call_lenses(self, path: str, text: str | None = None) -> list[CallLens]:
        """Above each client call of a route (``client.get("/api/v1/items/1")``): the routes
        it reaches, as definition resolves them (``url_routes_at``)."""
        path = os.path.abspath(path)
        parsed = self.index.parsed(path, text)
        if parsed is None or parsed.tree is None:
            return []
        out = []
        for site in self.urls.sites(path, parsed.text, parsed.tree):
            if site.method is None or self._declares(path, site.span):
                continue  # a string sent by no call that says how is no client call
            routes = self.matcher().best(site)
            if routes:
                out.append(CallLens(site.span, tuple(routes)))
            if len(out) >= MAX_CALL_LENSES:
                break
        return out

    def lenses(self, path: str) -> list[Lens]:
        out = []
        generated: dict[Span, list[Route]] = {}  # a framework's own routes: one lens a place
        for r in self.index.routes_in(os.path.abspath(path)):
            if r.generated:
                generated.setdefault(r.span, []).append(r)
                continue
            title = r.label if r.reachable else f"{r.label} (not included in an app)"
            out.append(Lens(r.span, title, r))
        out += [Lens(span, generated_title(rs), rs[0]) for span, rs in generated.items()]
        return sorted(out, key=lambda lens: lens.span.start)

    def route_list(self, path: str | None = None, findings: bool = True) -> list[RouteEntry]:
        """Every route and operation (only those whose handler is in ``path`` when given),
        grouped, with the findings reported in each handler (``backendArchitect/routes``)."""
        routes = self.index.routes if path is None else self.index.routes_in(os.path.abspath(path))
        by_file: dict[str, list[Finding]] = {}

        def findings_in(route: Route) -> int:
            if route.file not in by_file:
                by_file[route.file] = self.diagnose(route.file, self.text(route.file))
            where = route.body_span or route.span
            return sum(1 for f in by_file[route.file] if where.contains_span(f.span))

        return route_entries(routes, findings_in if findings else lambda r: 0)

    def complete(self, lines: Sequence[str], pos: Position) -> list[UrlCompletion]:
        """Route paths in a client call, route names in ``url_for``/``reverse``, at ``pos``
        of a document of ``lines``."""
        return complete_url(lines, pos, self.index.routes)

    def route_list_signature(self) -> tuple[int, int]:
        """(index generation, what the route list shows): for ``routesChanged``."""
        gen = self.index.generation
        if self._routes_signature is None or self._routes_signature[0] != gen:
            self._routes_signature = (gen, entries_signature(self.route_list(findings=False)))
        return self._routes_signature

    # --- navigation (the logic lives in index/navigation.py) ---------------------------------

    def matcher(self) -> nav.RouteMatcher:
        gen = self.index.generation
        if self._matcher is None or self._matcher[0] != gen:
            self._matcher = (gen, nav.RouteMatcher(self.index.published_routes()))
        return self._matcher[1]

    def url_routes_at(self, path: str, pos: Position, text: str | None = None) -> list[Route]:
        """The routes the URL string under ``pos`` calls (what definition jumps to)."""
        path = os.path.abspath(path)
        parsed = self.index.parsed(path, text)
        if parsed is None or parsed.tree is None:
            return []
        site = nav.site_at(self.urls.sites(path, parsed.text, parsed.tree), pos)
        if site is None or self._declares(path, site.span):
            return []
        return self.matcher().best(site)

    def references(self, path: str, pos: Position) -> list[nav.Reference]:
        """The URL strings in the workspace that call the routes of the handler under ``pos``."""
        targets = self.index.routes_at(os.path.abspath(path), pos)
        if not targets:
            return []
        files = self.python_files()
        return nav.find_references(
            targets, self.matcher(), files, self.index.text, self.urls, self._declares
        )

    def _declares(self, path: str, span: Span) -> bool:
        """Whether ``span`` lies in a route declaration (its path is no call of the route)."""
        return any(
            r.decorator_span is not None and r.decorator_span.contains_span(span)
            for r in self.index.routes_in(path)
        )

    def symbols(self, query: str) -> list[Route]:
        return nav.search_routes(self.index.routes, query)

    @staticmethod
    def declaration_span(route: Route) -> Span:
        return nav.route_range(route)

    def outline(self, path: str) -> list[nav.HandlerRoutes]:
        # the project's handlers: a framework's own routes have none here
        return nav.outline(r for r in self.index.routes_in(path) if not r.generated)

    def route_hints(self, path: str, first: int, last: int) -> list[nav.RouteHint]:
        routes = (r for r in self.index.routes_in(path) if not r.generated)
        return nav.route_hints(routes, first, last)

    # --- Generate migration --------------------------------------------------------------

    def migration_plan(self, message: str | None = None, path: str | None = None) -> Any:
        """The revision that takes the migrations' head to the models (not written): an
        ``actions.generate_migration.generate.MigrationPlan``."""
        from .actions.generate_migration.generate import plan_migration
        from .index.migrations.state import declared_tables

        with self._lock:
            models = list(self.index.models)
            texts = dict(self.index.overlays)
            model_texts = [t for f in sorted(self.index.model_files) if (t := self.text(f))]
        return plan_migration(self.root, models, message, path, texts, declared_tables(model_texts))


def _shifted(finding: Finding, delta: int) -> Finding:
    def move(span: Span) -> Span:
        return Span(
            Position(span.start.line + delta, span.start.column),
            Position(span.end.line + delta, span.end.column),
        )

    fix = finding.fix
    if fix is not None:
        fix = replace(fix, edits=tuple(replace(e, span=move(e.span)) for e in fix.edits))
    return replace(finding, span=move(finding.span), fix=fix)

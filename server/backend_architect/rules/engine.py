"""Run every enabled rule over a file in one walk of its tree; apply noqa and settings."""

from __future__ import annotations

import ast
import logging
from collections import defaultdict
from collections.abc import Callable

from ..config import Settings
from ..core.model import Finding, Span
from ..core.parsing import ParsedFile
from ..core.source import cookie_problem
from ..index.project import ProjectIndex
from .file_context import FileContext
from .incremental import Unit, UnitMemo, blanked_digest, in_units, scope_of, units_of
from .nodes import child_fields, field_table, remember
from .noqa import noqa_codes
from .registry import TOOL_RULES, Rule, rule_classes

log = logging.getLogger(__name__)
MEMO_FILES = 32  # files whose units' findings are kept (the editor's open ones)


def suppressed(finding: Finding, lines: list[str]) -> bool:
    for line_no in {finding.span.start.line, finding.span.end.line}:
        if 0 <= line_no < len(lines):
            codes = noqa_codes(lines[line_no])
            if codes is not None and (not codes or finding.code in codes):
                return True
    return False


class _CallRules:
    """The rules with call prefilters (``Rule.call_qualified``, ``call_names``,
    ``call_keywords``), by the names they accept: a few dictionary look-ups per call instead
    of a visit per rule. Shared by every file of a run; what is per file (the resolver of
    imported names) is passed in."""

    def __init__(self) -> None:
        self.by_qualified: dict[str, list[Rule]] = {}
        self.by_name: dict[str, list[Rule]] = {}
        self.by_keyword: dict[str, list[Rule]] = {}
        # every dotted prefix of a qualified name asked for ("requests", "requests.get"): an
        # import whose target is none of these cannot lead to one, so its calls are not resolved
        self.prefixes: set[str] = set()

    def add(self, rule: Rule) -> bool:
        filters = (
            (rule.call_qualified, self.by_qualified),
            (rule.call_names, self.by_name),
            (rule.call_keywords, self.by_keyword),
        )
        if all(names is None for names, _ in filters):
            return False
        for names, table in filters:
            for name in names or ():
                table.setdefault(name, []).append(rule)
        for name in rule.call_qualified or ():
            parts = name.split(".")
            self.prefixes.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        return True

    def __bool__(self) -> bool:
        return bool(self.by_qualified or self.by_name or self.by_keyword)

    def resolver(self, ctx: FileContext) -> Callable[[ast.expr], str | None]:
        """The file's ``qualified`` for callees, answering None without resolving when the
        callee's first name is not an import that can lead to a qualified name asked for."""
        data = ctx.scopes
        heads = {local for local, target in data.imports.items() if target in self.prefixes}
        qualified = data.qualified

        def resolve(func: ast.expr) -> str | None:
            root = func
            while type(root) is ast.Attribute:
                root = root.value
            if type(root) is not ast.Name or root.id not in heads:
                return None
            return qualified(func)

        return resolve

    def wanting(
        self,
        call: ast.Call,
        ctx: FileContext,
        resolve: Callable[[ast.expr], str | None] | None,
    ) -> tuple[list[Rule], Callable[[ast.expr], str | None] | None]:
        """The rules that want ``call``, and the file's resolver (made on first need)."""
        out: list[Rule] = []
        func = call.func
        if self.by_name:
            last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if last is not None:
                out += self.by_name.get(last, ())
        if self.by_keyword:
            for k in call.keywords:
                if k.arg is not None:
                    out += self.by_keyword.get(k.arg, ())
        if self.by_qualified:
            if resolve is None:
                resolve = self.resolver(ctx)
            qualified = resolve(func)
            if qualified is not None:
                out += self.by_qualified.get(qualified, ())
        # a rule passed by two filters (or two keywords) visits the call once
        return (list(dict.fromkeys(out)) if len(out) > 1 else out), resolve


class _Dispatch:
    """Which rules see which nodes, for one set of enabled rules: built once per set (every
    file of a run has the same set unless per-file ignores differ) and never changed after."""

    def __init__(self, rules: list[Rule], gated: frozenset[tuple[int, type]] = frozenset()) -> None:
        self.by_type: dict[type, list[Rule]] = defaultdict(list)
        self.calls = _CallRules()
        for rule in rules:
            for t in rule.node_types:
                if (id(rule), t) in gated:  # the file lacks the text this type's visits need
                    continue
                if t is ast.Call and self.calls.add(rule):
                    continue
                self.by_type[t].append(rule)
        if self.calls:
            self.by_type.setdefault(ast.Call, [])  # so the walk runs for the filtered rules alone
        self.by_type = dict(self.by_type)
        self.file_rules = [r for r in rules if type(r).check_file is not Rule.check_file]
        self.with_context = any(issubclass(t, ast.expr_context) for t in self.by_type)


class Engine:
    def __init__(self, settings: Settings | None = None, root: str | None = None) -> None:
        self.settings = settings or Settings()
        self.root = root
        every = [cls() for cls in rule_classes().values()]
        self.rules: list[Rule] = [r for r in every if r.file_kind == "python"]
        # the Dockerfile and Compose rules, by file kind (``container_engine.py`` runs them)
        self.kind_rules: dict[str, list[Rule]] = {}
        for r in every:
            if r.file_kind != "python":
                self.kind_rules.setdefault(r.file_kind, []).append(r)
        self._dispatch: dict[tuple[tuple[int, ...], frozenset[tuple[int, type]]], _Dispatch] = {}
        self._all_enabled: list[Rule] | None = None
        self._memos: dict[str, UnitMemo] = {}  # per open file: its units' findings (incremental)

    def _enabled_rules(self, path: str) -> list[Rule]:
        if not self.settings.per_file_ignores:  # the same set for every file
            if self._all_enabled is None:
                self._all_enabled = [r for r in self.rules if self.settings.is_enabled(r.info.code)]
            return self._all_enabled
        return [r for r in self.rules if self.settings.is_enabled(r.info.code, path, self.root)]

    def _dispatch_for(self, rules: list[Rule], text: str | None = None) -> _Dispatch:
        """The dispatch for ``rules`` on a file of ``text``: rules and node types whose text
        markers the file lacks left out (one dispatch per distinct outcome, cached)."""
        gated: frozenset[tuple[int, type]] = frozenset()
        if text is not None:
            rules = [
                r for r in rules if r.text_markers is None or any(m in text for m in r.text_markers)
            ]
            gated = frozenset(
                (id(r), t)
                for r in rules
                for t, markers in r.type_markers.items()
                if not any(m in text for m in markers)
            )
        key = (tuple(id(r) for r in rules), gated)
        hit = self._dispatch.get(key)
        if hit is None:
            hit = self._dispatch[key] = _Dispatch(rules, gated)
        return hit

    def check_parsed(
        self, parsed: ParsedFile, index: ProjectIndex | None = None, memo_key: object = None
    ) -> list[Finding]:
        """The file's findings. With ``memo_key`` (what the rest of the project is: the
        editor's open files), the findings of unchanged top-level definitions are kept from
        the last check of this file under the same key (``incremental.py``)."""
        findings: list[Finding] = []
        cookie = cookie_problem(parsed.text)  # the file runs nowhere: as a syntax error
        if cookie is not None:
            line, message = cookie
            width = len(parsed.lines[line]) if line < len(parsed.lines) else 0
            span = Span.of(line, 0, line, width)
            findings.append(
                Finding("BA001", message, parsed.path, span, TOOL_RULES["BA001"].severity)
            )
        for problem in parsed.problems:
            line_text = parsed.lines[problem.line] if problem.line < len(parsed.lines) else ""
            findings.append(
                Finding(
                    "BA001",
                    problem.message,
                    parsed.path,
                    Span.of(
                        problem.line,
                        min(problem.column, len(line_text)),
                        problem.line,
                        len(line_text),
                    ),
                    TOOL_RULES["BA001"].severity,
                )
            )
        if parsed.tree is not None:
            ctx = FileContext(
                parsed.path, parsed.text, parsed.tree, index, parsed.lines, settings=self.settings
            )
            rules = self._rules_for(ctx)
            if memo_key is not None and not parsed.problems:
                findings.extend(self._incremental(ctx, parsed, rules, memo_key))
            else:
                self._walk(ctx, self._dispatch_for(rules, parsed.text))
                findings.extend(ctx.findings)
        return self._finish(findings, parsed.lines, parsed.path)

    def _rules_for(self, ctx: FileContext) -> list[Rule]:
        rules = self._enabled_rules(ctx.path)
        if ctx.is_test_file:
            wanted = ("always", "if-asked") if self.settings.check_tests else ("always",)
            rules = [r for r in rules if r.info.test_files in wanted]
        if ctx.is_migration_file:
            rules = [r for r in rules if r.info.migration_files]
        return rules

    def _incremental(
        self, ctx: FileContext, parsed: ParsedFile, rules: list[Rule], memo_key: object
    ) -> list[Finding]:
        """The findings of ``check_parsed``, the rules of each unchanged unit not run again
        (see ``incremental.py``: what a unit's findings are kept under, which rules run on
        the whole file anyway)."""
        units, head = units_of(parsed)
        key = (memo_key, blanked_digest(parsed))
        memo = self._memos.pop(parsed.path, None)
        if memo is None or memo.key != key:
            memo = UnitMemo(key)
        self._memos[parsed.path] = memo  # the most recent last
        while len(self._memos) > MEMO_FILES:
            self._memos.pop(next(iter(self._memos)))
        everyone = [*units, head]
        missing = [u for u in everyone if u.key not in memo.by_unit]
        whole = [r for r in rules if scope_of(r) == "file"]
        per_unit = [r for r in rules if scope_of(r) != "file"]
        if len(missing) == len(everyone):
            # nothing kept (a code edit): one walk of every rule, as the full check does, its
            # per-unit rules' findings told apart by their codes
            self._walk(ctx, self._dispatch_for(rules, parsed.text))
            codes = {r.info.code for r in per_unit}
            out = [f for f in ctx.findings if f.code not in codes]
            fresh_found = [f for f in ctx.findings if f.code in codes]
        else:
            self._walk(ctx, self._dispatch_for(whole, parsed.text))
            out = list(ctx.findings)
            ctx.findings = []
            if missing:
                self._walk_units(ctx, self._dispatch_for(per_unit, parsed.text), missing, parsed)
            fresh_found = ctx.findings
        if missing:
            if any(f.code in ("BA001", "BA003") for f in fresh_found + out):
                memo.by_unit.clear()  # a rule failed: keep nothing that may lack its findings
                if len(missing) == len(everyone):
                    return out + fresh_found
                ctx.findings = []  # and answer as the full check does, kept units included
                self._walk(ctx, self._dispatch_for(rules, parsed.text))
                return list(ctx.findings)
            memo.by_unit.update(in_units(fresh_found, units, head, {u.key for u in missing}))
        current = {u.key for u in everyone}
        for stale in [k for k in memo.by_unit if k not in current]:
            del memo.by_unit[stale]
        for u in everyone:
            out.extend(memo.by_unit[u.key])
        return out

    def _walk_units(
        self, ctx: FileContext, dispatch: _Dispatch, units: list[Unit], parsed: ParsedFile
    ) -> None:
        """``_walk`` over some units only: their nodes visited, the handler rules shown the
        routes whose handlers are in them."""
        failed: set[Rule] = set()
        assert parsed.tree is not None
        for rule in dispatch.by_type.get(ast.Module, ()):  # the module node, not its children
            ctx.current_rule = rule.info
            try:
                rule.visit(parsed.tree, ctx)
            except Exception as exc:
                self._rule_failed(ctx, rule, exc, failed)
        if dispatch.by_type:
            try:
                for u in units:
                    for node in u.nodes:
                        ctx.stack[:] = [parsed.tree]  # as in a walk from the module
                        self._visit(node, ctx, dispatch, failed)
                ctx.stack.clear()
            except RecursionError:
                ctx.current_rule = None
                ctx.report(
                    Span.of(0, 0, 0, 0), "file nested too deeply to check fully", code="BA001"
                )
        ranges = [(u.first, u.last) for u in units if u.first >= 0]
        try:
            for rule in dispatch.file_rules:
                if rule in failed:
                    continue
                ctx.only_lines = ranges if scope_of(rule) == "handler" else None
                ctx.current_rule = rule.info
                try:
                    rule.check_file(ctx)
                except Exception as exc:
                    self._rule_failed(ctx, rule, exc, failed)
        finally:
            ctx.only_lines = None
            ctx.current_rule = None

    def check_text(
        self, path: str, text: str, kind: str, index: ProjectIndex | None = None
    ) -> list[Finding]:
        """Findings for a file of another kind than Python (a Dockerfile, a Compose file)."""
        from .container_engine import check_container

        rules = self.enabled_of_kind(kind, path)
        found, lines, is_suppressed = check_container(rules, self.settings, path, text, kind, index)
        return self._finish(found, lines, path, is_suppressed)

    def enabled_of_kind(self, kind: str, path: str) -> list[Rule]:
        return [
            r
            for r in self.kind_rules.get(kind, ())
            if self.settings.is_enabled(r.info.code, path, self.root)
        ]

    def _finish(
        self,
        findings: list[Finding],
        lines: list[str],
        path: str,
        is_suppressed: Callable[[Finding, list[str]], bool] = suppressed,
    ) -> list[Finding]:
        out = []
        enabled: dict[str, bool] = {}  # per code: a file's 600 findings have a dozen codes
        for f in findings:
            on = enabled.get(f.code)
            if on is None:
                on = enabled[f.code] = self.settings.is_enabled(f.code, path, self.root)
            if not on or is_suppressed(f, lines):
                continue
            default = f.severity
            severity = self.settings.severity_for(f.code, default)
            if severity != default:
                f = Finding(f.code, f.message, f.path, f.span, severity, f.fix, f.source)
            out.append(f)
        # a total order: the incremental check gathers findings in another order than a walk
        out.sort(key=lambda f: (f.span.start, f.code, f.span.end, f.message))
        return out

    def _walk(self, ctx: FileContext, dispatch: _Dispatch) -> None:
        failed: set[Rule] = set()  # rules that raised on this file: they see no more of it
        if dispatch.by_type:
            try:
                self._visit(ctx.tree, ctx, dispatch, failed)
            except RecursionError:
                ctx.current_rule = None
                ctx.report(
                    Span.of(0, 0, 0, 0), "file nested too deeply to check fully", code="BA001"
                )
        for rule in dispatch.file_rules:
            if rule in failed:
                continue
            ctx.current_rule = rule.info
            try:
                rule.check_file(ctx)
            except Exception as exc:
                self._rule_failed(ctx, rule, exc, failed)
        ctx.current_rule = None

    def _rule_failed(self, ctx: FileContext, rule: Rule, exc: Exception, failed: set[Rule]) -> None:
        """A bug in one rule costs that rule's findings for this file, never the others'."""
        log.exception("rule %s failed on %s", rule.info.code, ctx.path)
        failed.add(rule)
        ctx.current_rule = None
        ctx.report(
            Span.of(0, 0, 0, 0),
            f"rule {rule.info.code} failed on this file ({type(exc).__name__}: {exc}); "
            "the other rules ran. Please report this.",
            code="BA003",
        )

    def _visit(
        self, node: ast.AST, ctx: FileContext, dispatch: _Dispatch, failed: set[Rule]
    ) -> None:
        """Hand every node under ``node`` to the rules that asked for its type, keeping
        ``ctx.stack`` (the ancestors). The hot loop of a check: children are read through a
        per-class table of fields that can hold nodes, and the ``ctx`` markers (``Load``,
        ``Store``) are skipped unless a rule asked for them."""
        stack = ctx.stack
        wanted = dispatch.by_type.get
        calls = dispatch.calls if dispatch.calls else None
        with_context = dispatch.with_context
        fields = field_table(with_context)
        # every node by type, as ``nodes.of_type`` would gather it in a walk of its own
        walked: dict[type, list[ast.AST]] = {}
        seen = walked.get
        resolve: Callable[[ast.expr], str | None] | None = None  # callee names, per file

        def visit(node: ast.AST) -> None:
            nonlocal resolve
            cls = type(node)
            group = seen(cls)
            if group is None:
                walked[cls] = [node]
            else:
                group.append(node)
            rules = wanted(cls)
            if calls is not None and cls is ast.Call:
                filtered, resolve = calls.wanting(node, ctx, resolve)  # type: ignore[arg-type]
                if filtered:
                    rules = [*rules, *filtered] if rules else filtered
            if rules:
                for rule in rules:
                    if failed and rule in failed:
                        continue
                    ctx.current_rule = rule.info
                    try:
                        rule.visit(node, ctx)
                    except RecursionError:
                        raise
                    except Exception as exc:
                        self._rule_failed(ctx, rule, exc, failed)
            names = fields.get(cls)
            if names is None:
                names = child_fields(cls, with_context)
            if not names:
                return
            stack.append(node)
            for name in names:
                value = getattr(node, name, None)
                if isinstance(value, ast.AST):
                    visit(value)
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, ast.AST):
                            visit(item)
            stack.pop()

        visit(node)
        remember(node, walked)

    def read_problem(self, path: str, message: str) -> list[Finding]:
        f = Finding("BA002", message, path, Span.of(0, 0, 0, 0), TOOL_RULES["BA002"].severity)
        return [f] if self.settings.is_enabled("BA002", path, self.root) else []

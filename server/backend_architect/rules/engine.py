"""Run every enabled rule over a file in one walk of its tree; apply noqa and settings."""

from __future__ import annotations

import ast
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..core.model import Finding, Span
from ..core.parsing import ParsedFile
from ..index.project import ProjectIndex
from .context import FileContext
from .nodes import SCALAR_FIELDS, remember
from .registry import TOOL_RULES, Rule, rule_classes

log = logging.getLogger(__name__)

NOQA_RE = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?", re.IGNORECASE
)


def noqa_codes(line: str) -> set[str] | None:
    """None: no noqa; empty set: bare ``# noqa`` (everything); else the codes named."""
    m = NOQA_RE.search(line)
    if m is None:
        return None
    codes = m.group("codes")
    return set() if not codes else {c.upper() for c in re.split(r"[\s,]+", codes) if c}


def suppressed(finding: Finding, lines: list[str]) -> bool:
    for line_no in {finding.span.start.line, finding.span.end.line}:
        if 0 <= line_no < len(lines):
            codes = noqa_codes(lines[line_no])
            if codes is not None and (not codes or finding.code in codes):
                return True
    return False


# per node class, the fields that can hold child nodes (two tables: with and without the
# expression-context markers); filled lazily, shared by every check
_CHILD_FIELDS: tuple[dict[type, tuple[str, ...]], dict[type, tuple[str, ...]]] = ({}, {})


def _child_fields(with_context: bool) -> dict[type, tuple[str, ...]]:
    return _CHILD_FIELDS[1 if with_context else 0]


def _node_fields(cls: type, table: dict[type, tuple[str, ...]]) -> tuple[str, ...]:
    skip_ctx = table is _CHILD_FIELDS[0]
    return tuple(
        f
        for f in getattr(cls, "_fields", ())
        if not (skip_ctx and f == "ctx") and f not in SCALAR_FIELDS
    )


class _CallRules:
    """The rules with call prefilters (``Rule.call_qualified``, ``call_names``,
    ``call_keywords``), by the names they accept: a few dictionary look-ups per call instead
    of a visit per rule."""

    def __init__(self) -> None:
        self.by_qualified: dict[str, list[Rule]] = {}
        self.by_name: dict[str, list[Rule]] = {}
        self.by_keyword: dict[str, list[Rule]] = {}
        self._qualified: Callable[[ast.expr], str | None] | None = None  # the file's resolver

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
        return True

    def tables(self) -> tuple[dict[str, list[Rule]], ...]:
        return (self.by_qualified, self.by_name, self.by_keyword)

    def __bool__(self) -> bool:
        return bool(self.by_qualified or self.by_name or self.by_keyword)

    def wanting(self, call: ast.Call, ctx: FileContext) -> list[Rule]:
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
            resolve = self._qualified
            if resolve is None:  # one instance per check of a file: resolve in its data
                from .security_common import file_data  # the rules' shared per-file data

                resolve = self._qualified = file_data(ctx).qualified
            qualified = resolve(func)
            if qualified is not None:
                out += self.by_qualified.get(qualified, ())
        # a rule passed by two filters (or two keywords) visits the call once
        return list(dict.fromkeys(out)) if len(out) > 1 else out


class Engine:
    def __init__(self, settings: Settings | None = None, root: str | None = None) -> None:
        self.settings = settings or Settings()
        self.root = root
        self.rules: list[Rule] = [cls() for cls in rule_classes().values()]

    def _enabled_rules(self, path: str) -> list[Rule]:
        return [r for r in self.rules if self.settings.is_enabled(r.info.code, path, self.root)]

    def check_parsed(self, parsed: ParsedFile, index: ProjectIndex | None = None) -> list[Finding]:
        findings: list[Finding] = []
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
            ctx = FileContext(parsed.path, parsed.text, parsed.tree, index, settings=self.settings)
            self._walk(ctx, self._enabled_rules(parsed.path))
            findings.extend(ctx.findings)
        return self._finish(findings, parsed.lines, parsed.path)

    def _finish(self, findings: list[Finding], lines: list[str], path: str) -> list[Finding]:
        out = []
        for f in findings:
            if not self.settings.is_enabled(f.code, path, self.root) or suppressed(f, lines):
                continue
            default = f.severity
            severity = self.settings.severity_for(f.code, default)
            if severity != default:
                f = Finding(f.code, f.message, f.path, f.span, severity, f.fix, f.source)
            out.append(f)
        out.sort(key=lambda f: (f.span.start, f.code))
        return out

    def _walk(self, ctx: FileContext, rules: list[Rule]) -> None:
        by_type: dict[type, list[Rule]] = defaultdict(list)
        calls = _CallRules()
        for rule in rules:
            for t in rule.node_types:
                if t is ast.Call and calls.add(rule):
                    continue
                by_type[t].append(rule)
        if calls:
            by_type.setdefault(ast.Call, [])  # so the walk runs for the filtered rules alone too
        file_rules = [r for r in rules if type(r).check_file is not Rule.check_file]
        if by_type:
            try:
                self._visit(ctx.tree, ctx, by_type, calls)
            except RecursionError:
                ctx.current_rule = None
                ctx.report(
                    Span.of(0, 0, 0, 0), "file nested too deeply to check fully", code="BA001"
                )
        for rule in file_rules:
            ctx.current_rule = rule
            try:
                rule.check_file(ctx)
            except Exception as exc:
                self._rule_failed(ctx, rule, exc, by_type, calls)
        ctx.current_rule = None

    def _rule_failed(
        self,
        ctx: FileContext,
        rule: Rule,
        exc: Exception,
        by_type: dict[type, list[Rule]],
        calls: _CallRules,
    ) -> None:
        """A bug in one rule costs that rule's findings for this file, never the others'."""
        log.exception("rule %s failed on %s", rule.info.code, ctx.path)
        tables: list[dict[Any, list[Rule]]] = [by_type, *calls.tables()]
        for table in tables:
            for rules in table.values():
                if rule in rules:
                    rules.remove(rule)
        ctx.current_rule = None
        ctx.report(
            Span.of(0, 0, 0, 0),
            f"rule {rule.info.code} failed on this file ({type(exc).__name__}: {exc}); "
            "the other rules ran. Please report this.",
            code="BA003",
        )

    def _visit(
        self, node: ast.AST, ctx: FileContext, by_type: dict[type, list[Rule]], calls: _CallRules
    ) -> None:
        """Hand every node under ``node`` to the rules that asked for its type, keeping
        ``ctx.stack`` (the ancestors). The hot loop of a check: children are read through a
        per-class table of fields that can hold nodes, and the ``ctx`` markers (``Load``,
        ``Store``) are skipped unless a rule asked for them."""
        stack = ctx.stack
        wanted = by_type.get
        fields = _child_fields(any(issubclass(t, ast.expr_context) for t in by_type))
        # every node by type, as ``nodes.of_type`` would gather it in a walk of its own
        walked: dict[type, list[ast.AST]] = {}
        seen = walked.get

        def visit(node: ast.AST) -> None:
            cls = type(node)
            group = seen(cls)
            if group is None:
                walked[cls] = [node]
            else:
                group.append(node)
            rules = wanted(cls)
            if cls is ast.Call and calls:
                rules = [*(rules or ()), *calls.wanting(node, ctx)]  # type: ignore[arg-type]
            if rules:
                for rule in list(rules):
                    ctx.current_rule = rule
                    try:
                        rule.visit(node, ctx)
                    except RecursionError:
                        raise
                    except Exception as exc:
                        self._rule_failed(ctx, rule, exc, by_type, calls)
            names = fields.get(cls)
            if names is None:
                names = fields.setdefault(cls, _node_fields(cls, fields))
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

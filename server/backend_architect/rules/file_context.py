"""What a rule sees of one file while the engine walks it, and how it reports."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..core.lines import lines_of
from ..core.model import Finding, Fix, Route, Span
from ..index.facts import span_of
from .rule_info import RuleInfo
from .scopes import Binding, FileScopes, Pos

if TYPE_CHECKING:
    from ..config import Settings
    from ..index.project import ProjectIndex


@dataclass
class FileContext:
    path: str
    text: str
    tree: ast.Module
    index: ProjectIndex | None = None
    lines: list[str] = field(default_factory=list)
    # the ancestors of the node being visited, outermost first (the engine maintains it)
    stack: list[ast.AST] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    current_rule: RuleInfo | None = None  # the rule being run, whose finding report() makes
    # the run's settings, for rules with options of their own (BA302 reads ``api_prefix``)
    settings: Settings | None = None
    # what support modules compute once per file for every rule that asks (helper summaries)
    shared: dict[str, object] = field(default_factory=dict)
    # the incremental check's units being checked (line ranges): the handler rules judge
    # only the routes whose handler is in one of them (``incremental.py``)
    only_lines: list[tuple[int, int]] | None = None

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = lines_of(self.text)

    # --- reporting ---------------------------------------------------------------------

    def report(
        self,
        target: ast.AST | Span,
        message: str | None = None,
        fix: Fix | None = None,
        code: str | None = None,
    ) -> None:
        rule = self.current_rule
        assert rule is not None or code is not None, "report() outside a rule needs a code"
        info = rule
        span = target if isinstance(target, Span) else span_of(target, self.lines)
        self.findings.append(
            Finding(
                code=code or (info.code if info else ""),
                message=message or (info.summary if info else ""),
                path=self.path,
                span=span,
                severity=info.severity if info else _default_severity(),
                fix=fix,
            )
        )

    # --- what rules commonly ask -------------------------------------------------------

    def binding_before(
        self, name: ast.Name, at: Pos | None = None
    ) -> tuple[Binding | None, list[Binding]]:
        """The binding of ``name`` in force in the enclosing function at ``at`` (default: where
        the name stands) and the ``+=`` after it (``Scope.before``)."""
        scope = self.scopes.scope(self.enclosing_function())
        return scope.before(name.id, at or (name.lineno, name.col_offset))

    @cached_property
    def scopes(self) -> FileScopes:
        """Imports, definitions and bindings of the file, computed once for every rule (and
        the engine's callee resolver)."""
        return FileScopes(self.tree, self.text)

    def enclosing_function(self) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        for node in reversed(self.stack):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return None

    def enclosing_loops(self) -> list[ast.For | ast.AsyncFor | ast.While | ast.comprehension]:
        """Loops around the current node, innermost first, up to the enclosing function."""
        loops: list[ast.For | ast.AsyncFor | ast.While | ast.comprehension] = []
        for node in reversed(self.stack):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                break
            if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
                loops.append(node)
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                loops.extend(node.generators)
        return loops

    def parent(self) -> ast.AST | None:
        return self.stack[-1] if self.stack else None

    def routes(self) -> list[Route]:
        """The routes whose handlers are in this file (a framework's own, ``generated``, have
        no body here: rules reading handlers never see them)."""
        routes = self.index.routes_in(self.path) if self.index is not None else []
        routes = [r for r in routes if not r.generated]
        if self.only_lines is not None:
            ranges = self.only_lines
            routes = [r for r in routes if any(a <= r.span.start.line <= b for a, b in ranges)]
        return routes

    def source_of(self, node: ast.AST) -> str:
        return self.segment(node) or ""

    @cached_property
    def source_lines(self) -> list[str]:
        """The text split as the parser splits it (only at ``\\r\\n``, ``\\r`` and ``\\n``,
        ends kept): the line table ``segment`` slices, made once per file."""
        return _LINE_RE.findall(self.text)

    def segment(self, node: ast.AST) -> str | None:
        """``ast.get_source_segment(self.text, node)`` without re-splitting the whole text on
        every call (positions are UTF-8 byte offsets within their lines, as there)."""
        try:
            end_lineno, end_col = node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]
            if end_lineno is None or end_col is None:
                return None
            lineno, col = node.lineno - 1, node.col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return None
        lines = self.source_lines
        end_lineno -= 1
        if end_lineno == lineno:
            return lines[lineno].encode()[col:end_col].decode()
        first = lines[lineno].encode()[col:].decode()
        last = lines[end_lineno].encode()[:end_col].decode()
        return "".join([first, *lines[lineno + 1 : end_lineno], last])

    @cached_property  # asked for on many nodes of the same file: computed once
    def relative_parts(self) -> list[str]:
        """The path below the project root when the index knows it, else the last two parts:
        a project checked out under ``~/tests/`` is not a test suite."""
        import os

        root = self.index.root if self.index is not None else None
        if root:
            rel = os.path.relpath(self.path, root).replace("\\", "/")
            if not rel.startswith(".."):
                return rel.split("/")
        return self.path.replace("\\", "/").split("/")[-2:]

    @cached_property
    def is_migration_file(self) -> bool:
        """A Django migration (``migrations/``) or an Alembic revision (``versions/`` of an
        ``alembic`` folder, or anything under a ``*migration*`` folder such as
        ``_migrations/versions/``): code that runs once, at deploy time."""
        folders = [f.lower() for f in self.relative_parts[:-1]]
        return any("migration" in f for f in folders) or (
            "versions" in folders and any("alembic" in f for f in folders)
        )

    @cached_property
    def is_test_file(self) -> bool:
        parts = self.relative_parts
        name = parts[-1]
        return (
            name.startswith("test_")
            or name.endswith("_test.py")
            or name in ("conftest.py", "tests.py")
            or any(p in TEST_DIRS or p.startswith(("test_", "tests_")) for p in parts[:-1])
        )


# folders of a test suite and its support code (``tests_e2e``, ``test_api`` by prefix)
TEST_DIRS = frozenset({"tests", "test", "testing", "testutils", "test_utils", "testsupport"})


# a line with its end (``\\r\\n`` kept together), or a last line without one: the parser's split
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _default_severity():  # type: ignore[no-untyped-def]
    from ..core.model import Severity

    return Severity.WARNING

"""The bases of the Dockerfile rules (BA6xx) and the Compose rules (BA7xx), and what they see.

A rule reads the parsed file once handed to it (``check``) and reports spans through its
context, as the Python rules do; the engine runs them on files of their kind only
(``container_engine.py``), so the Python walk never sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..core.compose import ComposeFile
from ..core.dockerfile import Dockerfile
from ..core.model import Edit, Finding, Fix, Span
from .registry import Rule
from .rule_info import RuleInfo

if TYPE_CHECKING:
    from ..config import Settings
    from ..index.project import ProjectIndex


@dataclass
class TextContext:
    path: str
    text: str
    lines: list[str]
    index: ProjectIndex | None = None
    settings: Settings | None = None
    findings: list[Finding] = field(default_factory=list)
    current_rule: RuleInfo | None = None

    def report(self, span: Span, message: str | None = None, fix: Fix | None = None) -> None:
        info = self.current_rule
        assert info is not None, "report() outside a rule"
        self.findings.append(
            Finding(info.code, message or info.summary, self.path, span, info.severity, fix)
        )

    def fix(self, title: str, *edits: tuple[Span, str]) -> Fix:
        return Fix(title, tuple(Edit(self.path, span, text) for span, text in edits))


@dataclass
class DockerfileContext(TextContext):
    dockerfile: Dockerfile = field(default_factory=lambda: Dockerfile("", [], [], [], {}, "\\"))


@dataclass
class ComposeContext(TextContext):
    compose: ComposeFile = field(default_factory=lambda: ComposeFile("", None))


class KindRule(Rule):
    """A rule of a file kind other than Python: the engine calls ``run`` with the context."""

    def run(self, ctx: TextContext) -> None:  # pragma: no cover - interface
        pass


class DockerfileRule(KindRule):
    file_kind: ClassVar[str] = "dockerfile"

    def run(self, ctx: TextContext) -> None:
        if isinstance(ctx, DockerfileContext):
            self.check(ctx)

    def check(self, ctx: DockerfileContext) -> None:  # pragma: no cover - interface
        pass


class ComposeRule(KindRule):
    file_kind: ClassVar[str] = "compose"

    def run(self, ctx: TextContext) -> None:
        if isinstance(ctx, ComposeContext):
            self.check(ctx)

    def check(self, ctx: ComposeContext) -> None:  # pragma: no cover - interface
        pass

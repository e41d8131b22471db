"""BA902 undocumented-required-setting: a required settings field with no default, documented nowhere."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.env_docs import documented_in, env_doc_files
from ..support.settings_classes import env_prefix, settings_classes


def _field_documented(value: ast.expr | None) -> tuple[bool, bool]:
    """(has a default, has a description) for a field's value."""
    if value is None:
        return False, False
    if isinstance(value, ast.Call) and (dotted_name(value.func) or "").endswith("Field"):
        described = any(k.arg in ("description", "title") for k in value.keywords) or any(
            k.arg is None for k in value.keywords
        )
        default = any(k.arg in ("default", "default_factory") for k in value.keywords)
        if value.args:
            first = value.args[0]
            default = default or not (isinstance(first, ast.Constant) and first.value is Ellipsis)
        return default, described
    if isinstance(value, ast.Constant) and value.value is Ellipsis:
        return False, False
    return True, False


@register
class UndocumentedSettingsField(Rule):
    info = RuleInfo(
        code="BA902",
        test_files="never",
        name="undocumented-required-setting",
        summary="A required settings field has no default and no documentation.",
        severity=Severity.INFO,
        rationale=(
            "A pydantic settings field without a default makes the service refuse to start "
            "until the variable is set. That is right for secrets and URLs, but then the "
            "deployer needs to know it exists and what it means: give it a "
            "`Field(description=...)`, a comment or docstring next to it, or an entry in "
            "`.env.example`."
        ),
        bad="class Settings(BaseSettings):\n    stripe_key: str",
        good=(
            "class Settings(BaseSettings):\n"
            '    stripe_key: str = Field(description="Stripe secret key (sk_live_...)")'
        ),
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        classes = settings_classes(ctx)
        if not classes:
            return
        templates, _ = env_doc_files(ctx)
        for cls in classes:
            prefix = env_prefix(cls)
            for i, stmt in enumerate(cls.body):
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                    continue
                name = stmt.target.id
                if name.startswith("_") or name == "model_config":
                    continue
                if "ClassVar" in ctx.source_of(stmt.annotation):
                    continue
                default, described = _field_documented(stmt.value)
                if default or described or _commented(ctx, stmt, cls.body, i):
                    continue
                if "description=" in ctx.source_of(stmt.annotation):  # Annotated[str, Field(...)]
                    continue
                env_name = (prefix + name).upper()
                if templates and documented_in(env_name, templates):
                    continue
                ctx.report(
                    stmt.target,
                    f"settings field `{name}` is required (no default) and documented nowhere: "
                    "add `Field(description=...)`, a comment, or an `.env.example` entry",
                )


def _commented(ctx: FileContext, stmt: ast.stmt, body: list[ast.stmt], i: int) -> bool:
    """A comment on the line above or at the end of the line, or an attribute docstring."""
    line = ctx.lines[stmt.lineno - 1] if stmt.lineno - 1 < len(ctx.lines) else ""
    if "#" in line[stmt.end_col_offset or 0 :]:
        return True
    above = ctx.lines[stmt.lineno - 2].strip() if stmt.lineno >= 2 else ""
    if above.startswith("#"):
        return True
    nxt = body[i + 1] if i + 1 < len(body) else None
    return (
        isinstance(nxt, ast.Expr)
        and isinstance(nxt.value, ast.Constant)
        and isinstance(nxt.value.value, str)
    )

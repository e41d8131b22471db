"""BA9xx: configuration and environment.

Both rules read files beside the code (``.env.example``, README, compose files), so they run
with the project index (``check_file``): without a project root there is nothing to compare.
The project-file helpers here are shared with the BA4xx rules that look for ``alembic.ini``.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator

from ..core.model import Severity
from ..index.symbols import dotted_name
from .file_context import FileContext
from .nodes import of_type
from .registry import Rule, RuleInfo, register
from .support.ast_helpers import kwarg
from .support.project_files import folders_up, read_text

ENV_TEMPLATES = (
    ".env.example",
    ".env.sample",
    ".env.template",
    ".env.dist",
    ".env.defaults",
    "example.env",
    "env.example",
    "sample.env",
)
COMPOSE_RE = re.compile(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
README_RE = re.compile(r"^readme(?:\.\w+)?$", re.IGNORECASE)


def _listdir(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def env_doc_files(ctx: FileContext) -> tuple[list[str], list[str]]:
    """(templates and compose files, READMEs) in the file's folder and up to the root."""
    templates: list[str] = []
    readmes: list[str] = []
    for folder in folders_up(ctx):
        for name in _listdir(folder):
            if name in ENV_TEMPLATES or COMPOSE_RE.match(name):
                templates.append(os.path.join(folder, name))
            elif README_RE.match(name):
                readmes.append(os.path.join(folder, name))
    return templates, readmes


def documented_in(name: str, paths: list[str]) -> bool:
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")
    return any(pattern.search(read_text(p)) for p in paths)


# --- settings classes ------------------------------------------------------------------------

SETTINGS_BASES = frozenset({"BaseSettings"})


def settings_classes(ctx: FileContext) -> list[ast.ClassDef]:
    """pydantic ``BaseSettings`` subclasses of this file, through bases defined in it."""
    classes = of_type(ctx.tree, ast.ClassDef)
    names: set[str] = set()
    found: list[ast.ClassDef] = []
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls.name in names:
                continue
            for base in cls.bases:
                last = (dotted_name(base) or "").rsplit(".", 1)[-1]
                if last in SETTINGS_BASES or last in names:
                    names.add(cls.name)
                    found.append(cls)
                    changed = True
                    break
    return found


def settings_field_names(ctx: FileContext) -> set[str]:
    """Lower-case field names of every settings class the index knows, and of this file's."""
    names: set[str] = set()
    for cls in settings_classes(ctx):
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                names.add(stmt.target.id.lower())
    if ctx.index is not None:
        for schema in ctx.index.schemas:
            if any(b.rsplit(".", 1)[-1] in SETTINGS_BASES for b in schema.bases):
                names.update(f.name.lower() for f in schema.fields)
    return names


# --- BA901 -----------------------------------------------------------------------------------


def env_reads(ctx: FileContext) -> Iterator[ast.Constant]:
    """The name strings of ``os.environ[...]``, ``os.environ.get``, ``os.getenv`` and
    django-environ ``env("X")``/``env.str("X")`` reads."""
    data = ctx.scopes
    env_objects = {
        name
        for name, target in data.imports.items()
        if target in ("environ.Env", "environs.Env", "environs.env")
    }
    env_instances: set[str] = set()
    for assign in of_type(ctx.tree, ast.Assign):
        if isinstance(assign.value, ast.Call):
            callee = dotted_name(assign.value.func) or ""
            if callee in env_objects or data.qualified(assign.value.func) in (
                "environ.Env",
                "environs.Env",
            ):
                env_instances.update(t.id for t in assign.targets if isinstance(t, ast.Name))
    for node in of_type(ctx.tree, ast.Subscript, ast.Call):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and data.qualified(node.value) == "os.environ":
            key = node.slice
        elif isinstance(node, ast.Call):
            func = node.func
            q = data.qualified(func)
            if (
                q in ("os.getenv", "os.environ.get", "os.environ.setdefault", "os.getenvb")
                or (isinstance(func, ast.Name) and func.id in env_instances)
                or (
                    isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Name)
                    and func.value.id in env_instances
                )
            ):
                key = node.args[0] if node.args else None
        if (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key.value)
        ):
            yield key


@register
class UndocumentedEnvVar(Rule):
    info = RuleInfo(
        code="BA901",
        test_files="never",
        name="undocumented-env-var",
        summary="The code reads an environment variable that the project's env template does not list.",
        severity=Severity.INFO,
        rationale=(
            "Whoever deploys the service learns which variables it needs from the env template "
            "(`.env.example`), the README, the compose file or the settings class. A variable "
            "read only deep in the code is found in production, when it is missing. The rule "
            "runs in projects that keep an env template or a compose file, and accepts the name "
            "anywhere in those, in a README up the folder tree, or as a field of a pydantic "
            "settings class."
        ),
        bad='# .env.example lists DATABASE_URL only\nSENTRY_DSN = os.environ["SENTRY_DSN"]',
        good="# .env.example\nDATABASE_URL=postgresql://app@db/app\nSENTRY_DSN=",
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        reads = list(env_reads(ctx))
        if not reads:
            return
        templates, readmes = env_doc_files(ctx)
        if not templates:
            return  # no place the project documents its environment: nothing to compare with
        fields = settings_field_names(ctx)
        for key in reads:
            name = str(key.value)
            if name.lower() in fields or documented_in(name, templates + readmes):
                continue
            ctx.report(
                key,
                f"environment variable `{name}` is read here but not listed in "
                f"{os.path.basename(templates[0])}, a README or a settings class",
            )


# --- BA902 -----------------------------------------------------------------------------------


def _env_prefix(cls: ast.ClassDef) -> str:
    """``env_prefix`` from ``model_config = SettingsConfigDict(env_prefix=...)`` or ``Config``."""
    for stmt in cls.body:
        if (
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "model_config" for t in stmt.targets)
            and isinstance(stmt.value, ast.Call)
        ):
            kw = kwarg(stmt.value, "env_prefix")
            if kw is not None and isinstance(kw.value, ast.Constant):
                return str(kw.value.value)
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            for sub in stmt.body:
                if (
                    isinstance(sub, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "env_prefix" for t in sub.targets)
                    and isinstance(sub.value, ast.Constant)
                ):
                    return str(sub.value.value)
    return ""


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
            prefix = _env_prefix(cls)
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

"""BA901 undocumented-env-var: an environment variable the project's env template does not list."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import of_type
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.env_docs import documented_in, env_doc_files
from ..support.settings_classes import SETTINGS_BASES, settings_classes


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

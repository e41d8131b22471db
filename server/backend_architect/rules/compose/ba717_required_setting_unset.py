"""BA717 required-setting-unset: the code built into a service requires a setting (a pydantic
settings field without a default) that the service's environment never sets."""

from __future__ import annotations

import ast
import os
import re
from typing import ClassVar

from ...core.compose import span_of
from ...core.model import Severity
from ...core.syntax import dotted_name
from ...index.project import ProjectIndex
from ..container_rules import ComposeContext, ComposeRule
from ..nodes import walk
from ..registry import register
from ..rule_info import RuleInfo
from ..support.compose_services import environment_names, project_context
from ..support.settings_classes import env_prefix, settings_classes_of, settings_config
from ..support.startup_env import startup_env_reads


def _required(stmt: ast.AnnAssign) -> bool:
    """Whether a settings field has no default (``x: str``, ``x: str = ...``, ``Field(...)``
    without a default)."""
    value = stmt.value
    if value is None:
        return True
    if isinstance(value, ast.Constant) and value.value is Ellipsis:
        return True
    if isinstance(value, ast.Call) and (dotted_name(value.func) or "").endswith("Field"):
        if any(k.arg in ("default", "default_factory") or k.arg is None for k in value.keywords):
            return False
        first = value.args[0] if value.args else None
        return first is None or (isinstance(first, ast.Constant) and first.value is Ellipsis)
    return False


def _aliased(stmt: ast.AnnAssign) -> bool:
    """A field read under another name (``Field(alias=...)``, ``validation_alias``)."""
    value = stmt.value
    if isinstance(value, ast.Call) and (dotted_name(value.func) or "").endswith("Field"):
        return any(k.arg in ("alias", "validation_alias") or k.arg is None for k in value.keywords)
    return "alias" in ast.unparse(stmt.annotation)


_ASIDE = frozenset({"tests", "test", "scripts", "bin", "tools", "docs", "examples", "migrations"})


def _aside(module: str) -> bool:
    """A module the service does not import at start-up: tests, scripts, migrations."""
    parts = module.split(os.sep)
    name = parts[-1]
    return (
        bool(_ASIDE & set(parts[:-1]))
        or name.startswith("test_")
        or name in ("conftest.py", "setup.py", "noxfile.py")
    )


def required_env(index: ProjectIndex, folder: str) -> list[tuple[str, str]]:
    """(environment variable, ``Class.field``) of every required settings field in the code
    under ``folder`` whose class the code instantiates; classes that may read their values
    from a file (``env_file`` present in the folder, ``secrets_dir``) are left out."""
    prefix = os.path.abspath(folder) + os.sep
    paths = [p for p in index.files if p.startswith(prefix)]
    texts = {p: index.text(p) or "" for p in paths}
    out: list[tuple[str, str]] = []
    for path in paths:
        text = texts[path]
        if "BaseSettings" not in text and "environ[" not in text:
            continue
        parsed = index.parsed(path)
        if parsed is None or parsed.tree is None:
            continue
        module = os.path.relpath(path, folder)
        if "environ[" in text and not _aside(module):
            out += [
                (name, f"os.environ in {module}") for name in startup_env_reads(parsed.tree, text)
            ]
        classes = [n for n in walk(parsed.tree) if isinstance(n, ast.ClassDef)]
        for cls in settings_classes_of(classes):
            called = re.compile(rf"(?<!class )\b{re.escape(cls.name)}\(")
            if not any(called.search(t) for t in texts.values()):
                continue  # never instantiated: nothing fails at start-up
            if settings_config(cls, "secrets_dir") is not None:
                continue
            env_file = settings_config(cls, "env_file")
            if env_file is not None:
                files = [n.value for n in walk(env_file) if isinstance(n, ast.Constant)]
                if any(
                    isinstance(f, str) and os.path.exists(os.path.join(folder, f)) for f in files
                ):
                    continue  # ``COPY . .`` may bake the values into the image
            pre = env_prefix(cls)
            for stmt in cls.body:
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                    continue
                name = stmt.target.id
                if name.startswith("_") or name == "model_config" or not _required(stmt):
                    continue
                if "ClassVar" in ast.unparse(stmt.annotation) or _aliased(stmt):
                    continue
                out.append(((pre + name).upper(), f"{cls.name}.{name}"))
    return out


@register
class RequiredSettingUnset(ComposeRule):
    reads_index: ClassVar[bool] = True
    info = RuleInfo(
        code="BA717",
        name="required-setting-unset",
        summary="The service's code requires a setting its environment does not set.",
        severity=Severity.ERROR,
        rationale=(
            "A pydantic settings field without a default makes `Settings()` raise at start-up "
            'when its variable is missing, as `os.environ["NAME"]` read at import time '
            "does: the container exits at once and restarts in a loop. "
            "The settings classes of the code in the service's build context are compared with "
            "what the service gets: `environment` (a value, or a name passed through from the "
            "shell), the variables of its `env_file` files and the ENVs of its Dockerfile "
            "(names compared case-insensitively, with `env_prefix`). Nothing is said for a "
            "service whose `env_file` is missing, for classes never instantiated, fields "
            "with an alias, `os.environ[...]` read in functions, `try` blocks, tests, scripts "
            "or migrations, or classes reading `secrets_dir` or an `env_file` present in the "
            "build context."
        ),
        bad=(
            'services:\n  api:\n    build: .\n    environment:\n      DEBUG: "false"\n'
            "# app/config.py: class Settings(BaseSettings): database_url: str\n"
        ),
        good=(
            "services:\n  api:\n    build: .\n    environment:\n"
            "      DATABASE_URL: postgresql://db/app\n"
        ),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        index = ctx.index
        if index is None:
            return
        for service in ctx.compose.services:
            folder = project_context(ctx, service)
            if folder is None:
                continue
            needed = required_env(index, folder)
            if not needed:
                continue
            given = environment_names(ctx, service, folder)
            if given is None:
                continue
            have = {n.upper() for n in given}
            missing = [(env, field) for env, field in needed if env not in have]
            if missing:
                names = ", ".join(f"`{env}` ({field})" for env, field in missing)
                ctx.report(
                    span_of(service.key),
                    f"`{service.name}` requires {names}, which its environment does not set",
                )

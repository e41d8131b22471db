"""Which files run inside the server (a web framework or ORM, no script or CLI) and service modules."""

from __future__ import annotations

import os
import re

from ..file_context import FileContext

SERVER_MODULES = frozenset(
    {
        "fastapi", "flask", "starlette", "django", "rest_framework", "sanic", "litestar",
        "quart", "aiohttp", "falcon", "tornado", "sqlalchemy", "sqlmodel", "celery", "ninja",
        "strawberry", "graphene",
    }
)  # fmt: skip

CLI_MODULES = frozenset({"argparse", "click", "typer", "fire", "docopt", "optparse"})

NOT_SERVER_DIRS = frozenset(
    {"scripts", "script", "bin", "tools", "commands", "management", "examples", "docs", "cli"}
)

NOT_SERVER_FILES = frozenset(
    {"__main__.py", "manage.py", "setup.py", "cli.py", "noxfile.py", "fabfile.py", "tasks.py"}
)

_SERVER_FILE: list[tuple[FileContext, bool]] = []


def is_server_file(ctx: FileContext) -> bool:
    """Code that runs inside the server: it uses a web framework or ORM, or the index found
    routes in it, and it is no test, migration, script, CLI or management command."""
    cached = _SERVER_FILE[0] if _SERVER_FILE else None
    if cached is not None and cached[0] is ctx:
        return cached[1]
    parts = ctx.relative_parts
    tops = {v.split(".")[0] for v in ctx.scopes.imports.values()}
    result = (
        not (
            ctx.is_test_file
            or ctx.is_migration_file  # a deploy-time script: its progress goes to the terminal
            or parts[-1] in NOT_SERVER_FILES
            or any(p in NOT_SERVER_DIRS for p in parts[:-1])
            or tops & CLI_MODULES
        )
        and bool(tops & SERVER_MODULES or ctx.routes())
    )
    _SERVER_FILE[:] = [(ctx, result)]
    return result


SERVICE_RE = re.compile(r"(?:^|_)(?:services?|repositor(?:y|ies)|crud|use_?cases?)$")


def is_service_module(ctx: FileContext) -> bool:
    parts = ctx.relative_parts
    stem = os.path.splitext(parts[-1])[0]
    return bool(SERVICE_RE.search(stem)) or any(SERVICE_RE.search(p) for p in parts[:-1])

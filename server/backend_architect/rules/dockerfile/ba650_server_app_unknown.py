"""BA650 server-app-unknown: the server the image runs names a module or application object
the project does not have."""

from __future__ import annotations

import os
from typing import ClassVar

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.app_targets import defines, module_file, project_files_under, split_target
from ..support.servers import server_of


@register
class ServerAppUnknown(DockerfileRule):
    reads_index: ClassVar[bool] = True
    info = RuleInfo(
        code="BA650",
        name="server-app-unknown",
        summary="The server command names a module or app the project does not define.",
        severity=Severity.ERROR,
        rationale=(
            "`uvicorn app.main:app` or `gunicorn proj.wsgi:application` is resolved only when "
            "the container starts: a renamed module or application object builds a fine image "
            "that crash-loops on deploy. The project beside the Dockerfile is read to check "
            "that the module exists and defines the object."
        ),
        bad='FROM python:3.12-slim\nCMD ["uvicorn", "app.server:app"]\n',
        good='FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app"]\n',
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        index = ctx.index
        stage = ctx.dockerfile.final_stage
        if index is None or stage is None:
            return
        server = server_of(stage)
        if server is None or server.app is None or "$" in server.app.text:
            return
        folder = os.path.dirname(os.path.abspath(ctx.path))
        if not project_files_under(index, folder):
            return
        target = split_target(server.program, server.app.text)
        if target is None:
            return
        module, attr = target
        path = module_file(index, folder, module, server)
        if path is None:
            ctx.report(
                server.app.span, f"no module `{module}` in the project beside this Dockerfile"
            )
        elif attr is not None and not defines(index, path, attr):
            rel = os.path.relpath(path, folder)
            ctx.report(server.app.span, f"`{rel}` defines no `{attr}`")

"""BA614 development-server: the image runs a development server (``flask run``,
``manage.py runserver``, ``uvicorn --reload``, ``fastapi dev``)."""

from __future__ import annotations

from ...core.model import Severity
from ..container_rules import DockerfileContext, DockerfileRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.servers import server_of


@register
class DevelopmentServer(DockerfileRule):
    info = RuleInfo(
        code="BA614",
        name="development-server",
        summary="The image runs a development server.",
        severity=Severity.WARNING,
        rationale=(
            "`flask run`, `manage.py runserver`, `fastapi dev` and `--reload` are made for a "
            "laptop: one process, file watching, debug behaviour, no worker management, and "
            "the frameworks say not to use them in production. Run a production server "
            "(`gunicorn`, `uvicorn` without `--reload`, `fastapi run`) in the image, and keep "
            "reload for a compose override used in development."
        ),
        bad='FROM python:3.12-slim\nCMD ["flask", "run", "--host", "0.0.0.0"]\n',
        good='FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
        test_files="always",
    )

    def check(self, ctx: DockerfileContext) -> None:
        stage = ctx.dockerfile.final_stage
        if stage is None:
            return
        server = server_of(stage)
        if server is not None and server.dev is not None:
            program = "manage.py" if server.program == "runserver" else server.program
            ctx.report(server.dev.span, f"`{program} {server.dev.text}` is for development")

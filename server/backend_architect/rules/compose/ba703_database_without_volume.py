"""BA703 database-without-volume: a database service keeps its data in the container."""

from __future__ import annotations

from ...core.compose import scalar, sequence, span_of, value
from ...core.model import Severity
from ..container_rules import ComposeContext, ComposeRule
from ..registry import register
from ..rule_info import RuleInfo
from ..support.docker_images import DATA_DIRS, database_kind


def _mounts(node: object) -> list[tuple[str | None, str | None]]:
    """(source, target) of each entry of ``volumes``, short (``src:dst[:mode]``) or long form."""
    out: list[tuple[str | None, str | None]] = []
    for entry in sequence(node):  # type: ignore[arg-type]
        text = scalar(entry)
        if text is not None:
            parts = text.split(":")
            out.append((parts[0], parts[1]) if len(parts) >= 2 else (None, parts[0]))
        else:
            out.append((scalar(value(entry, "source")), scalar(value(entry, "target"))))
    return out


@register
class DatabaseWithoutVolume(ComposeRule):
    info = RuleInfo(
        code="BA703",
        name="database-without-volume",
        summary="The database keeps its data inside the container: mount a named volume.",
        severity=Severity.WARNING,
        rationale=(
            "Without a volume on the data directory, `docker compose down` (or recreating the "
            "container after an image update) deletes the database. Mount a named volume on "
            "it (`pgdata:/var/lib/postgresql/data`) and declare it under `volumes:`; an "
            "anonymous volume (target only) is lost just as easily."
        ),
        bad="services:\n  db:\n    image: postgres:16\n",
        good=(
            "services:\n  db:\n    image: postgres:16\n    volumes:\n"
            "      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:\n"
        ),
        test_files="always",
    )

    def check(self, ctx: ComposeContext) -> None:
        for service in ctx.compose.services:
            image = service.image()
            if image is None or database_kind(image[0]) is None:
                continue
            mounts = _mounts(service.value("volumes"))
            if any(src and (dst or "").rstrip("/") in DATA_DIRS for src, dst in mounts):
                continue
            if any(
                src and (dst or "").rstrip("/").startswith("/var/lib/postgresql")
                for src, dst in mounts
            ):
                continue  # PGDATA set below the mount point
            ctx.report(
                span_of(service.key),
                f"`{service.name}` ({image[0]}) stores its data in the container",
            )

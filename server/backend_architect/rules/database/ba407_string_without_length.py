"""BA407 string-without-length: a String column with no length where the database needs one."""

from __future__ import annotations

import os
import re

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.models import models_in
from ..support.project_files import project_root, read_text

LENGTH_DIALECT_RE = re.compile(r"\b(mysql|mariadb|oracle)(?:\+\w+)?://", re.IGNORECASE)

UNBOUNDED_STRINGS = frozenset({"String", "Unicode", "VARCHAR", "NVARCHAR", "AutoString"})

_DIALECTS: dict[tuple[str, int], str | None] = {}


def project_dialect(ctx: FileContext) -> str | None:
    """mysql/mariadb/oracle when the project's configuration names one of them: alembic.ini,
    an env template, or a URL in an indexed Python file. Cached per index generation."""
    index = ctx.index
    root = project_root(ctx)
    if index is None or root is None:
        return None
    key = (root, index.generation)
    if key in _DIALECTS:
        return _DIALECTS[key]
    found: str | None = None
    candidates = [os.path.join(root, n) for n in ("alembic.ini", *ENV_FILES)]
    for candidate in candidates:
        m = LENGTH_DIALECT_RE.search(read_text(candidate))
        if m:
            found = m.group(1).lower()
            break
    if found is None:
        for path in sorted(index.files):
            text = index.text(path) or ""
            m = LENGTH_DIALECT_RE.search(text)
            if m:
                found = m.group(1).lower()
                break
    if len(_DIALECTS) > 16:
        _DIALECTS.clear()
    _DIALECTS[key] = found
    return found


ENV_FILES = (".env.example", ".env.sample", ".env.template", ".env", "docker-compose.yml")


@register
class StringWithoutLength(Rule):
    info = RuleInfo(
        code="BA407",
        name="string-without-length",
        summary="A `String` column has no length, and the project's database needs one.",
        severity=Severity.ERROR,
        rationale=(
            "MySQL, MariaDB and Oracle have no unbounded VARCHAR: `CREATE TABLE` fails with "
            '"VARCHAR requires a length on dialect mysql" (SQLAlchemy) for a `String()` '
            "column, a SQLModel `str` field included. The rule fires only when the project's "
            "configuration (alembic.ini, an env template, a database URL in the code) names one "
            "of those databases; PostgreSQL and SQLite accept `String()` as is."
        ),
        bad="# alembic.ini: sqlalchemy.url = mysql+pymysql://...\nname = Column(String)",
        good="name = Column(String(120))",
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        columns = [
            (model, column)
            for model in models_in(ctx)
            if model.framework in ("sqlalchemy", "sqlmodel")
            for column in model.columns
            if column.type in UNBOUNDED_STRINGS and column.length is None and column.span
        ]
        if not columns:
            return
        dialect = project_dialect(ctx)
        if dialect is None:
            return
        for model, column in columns:
            assert column.span is not None
            ctx.report(
                column.span,
                f"`{model.name}.{column.name}` (`{column.type}`) has no length; {dialect} "
                "needs one (`String(255)`, or `Field(max_length=...)` in SQLModel)",
            )

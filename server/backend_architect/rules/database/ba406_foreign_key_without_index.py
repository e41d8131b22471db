"""BA406 foreign-key-without-index: a foreign key column with no index."""

from __future__ import annotations

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.models import models_in


@register
class ForeignKeyWithoutIndex(Rule):
    info = RuleInfo(
        code="BA406",
        name="foreign-key-without-index",
        summary="A foreign key column has no index.",
        severity=Severity.INFO,
        rationale=(
            "PostgreSQL, SQLite and SQL Server do not index foreign key columns by themselves. "
            "Every join from the parent, every `WHERE user_id = ?` and every delete of a parent "
            "row (which checks the children) then scans the whole child table. Add "
            "`index=True`, or make the column the first of a multi-column index. Django indexes "
            "`ForeignKey` columns unless `db_index=False`."
        ),
        bad='user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))',
        good='user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)',
        cwe=(1067,),
    )

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        for model in models_in(ctx):
            if model.abstract:
                continue
            leading = {cols[0] for cols in [*model.indexes, *model.unique_constraints] if cols}
            for column in model.columns:
                if (
                    column.foreign_key is None
                    or column.span is None
                    or column.index
                    or column.unique
                    or column.primary_key
                    or column.name in leading
                ):
                    continue
                ctx.report(
                    column.span,
                    f"foreign key `{model.name}.{column.name}` -> `{column.foreign_key}` has no "
                    "index: joins and parent deletes scan the table"
                    + (
                        " (`db_index=False` removed Django's)"
                        if model.framework == "django"
                        else ""
                    ),
                )

"""BA810 run-python-without-reverse: a Django ``RunPython`` (or ``RunSQL``) with no reverse,
which makes the whole migration irreversible."""

from __future__ import annotations

from ...core.model import Severity
from ...core.syntax import is_none_literal
from ..file_context import FileContext
from ..registry import register
from ..rule_info import RuleInfo
from ..support.migration_ops import DjangoMigration, DjangoOp, arg
from ..support.migration_rule import MigrationOpRule

REVERSE = {"RunPython": "reverse_code", "RunSQL": "reverse_sql"}


@register
class RunPythonWithoutReverse(MigrationOpRule):
    info = RuleInfo(
        code="BA810",
        name="run-python-without-reverse",
        summary="A Django `RunPython` or `RunSQL` has no reverse, so the migration cannot be "
        "unapplied.",
        severity=Severity.WARNING,
        rationale=(
            "Django unapplies a migration by reversing each operation; a `RunPython` without "
            "`reverse_code` (or a `RunSQL` without `reverse_sql`) raises `IrreversibleError`, "
            "so `migrate app 0004` after a bad deploy stops there, with everything before it. "
            "Give the reverse function, or `migrations.RunPython.noop` when undoing needs "
            "nothing (a backfill of a column the schema reversal drops anyway)."
        ),
        bad=(
            "from django.db import migrations\n\n\ndef fill(apps, schema_editor):\n    ...\n\n\n"
            "class Migration(migrations.Migration):\n"
            "    operations = [migrations.RunPython(fill)]"
        ),
        good=(
            "from django.db import migrations\n\n\ndef fill(apps, schema_editor):\n    ...\n\n\n"
            "class Migration(migrations.Migration):\n"
            "    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]"
        ),
    )
    text_markers = ("RunPython", "RunSQL")

    def django_op(self, migration: DjangoMigration, dop: DjangoOp, ctx: FileContext) -> None:
        keyword = REVERSE.get(dop.name)
        if keyword is None:
            return
        reverse = arg(dop.call, 1, keyword)
        if reverse is None or is_none_literal(reverse):
            ctx.report(
                dop.call.func,
                f"{dop.name} without {keyword}: the migration cannot be unapplied; give the "
                f"reverse, or migrations.{dop.name}.noop when undoing needs nothing",
            )

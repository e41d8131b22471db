"""BA809 migration-imports-models: a data migration that works with the application's models
as they are today instead of as they were at that migration."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name, last_name
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.migration_ops import alembic_revision, django_migration

# where field and column classes come from, not models
LIBRARIES = ("django.db", "sqlalchemy", "alembic", "sqlmodel")


def _models_module(module: str) -> bool:
    parts = module.split(".")
    return "models" in parts and not module.startswith(LIBRARIES)


def _imports(tree: ast.Module) -> dict[str, ast.stmt]:
    """Local name (or dotted prefix, for ``import app.models``) -> the import that binds it."""
    out: dict[str, ast.stmt] = {}
    for node in walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if _models_module(module or "x") or (
                    alias.name == "models" and not module.startswith(LIBRARIES)
                ):
                    out[alias.asname or alias.name] = node
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _models_module(alias.name):
                    out[alias.asname or alias.name] = node
    return out


class _Uses(ast.NodeVisitor):
    """Where the imported names are used outside schema operations: in a function that is not
    an op call's argument (Alembic), in a function (Django's RunPython code)."""

    def __init__(self, names: dict[str, ast.stmt], op_owner: set[str], django: bool) -> None:
        self.names = names
        self.op_owner = op_owner
        self.django = django
        self.depth = 0  # functions we are in
        self.in_op = 0  # op.* call arguments we are in
        self.used: dict[int, ast.stmt] = {}
        self.user_model: list[ast.Call] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        is_op = isinstance(func, ast.Attribute) and dotted_name(func.value) in self.op_owner
        if self.django and self.depth and last_name(func) == "get_user_model":
            self.user_model.append(node)
        self.in_op += is_op
        self.generic_visit(node)
        self.in_op -= is_op

    def _use(self, name: str) -> None:
        if self.depth and not self.in_op:
            stmt = self.names.get(name)
            if stmt is not None:
                self.used[id(stmt)] = stmt

    def visit_Name(self, node: ast.Name) -> None:
        self._use(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = dotted_name(node)
        if dotted is not None:
            for key in self.names:
                if "." in key and (dotted == key or dotted.startswith(key + ".")):
                    self._use(key)
        self.generic_visit(node)


@register
class MigrationImportsModels(Rule):
    info = RuleInfo(
        code="BA809",
        name="migration-imports-models",
        summary="A data migration imports the application's models instead of the historical ones.",
        severity=Severity.WARNING,
        rationale=(
            "A migration runs against the schema as it was when it was written, but imported "
            "models are today's: once a later change adds a field, the old migration selects a "
            "column that does not exist yet and fails on every fresh database. In Django use "
            "`apps.get_model('shop', 'Order')` (and `apps.get_model(settings.AUTH_USER_MODEL)` "
            "instead of `get_user_model()`) in `RunPython` code; in Alembic describe the few "
            "columns needed with `sa.table(...)`/`sa.column(...)` and use `op.get_bind()`. "
            "Imports used only in the schema operations (a custom column type, a default "
            "callable) are not reported."
        ),
        bad=(
            "from django.db import migrations\nfrom shop.models import Order\n\n\n"
            "def fill(apps, schema_editor):\n    Order.objects.update(status='new')\n\n\n"
            "class Migration(migrations.Migration):\n"
            "    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]"
        ),
        good=(
            "from django.db import migrations\n\n\ndef fill(apps, schema_editor):\n"
            "    Order = apps.get_model('shop', 'Order')\n    Order.objects.update(status='new')\n\n\n"
            "class Migration(migrations.Migration):\n"
            "    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]"
        ),
    )
    node_types = (ast.Module,)
    text_markers = ("models", "get_user_model")

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Module, node)  # node_types says so
        rev = alembic_revision(node)
        migration = django_migration(node)
        if rev is None and migration is None:
            return
        names = _imports(node)
        uses = _Uses(names, {"op"} if rev is not None else set(), migration is not None)
        uses.visit(node)
        for stmt in sorted(uses.used.values(), key=lambda s: (s.lineno, s.col_offset)):
            ctx.report(
                stmt,
                "the migration uses the application's models, which are today's, not the "
                "schema's at this revision: "
                + (
                    "use apps.get_model() in RunPython code"
                    if migration is not None
                    else "describe the columns with sa.table()/sa.column() and op.get_bind()"
                ),
            )
        for call in uses.user_model:
            ctx.report(
                call,
                "get_user_model() returns today's user model; use "
                "apps.get_model(settings.AUTH_USER_MODEL) in RunPython code",
            )

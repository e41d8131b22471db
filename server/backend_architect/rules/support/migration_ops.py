"""What a migration file does, read from its tree for the BA8xx safety rules: an Alembic
revision's ``op.*`` calls in ``upgrade()`` (with the table each is on, whether it runs in a
batch or an ``autocommit_block``) and a Django migration's ``operations``.

A file is an Alembic revision when it imports ``alembic`` and defines ``upgrade()`` at module
level, a Django migration when it imports ``django.db.migrations`` and defines a ``Migration``
class: by what the file is, not where it lies, so application code is never read as one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ...core.syntax import dotted_name, keyword_value, last_name

# where each op names its table: (position, keyword)
_TABLE_ARG = {
    "create_table": (0, "table_name"),
    "drop_table": (0, "table_name"),
    "rename_table": (0, "old_table_name"),
    "add_column": (0, "table_name"),
    "drop_column": (0, "table_name"),
    "alter_column": (0, "table_name"),
    "create_index": (1, "table_name"),
    "create_unique_constraint": (1, "table_name"),
    "create_check_constraint": (1, "table_name"),
    "create_foreign_key": (1, "source_table"),
}
# a batch op has no table argument: the ``with`` names it, and the constraint name moves first
_BATCH_SHIFT = {"create_index": 1, "create_unique_constraint": 1, "create_check_constraint": 1}


def arg(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """The argument given at ``position`` or as keyword ``name``."""
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[position]
    return keyword_value(call, name)


def text_of(expr: ast.expr | None) -> str | None:
    if isinstance(expr, ast.Call) and last_name(expr.func) == "f" and expr.args:
        expr = expr.args[0]  # op.f("ix_users_email")
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    return None


def is_true(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True


def is_false(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is False


@dataclass(frozen=True)
class AlembicOp:
    name: str  # "add_column", "create_index", ...
    call: ast.Call
    table: str | None
    batch: bool  # on a ``batch_alter_table``'s operations object
    autocommit: bool  # inside ``with op.get_context().autocommit_block():``

    def argument(self, position: int, name: str) -> ast.expr | None:
        """An argument as the plain op numbers it (a batch op has no table argument)."""
        if self.batch:
            shift = _BATCH_SHIFT.get(self.name, 1 if self.name in _TABLE_ARG else 0)
            position -= shift
            if position < 0:
                return None
        return arg(self.call, position, name)


@dataclass
class AlembicRevision:
    upgrade: ast.FunctionDef | None
    downgrade: ast.FunctionDef | None
    ops: list[AlembicOp] = field(default_factory=list)  # upgrade()'s, in order
    created_tables: set[str] = field(default_factory=set)  # made by this upgrade()

    def on_existing_table(self, op: AlembicOp) -> bool:
        """The op changes a table this revision did not create (so it may hold rows)."""
        return op.table is None or op.table not in self.created_tables


@dataclass(frozen=True)
class DjangoOp:
    name: str  # "AddField", "RunPython", ...
    call: ast.Call
    model: str | None  # lower-cased, as Django compares model names


@dataclass
class DjangoMigration:
    cls: ast.ClassDef
    ops: list[DjangoOp] = field(default_factory=list)
    created_models: set[str] = field(default_factory=set)
    atomic: bool = True

    def on_existing_model(self, op: DjangoOp) -> bool:
        return op.model is None or op.model not in self.created_models


_cache: dict[int, tuple[ast.Module, AlembicRevision | None, DjangoMigration | None]] = {}


def _read(tree: ast.Module) -> tuple[AlembicRevision | None, DjangoMigration | None]:
    hit = _cache.get(id(tree))
    if hit is not None and hit[0] is tree:
        return hit[1], hit[2]
    result = (_read_alembic(tree), _read_django(tree))
    if len(_cache) > 256:
        _cache.clear()
    _cache[id(tree)] = (tree, *result)
    return result


def alembic_revision(tree: ast.Module) -> AlembicRevision | None:
    return _read(tree)[0]


def django_migration(tree: ast.Module) -> DjangoMigration | None:
    return _read(tree)[1]


# --- Alembic ------------------------------------------------------------------------------


def _op_names(tree: ast.Module) -> set[str]:
    """The names ``alembic.op`` goes by in the module ("op", "alembic.op")."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "alembic":
            names.update(a.asname or a.name for a in node.names if a.name == "op")
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "alembic.op" and a.asname:
                    names.add(a.asname)
                elif a.name.split(".")[0] == "alembic":
                    names.add(f"{a.asname or 'alembic'}.op")
    return names


def _read_alembic(tree: ast.Module) -> AlembicRevision | None:
    ops = _op_names(tree)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    if not ops or "upgrade" not in functions:
        return None
    rev = AlembicRevision(functions["upgrade"], functions.get("downgrade"))
    _AlembicWalk(rev, ops).visit_all(rev.upgrade.body if rev.upgrade else [], {}, False)
    rev.created_tables = {o.table for o in rev.ops if o.name == "create_table" and o.table}
    return rev


class _AlembicWalk:
    def __init__(self, rev: AlembicRevision, ops: set[str]) -> None:
        self.rev = rev
        self.ops = ops

    def visit_all(self, nodes: list[ast.stmt], batch: dict[str, str | None], auto: bool) -> None:
        for node in nodes:
            self.visit(node, batch, auto)

    def visit(self, node: ast.AST, batch: dict[str, str | None], auto: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return
        if isinstance(node, (ast.With, ast.AsyncWith)):
            inner, inner_auto = dict(batch), auto
            for item in node.items:
                call = item.context_expr
                if not isinstance(call, ast.Call):
                    continue
                if last_name(call.func) == "autocommit_block":
                    inner_auto = True
                elif last_name(call.func) == "batch_alter_table" and isinstance(
                    item.optional_vars, ast.Name
                ):
                    inner[item.optional_vars.id] = text_of(arg(call, 0, "table_name"))
            self.visit_all(node.body, inner, inner_auto)
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = dotted_name(node.func.value)
            name = node.func.attr
            if owner in self.ops:
                where = _TABLE_ARG.get(name)
                table = text_of(arg(node, *where)) if where else None
                self.rev.ops.append(AlembicOp(name, node, table, False, auto))
            elif owner in batch:
                self.rev.ops.append(AlembicOp(name, node, batch[owner], True, auto))
        for child in ast.iter_child_nodes(node):
            self.visit(child, batch, auto)


# --- Django -------------------------------------------------------------------------------

# where each operation names its model: (position, keyword)
_MODEL_ARG = {
    "CreateModel": (0, "name"),
    "DeleteModel": (0, "name"),
    "RenameModel": (0, "old_name"),
}


# where Django's operations come from: the package and the name of the module in it
OPERATION_PACKAGES = {"django.db": "migrations", "django.contrib.postgres": "operations"}
OPERATION_MODULES = ("django.db.migrations", "django.contrib.postgres.operations")


def _migrations_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The names ``django.db.migrations`` (and ``django.contrib.postgres.operations``) go by,
    and the operations imported from them by name."""
    modules: set[str] = set()
    direct: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in OPERATION_PACKAGES:
            wanted = OPERATION_PACKAGES[node.module]
            modules.update(a.asname or a.name for a in node.names if a.name == wanted)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(OPERATION_MODULES):
            direct.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name in OPERATION_MODULES)
    return modules, direct


def _read_django(tree: ast.Module) -> DjangoMigration | None:
    modules, direct = _migrations_names(tree)
    if not modules and not direct:
        return None
    cls = next(
        (
            n
            for n in tree.body
            if isinstance(n, ast.ClassDef)
            and n.name == "Migration"
            and any(last_name(b) == "Migration" for b in n.bases)
        ),
        None,
    )
    if cls is None:
        return None
    migration = DjangoMigration(cls)
    for stmt in cls.body:
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
            continue
        target = stmt.targets[0]
        if not isinstance(target, ast.Name):
            continue
        if target.id == "atomic":
            migration.atomic = not is_false(stmt.value)
        elif target.id == "operations" and isinstance(stmt.value, (ast.List, ast.Tuple)):
            _django_ops(stmt.value.elts, migration, modules, direct)
    migration.created_models = {
        o.model for o in migration.ops if o.name == "CreateModel" and o.model
    }
    return migration


def _django_ops(
    elts: list[ast.expr], migration: DjangoMigration, modules: set[str], direct: set[str]
) -> None:
    for elt in elts:
        if not isinstance(elt, ast.Call):
            continue
        func = elt.func
        if isinstance(func, ast.Attribute) and dotted_name(func.value) in modules:
            name = func.attr
        elif isinstance(func, ast.Name) and func.id in direct:
            name = func.id
        else:
            continue
        if name == "SeparateDatabaseAndState":  # only what reaches the database
            inner = arg(elt, 1, "database_operations")
            if isinstance(inner, (ast.List, ast.Tuple)):
                _django_ops(inner.elts, migration, modules, direct)
            continue
        where = _MODEL_ARG.get(name, (0, "model_name"))
        model = text_of(arg(elt, *where))
        migration.ops.append(DjangoOp(name, elt, model.lower() if model else None))


def call_name(expr: ast.expr | None) -> str:
    """The last name of a call's callee (``models.CharField(...)`` -> "CharField")."""
    return last_name(expr.func) if isinstance(expr, ast.Call) else ""


def func_span_node(call: ast.Call) -> ast.expr:
    """What a finding on an operation underlines: its callee (``op.add_column``)."""
    return call.func

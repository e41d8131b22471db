"""The schema the migrations produce at head, read statically: each revision's ``upgrade()``
replayed ``op.*`` call by ``op.*`` call, bases first.

What cannot be read (``op.execute`` of DDL, an ``op`` call under ``if``/``for``, an argument
that is a variable, an operation this module does not know) makes the tables it may touch
"unknown": :meth:`Schema.is_known` is False for them and nothing is reported about them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ...core.syntax import keyword_value, last_name
from .revisions import Revision, RevisionGraph
from .schema import CheckSpec, ColumnSpec, ForeignKeySpec, IndexSpec, Schema, TableSpec, UniqueSpec
from .types import SqlType, literal, read_type, revision_module

DDL_TABLE = re.compile(
    r"\b(?:TABLE|ON|INTO|UPDATE|FROM)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?[\"`]?(\w+)", re.I
)
DDL_WORDS = re.compile(r"^\s*(CREATE|ALTER|DROP|RENAME|COMMENT)\b", re.I)


def head_schema(graph: RevisionGraph) -> Schema:
    schema = Schema()
    for rev in graph.ordered():
        fn = rev.function("upgrade")
        if fn is not None:
            _Replay(schema, rev).block(fn.body, None, conditional=False)
    return schema


def _lit(expr: ast.expr | None) -> object:
    if expr is None:
        return None
    if isinstance(expr, ast.Call) and last_name(expr.func) == "f" and expr.args:
        return _lit(expr.args[0])  # op.f("ix_users_email")
    return literal(expr)


def _names(expr: ast.expr | None) -> tuple[str, ...] | None:
    value = _lit(expr)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if isinstance(expr, (ast.List, ast.Tuple)):  # [sa.text("lower(email)")]: an expression index
        return tuple(
            ast.unparse(e) if not isinstance(_lit(e), str) else str(_lit(e)) for e in expr.elts
        )
    return None


def column_type(expr: ast.expr) -> SqlType:
    return read_type(expr, revision_module, literal)


def server_default_text(expr: ast.expr | None) -> str | None:
    return (
        None
        if expr is None or (_lit(expr) is None and isinstance(expr, ast.Constant))
        else ast.unparse(expr)
    )


class _Replay:
    def __init__(self, schema: Schema, rev: Revision) -> None:
        self.schema = schema
        self.rev = rev

    def why(self, node: ast.AST, what: str) -> str:
        return f"{self.rev.path}:{getattr(node, 'lineno', 0)}: {what}"

    def block(self, body: list[ast.stmt], batch: dict[str, str] | None, conditional: bool) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                if conditional:
                    self.unknown_call(stmt.value, batch, "inside a condition or a loop")
                else:
                    self.call(stmt.value, batch)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                inner = dict(batch or {})
                for item in stmt.items:
                    call = item.context_expr
                    if isinstance(call, ast.Call) and last_name(call.func) == "batch_alter_table":
                        table = _lit(
                            call.args[0] if call.args else keyword_value(call, "table_name")
                        )
                        name = item.optional_vars
                        if isinstance(table, str) and isinstance(name, ast.Name):
                            inner[name.id] = table
                        else:
                            self.schema.mark_unknown(
                                None, self.why(stmt, "a batch table not named")
                            )
                self.block(stmt.body, inner, conditional)
            elif isinstance(stmt, (ast.If, ast.For, ast.While, ast.Try, ast.AsyncFor, ast.Match)):
                for child in ast.iter_child_nodes(stmt):
                    if isinstance(child, ast.stmt):
                        self.block([child], batch, True)
                    elif isinstance(child, (ast.ExceptHandler, ast.match_case)):
                        self.block(child.body, batch, True)
                if isinstance(stmt, ast.If):
                    self.block(stmt.orelse, batch, True)
            elif isinstance(
                stmt, (ast.Assign, ast.AnnAssign, ast.Pass, ast.Return, ast.Import, ast.ImportFrom)
            ):
                value = getattr(stmt, "value", None)
                if isinstance(value, ast.Call) and self.is_op(value.func, batch):
                    self.call(value, batch)  # result = op.create_table(...)
            elif isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
                continue
            else:
                self.schema.mark_unknown(None, self.why(stmt, "a statement not read"))

    @staticmethod
    def is_op(func: ast.expr, batch: dict[str, str] | None) -> bool:
        owner = func.value if isinstance(func, ast.Attribute) else None
        return isinstance(owner, ast.Name) and (owner.id == "op" or owner.id in (batch or {}))

    def unknown_call(self, call: ast.Call, batch: dict[str, str] | None, what: str) -> None:
        func = call.func
        owner = func.value if isinstance(func, ast.Attribute) else None
        if isinstance(owner, ast.Name) and batch and owner.id in batch:
            self.schema.mark_unknown(batch[owner.id], self.why(call, what))
            return
        if not self.is_op(func, batch):
            self.other_call(call)
            return
        tables = self._tables_named(call)
        if tables is None:
            self.schema.mark_unknown(None, self.why(call, what))
        for t in tables or ():
            self.schema.mark_unknown(t, self.why(call, what))

    def _tables_named(self, call: ast.Call) -> list[str] | None:
        op = last_name(call.func)
        if op == "execute":
            return self._sql_tables(call)
        position = {"create_index": 1, "create_unique_constraint": 1, "create_foreign_key": 1,
                    "create_check_constraint": 1, "drop_constraint": 1}.get(op, 0)  # fmt: skip
        args = call.args
        table = (
            _lit(args[position])
            if len(args) > position
            else _lit(keyword_value(call, "table_name"))
        )
        return [table] if isinstance(table, str) else None

    def _sql_tables(self, call: ast.Call) -> list[str] | None:
        arg = call.args[0] if call.args else keyword_value(call, "sqltext", "statement")
        if isinstance(arg, ast.Call) and last_name(arg.func) == "text" and arg.args:
            arg = arg.args[0]
        sql = _lit(arg)
        if not isinstance(sql, str):
            return None
        return sorted(set(DDL_TABLE.findall(sql)))

    def other_call(self, call: ast.Call) -> None:
        """``conn.execute(...)``, ``my_enum.create(op.get_bind())``: DDL text makes its tables
        unknown; a type created or dropped, or a data change, leaves the schema as it is."""
        if last_name(call.func) in ("create", "drop"):
            return
        if last_name(call.func) == "execute":
            arg = call.args[0] if call.args else None
            if isinstance(arg, ast.Call) and last_name(arg.func) == "text" and arg.args:
                arg = arg.args[0]
            sql = _lit(arg) if arg is not None else None
            if isinstance(sql, str):
                if DDL_WORDS.match(sql):
                    for t in DDL_TABLE.findall(sql):
                        self.schema.mark_unknown(t, self.why(call, "DDL run as SQL text"))
                return
            if arg is not None and not isinstance(arg, ast.Call):
                self.schema.mark_unknown(None, self.why(call, "SQL that is not a literal"))

    # --- op.* ----------------------------------------------------------------------------------

    def call(self, call: ast.Call, batch: dict[str, str] | None) -> None:
        func = call.func
        if not isinstance(func, ast.Attribute) or not self.is_op(func, batch):
            self.other_call(call)
            return
        owner = func.value.id if isinstance(func.value, ast.Name) else "op"
        args = list(call.args)
        if owner != "op" and batch is not None:
            table: object = batch[owner]
        elif func.attr in (
            "execute",
            "bulk_insert",
            "get_bind",
            "get_context",
            "f",
            "inline_literal",
            "run_async",
        ):
            table = None
        elif func.attr in ("create_index", "create_unique_constraint", "create_check_constraint",
                           "create_primary_key", "drop_constraint"):  # fmt: skip
            table = _lit(args.pop(1)) if len(args) > 1 else _lit(keyword_value(call, "table_name"))
        elif func.attr == "create_foreign_key":
            table = (
                _lit(args.pop(1)) if len(args) > 1 else _lit(keyword_value(call, "source_table"))
            )
        elif func.attr == "drop_index":
            table = _lit(keyword_value(call, "table_name")) if len(args) < 2 else _lit(args.pop(1))
            if table is None:
                index = _lit(args[0]) if args else None
                table = next(
                    (
                        t.name
                        for t in self.schema.tables.values()
                        if any(i.name == index for i in t.indexes)
                    ),
                    None,
                )
        else:
            table = _lit(args.pop(0)) if args else _lit(keyword_value(call, "table_name"))
        handler = getattr(self, "op_" + func.attr, None)
        if func.attr in ("execute",):
            self.other_call(call)
            return
        if func.attr in ("bulk_insert", "get_bind", "get_context", "f", "inline_literal"):
            return
        if not isinstance(table, str) or handler is None:
            self.schema.mark_unknown(
                table if isinstance(table, str) else None, self.why(call, f"`{func.attr}` not read")
            )
            return
        try:
            ok = handler(table, args, call)
        except (IndexError, KeyError, ValueError, TypeError, AttributeError):
            ok = False
        if ok is False:
            self.schema.mark_unknown(table, self.why(call, f"`{func.attr}` not read"))

    def tbl(self, name: str) -> TableSpec:
        if name not in self.schema.tables:
            self.schema.mark_unknown(
                name, f"{self.rev.path}: changes table `{name}` no revision creates"
            )
            self.schema.tables[name] = TableSpec(name)
        return self.schema.tables[name]

    def op_create_table(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        spec = TableSpec(table)
        for item in args:
            if not isinstance(item, ast.Call):
                return False
            kind = last_name(item.func)
            if kind == "Column":
                if not self.add_column_def(spec, item):
                    return False
            elif kind == "PrimaryKeyConstraint":
                cols = tuple(str(_lit(a)) for a in item.args)
                spec.primary_key = cols
                for c in cols:
                    if c in spec.columns:
                        spec.columns[c] = replace(spec.columns[c], nullable=False, primary_key=True)
            elif kind == "ForeignKeyConstraint":
                local, remote = _names(item.args[0]), _names(item.args[1])
                if local is None or remote is None:
                    return False
                spec.foreign_keys.append(
                    _fk(_lit(keyword_value(item, "name")), local, remote, item)
                )
            elif kind == "UniqueConstraint":
                spec.uniques.append(
                    UniqueSpec(
                        _str(keyword_value(item, "name")), tuple(str(_lit(a)) for a in item.args)
                    )
                )
            elif kind == "CheckConstraint":
                spec.checks.append(
                    CheckSpec(_str(keyword_value(item, "name")), str(_lit(item.args[0])))
                )
            elif kind == "Index":
                spec.indexes.append(
                    IndexSpec(
                        _str(item.args[0]),
                        tuple(str(_lit(a)) for a in item.args[1:]),
                        _lit(keyword_value(item, "unique")) is True,
                    )
                )
            else:
                return False
        self.schema.tables[table] = spec
        return True

    def add_column_def(self, spec: TableSpec, col: ast.Call) -> bool:
        args = list(col.args)
        name = _lit(args.pop(0)) if args else _lit(keyword_value(col, "name"))
        if not isinstance(name, str):
            return False
        type_expr = keyword_value(col, "type_")
        fks: list[ast.Call] = []
        for item in args:
            if isinstance(item, ast.Call) and last_name(item.func) == "ForeignKey":
                fks.append(item)
            elif type_expr is None:
                type_expr = item
        sql_type = column_type(type_expr) if type_expr is not None else SqlType("NullType", "")
        pk = _lit(keyword_value(col, "primary_key")) is True
        nullable = _lit(keyword_value(col, "nullable"))
        spec.columns[name] = ColumnSpec(
            name, sql_type, nullable if isinstance(nullable, bool) else not pk, pk,
            server_default_text(keyword_value(col, "server_default")),
        )  # fmt: skip
        if pk:
            spec.primary_key = (*spec.primary_key, name)
        for fk in fks:
            target = _lit(fk.args[0]) if fk.args else None
            if not isinstance(target, str) or "." not in target:
                return False
            spec.foreign_keys.append(_fk(_lit(keyword_value(fk, "name")), (name,), (target,), fk))
        if _lit(keyword_value(col, "unique")) is True:
            spec.uniques.append(UniqueSpec(None, (name,)))
        if _lit(keyword_value(col, "index")) is True:
            spec.indexes.append(IndexSpec(f"ix_{spec.name}_{name}", (name,)))
        return True

    def op_drop_table(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        self.schema.tables.pop(table, None)
        return True

    def op_rename_table(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        new = _lit(args[0]) if args else _lit(keyword_value(call, "new_table_name"))
        if not isinstance(new, str):
            return False
        spec = self.tbl(table)
        self.schema.tables.pop(table)
        spec.name = new
        self.schema.tables[new] = spec
        return True

    def op_add_column(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        col = args[0] if args else keyword_value(call, "column")
        return isinstance(col, ast.Call) and self.add_column_def(self.tbl(table), col)

    def op_drop_column(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        name = _lit(args[0]) if args else _lit(keyword_value(call, "column_name"))
        spec = self.tbl(table)
        spec.columns.pop(str(name), None)
        spec.indexes = [i for i in spec.indexes if name not in i.columns]
        spec.uniques = [u for u in spec.uniques if name not in u.columns]
        spec.foreign_keys = [f for f in spec.foreign_keys if name not in f.columns]
        return isinstance(name, str)

    def op_alter_column(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        name = _lit(args[0]) if args else _lit(keyword_value(call, "column_name"))
        spec = self.tbl(table)
        if not isinstance(name, str) or name not in spec.columns:
            return False
        col = spec.columns[name]
        nullable = _lit(keyword_value(call, "nullable"))
        if isinstance(nullable, bool):
            col = replace(col, nullable=nullable)
        type_expr = keyword_value(call, "type_")
        if type_expr is not None:
            col = replace(col, type=column_type(type_expr))
        if any(k.arg == "server_default" for k in call.keywords):
            value = keyword_value(call, "server_default")
            col = replace(
                col,
                server_default=None
                if value is None or _lit(value) is False or _lit(value) is None
                else ast.unparse(value),
            )
        new = _lit(keyword_value(call, "new_column_name"))
        spec.columns[name] = col
        if isinstance(new, str):
            spec.columns = {
                (new if k == name else k): (replace(v, name=new) if k == name else v)
                for k, v in spec.columns.items()
            }
            rename = lambda cols: tuple(new if c == name else c for c in cols)  # noqa: E731
            spec.indexes = [replace(i, columns=rename(i.columns)) for i in spec.indexes]
            spec.uniques = [replace(u, columns=rename(u.columns)) for u in spec.uniques]
            spec.foreign_keys = [replace(f, columns=rename(f.columns)) for f in spec.foreign_keys]
        return True

    def op_create_index(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        name = _lit(args[0]) if args else _lit(keyword_value(call, "index_name"))
        cols = _names(args[1] if len(args) > 1 else keyword_value(call, "columns"))
        if cols is None:
            return False
        self.tbl(table).indexes.append(
            IndexSpec(
                name if isinstance(name, str) else None,
                cols,
                _lit(keyword_value(call, "unique")) is True,
            )
        )
        return True

    def op_drop_index(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        name = _lit(args[0]) if args else _lit(keyword_value(call, "index_name"))
        spec = self.tbl(table)
        before = len(spec.indexes)
        spec.indexes = [i for i in spec.indexes if i.name != name]
        return len(spec.indexes) < before

    def op_create_unique_constraint(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        cols = _names(args[1] if len(args) > 1 else keyword_value(call, "columns"))
        if cols is None:
            return False
        self.tbl(table).uniques.append(UniqueSpec(_str(args[0] if args else None), cols))
        return True

    def op_create_foreign_key(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        name = _lit(args[0]) if args else None
        ref = _lit(args[1]) if len(args) > 1 else _lit(keyword_value(call, "referent_table"))
        local = _names(args[2] if len(args) > 2 else keyword_value(call, "local_cols"))
        remote = _names(args[3] if len(args) > 3 else keyword_value(call, "remote_cols"))
        if not isinstance(ref, str) or local is None or remote is None:
            return False
        self.tbl(table).foreign_keys.append(
            ForeignKeySpec(name if isinstance(name, str) else None, local, ref, remote, _str(keyword_value(call, "ondelete")))
        )  # fmt: skip
        return True

    def op_create_check_constraint(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        cond = args[1] if len(args) > 1 else keyword_value(call, "condition")
        self.tbl(table).checks.append(
            CheckSpec(_str(args[0] if args else None), str(_lit(cond)) if cond is not None else "")
        )
        return True

    def op_create_primary_key(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        cols = _names(args[1] if len(args) > 1 else keyword_value(call, "columns"))
        if cols is None:
            return False
        self.tbl(table).primary_key = cols
        return True

    def op_drop_constraint(self, table: str, args: list[ast.expr], call: ast.Call) -> bool:
        name = _lit(args[0]) if args else _lit(keyword_value(call, "constraint_name"))
        if not isinstance(name, str):
            return False
        spec = self.tbl(table)
        kind = _lit(keyword_value(call, "type_"))
        before = len(spec.uniques) + len(spec.foreign_keys) + len(spec.checks)
        if kind in (None, "unique"):
            spec.uniques = [u for u in spec.uniques if u.name != name]
        if kind in (None, "foreignkey"):
            spec.foreign_keys = [f for f in spec.foreign_keys if f.name != name]
        if kind in (None, "check"):
            spec.checks = [c for c in spec.checks if c.name != name]
        if kind == "primary":
            spec.primary_key = ()
            return True
        return len(spec.uniques) + len(spec.foreign_keys) + len(spec.checks) < before


def _str(expr: ast.expr | None) -> str | None:
    value = _lit(expr)
    return value if isinstance(value, str) else None


def _fk(
    name: object, local: tuple[str, ...], remote: tuple[str, ...], node: ast.Call
) -> ForeignKeySpec:
    table = remote[0].rpartition(".")[0]
    return ForeignKeySpec(
        name if isinstance(name, str) else None, local, table,
        tuple(r.rpartition(".")[2] for r in remote), _str(keyword_value(node, "ondelete")),
    )  # fmt: skip

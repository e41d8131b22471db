"""Column types as a migration writes and compares them: ``String(50)``, ``sa.String(length=50)``
and ``Mapped[str]`` with ``type_annotation_map`` all read to one :class:`SqlType`."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from ...core.syntax import dotted_name, last_name

# positional parameters of the SQLAlchemy types, as their constructors name them
POSITIONAL: dict[str, tuple[str, ...]] = {
    **{n: ("length", "collation") for n in ("String", "VARCHAR", "CHAR", "NVARCHAR", "NCHAR")},
    **{n: ("length", "collation") for n in ("Text", "TEXT", "Unicode", "UnicodeText", "CLOB")},
    **{n: ("length",) for n in ("LargeBinary", "BLOB", "BINARY", "VARBINARY", "BYTEA")},
    **{n: ("precision", "scale", "asdecimal") for n in ("Numeric", "NUMERIC", "DECIMAL")},
    **{n: ("precision", "asdecimal") for n in ("Float", "FLOAT", "Double", "DOUBLE", "REAL")},
    **{n: ("timezone",) for n in ("DateTime", "DATETIME", "TIMESTAMP", "Time", "TIME")},
    "Interval": ("native", "second_precision", "day_precision"),
    "Boolean": ("create_constraint", "name"),
    "ARRAY": ("item_type", "as_tuple", "dimensions"),
    "JSON": ("none_as_null",),
    "JSONB": ("none_as_null", "astext_type"),
    "Uuid": ("as_uuid", "native_uuid"),
    "UUID": ("as_uuid",),
}
# types that compare as one: what the database stores, not how the model spells it
FAMILIES: dict[str, str] = {
    **dict.fromkeys(("String", "VARCHAR", "NVARCHAR", "Unicode", "AutoString"), "string"),
    **dict.fromkeys(("CHAR", "NCHAR"), "char"),
    **dict.fromkeys(("Text", "TEXT", "UnicodeText", "CLOB"), "text"),
    **dict.fromkeys(("Integer", "INTEGER", "INT"), "integer"),
    **dict.fromkeys(("BigInteger", "BIGINT"), "bigint"),
    **dict.fromkeys(("SmallInteger", "SMALLINT"), "smallint"),
    **dict.fromkeys(("Numeric", "NUMERIC", "DECIMAL"), "numeric"),
    **dict.fromkeys(("Float", "FLOAT", "Double", "DOUBLE", "DOUBLE_PRECISION", "REAL"), "float"),
    **dict.fromkeys(("DateTime", "DATETIME", "TIMESTAMP"), "datetime"),
    **dict.fromkeys(("Date", "DATE"), "date"),
    **dict.fromkeys(("Time", "TIME"), "time"),
    **dict.fromkeys(("Boolean", "BOOLEAN"), "boolean"),
    **dict.fromkeys(("LargeBinary", "BLOB", "BYTEA", "BINARY", "VARBINARY"), "binary"),
    **dict.fromkeys(("Uuid", "UUID"), "uuid"),
    **dict.fromkeys(("JSON",), "json"),
    **dict.fromkeys(("JSONB",), "jsonb"),
    **dict.fromkeys(("Enum", "ENUM"), "enum"),
    **dict.fromkeys(("Interval", "INTERVAL"), "interval"),
}
POSTGRESQL_ONLY = frozenset(
    {"JSONB", "BYTEA", "DOUBLE_PRECISION", "INET", "CIDR", "TSVECTOR", "HSTORE"}
)
COMPARED_ARGS = ("length", "precision", "scale", "timezone")


@dataclass(frozen=True)
class SqlType:
    """A column type: its name, the module that defines it (``sa``, ``postgresql``; "" when
    the type is the project's own and cannot be written without importing it), its keyword
    arguments as Python source, and an enum's values."""

    name: str
    module: str = "sa"
    args: tuple[tuple[str, str], ...] = ()
    enum_values: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.module != ""

    @property
    def family(self) -> str:
        return FAMILIES.get(self.name, self.name)

    @property
    def enum_name(self) -> str | None:
        if self.family != "enum":
            return None
        text = dict(self.args).get("name")
        return ast.literal_eval(text) if text else None

    def arg(self, key: str) -> str | None:
        return dict(self.args).get(key)

    def render(self) -> str:
        parts = [repr(v) for v in self.enum_values] + [f"{k}={v}" for k, v in self.args]
        return f"{self.module or 'sa'}.{self.name}({', '.join(parts)})"

    def same_as(self, other: SqlType) -> bool:
        """What Alembic's type comparison sees: family and size, not spelling."""
        if not (self.known and other.known):
            return True  # a type we cannot read is never reported as changed
        if self.family != other.family:
            return False
        return all(_norm(self.arg(k)) == _norm(other.arg(k)) for k in COMPARED_ARGS)


def _norm(value: str | None) -> str | None:
    return None if value in (None, "None", "False") else value


Evaluate = Callable[[ast.expr], object]
Members = Callable[[ast.expr], "tuple[str, str] | None"]  # (enum class name, members joined)


def read_type(
    expr: ast.expr,
    module_of: Callable[[ast.expr], str | None],
    evaluate: Evaluate,
    enum_class: Callable[[ast.expr], tuple[str, tuple[str, ...]] | None] | None = None,
) -> SqlType:
    """The type a type expression denotes (``String(50)``, ``sa.Enum("a", name="x")``,
    ``postgresql.JSONB``). ``module_of`` names the module of a type's name (None for a type
    the project defines), ``evaluate`` folds constants, ``enum_class`` reads a Python enum."""
    func = expr.func if isinstance(expr, ast.Call) else expr
    name = last_name(func) or (dotted_name(func) or "?")
    module = module_of(func)
    if module is None:
        return SqlType(name, "")
    if name == "AutoString":  # SQLModel's: a String that the database sees as VARCHAR
        name = "String"
    if name == "ENUM" and module == "sa":
        name = "Enum"
    args: list[tuple[str, str]] = []
    values: list[str] = []
    if isinstance(expr, ast.Call):
        positional = POSITIONAL.get(name, ())
        if name in ("Enum", "ENUM"):
            for arg in expr.args:
                value = evaluate(arg)
                if isinstance(value, str):
                    values.append(value)
                elif enum_class is not None and (found := enum_class(arg)) is not None:
                    cls_name, members = found
                    values.extend(members)
                    args.append(("name", repr(cls_name.lower())))
                else:
                    return SqlType(name, "")
        else:
            for key, arg in zip(positional, expr.args, strict=False):
                text = _value(arg, module_of, evaluate)
                if text is None:
                    return SqlType(name, "")
                args.append((key, text))
        for kw in expr.keywords:
            if kw.arg is None:
                return SqlType(name, "")
            text = _value(kw.value, module_of, evaluate)
            if text is None:
                return SqlType(name, "")
            args = [(k, v) for k, v in args if k != kw.arg] + [(kw.arg, text)]
    args = [(k, v) for k, v in args if not (name != "Enum" and k == "name" and v == "None")]
    return SqlType(name, module, tuple(args), tuple(values))


def _value(
    arg: ast.expr, module_of: Callable[[ast.expr], str | None], evaluate: Evaluate
) -> str | None:
    value = evaluate(arg)
    if isinstance(value, (str, int, float, bool)) or (value is None and _is_none(arg)):
        return repr(value)
    if isinstance(arg, (ast.Call, ast.Attribute, ast.Name)):
        inner = read_type(arg, module_of, evaluate)  # ARRAY(sa.Integer()), astext_type=Text()
        return inner.render() if inner.known else None
    return None


def _is_none(arg: ast.expr) -> bool:
    return isinstance(arg, ast.Constant) and arg.value is None


def literal(expr: ast.expr) -> object:
    """A constant's value (the evaluation a revision file needs: its types are written out)."""
    try:
        return ast.literal_eval(expr)
    except (ValueError, SyntaxError, TypeError):
        return _UNKNOWN


_UNKNOWN = object()


def revision_module(func: ast.expr) -> str | None:
    """The module of a type as a revision file spells it: ``sa.``, ``sqlalchemy.``,
    ``postgresql.``, ``sqlmodel.sql.sqltypes.``, a bare imported name."""
    dotted = dotted_name(func) or ""
    head = dotted.rpartition(".")[0]
    if head in (
        "",
        "sa",
        "sqlalchemy",
        "sqlalchemy.types",
        "types",
        "sqlmodel.sql.sqltypes",
        "sqlmodel",
    ):
        return "sa" if last_name(func) not in POSTGRESQL_ONLY else "postgresql"
    if head.endswith("postgresql"):
        return "postgresql"
    if head.endswith("mysql"):
        return "mysql"
    return None

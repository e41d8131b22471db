"""What every reader shares: a class's ancestry (declarative bases marked) and small constant evaluations."""

from __future__ import annotations

import ast
from typing import Any

from ...core.model import OrmModel
from ...core.syntax import dotted_name
from ..facts import ClassFacts, ModuleFacts, Scope
from ..frameworks.common import LinkContext
from ..symbol_types import Assigned, ClassSym, External
from ..symbols import Symbols
from .annotations import ancestor_names, last_dotted_part
from .kinds import (
    AS_DECLARATIVE,
    DATACLASS_DECORATORS,
    DECLARATIVE_CLASSES,
    DECLARATIVE_FUNCS,
    DECLARATIVE_MARK,
    ENUM_CLASSES,
    FLASK_MODEL_MARK,
    FLASK_SQLALCHEMY,
    REGISTRY_CLASSES,
)
from .records import DjangoInfo, PendingRelation


class ClassReader:
    """The state of one extraction and what every ORM's reader needs: ancestry, evaluation."""

    def __init__(self, ctx: LinkContext, signature_classes: set[tuple[str, str]]) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self._ancestry: dict[tuple[str, str], list[ClassSym | str]] = {}
        self.sa_models: dict[str, OrmModel] = {}  # dotted class name -> model
        self.django: dict[str, DjangoInfo] = {}  # dotted class name -> model
        self.pending: list[PendingRelation] = []
        self.signature_classes = signature_classes
        self.serializers: dict[int, tuple[ClassSym, list[ClassSym | str]]] = {}

    # --- ancestry -----------------------------------------------------------------------

    def ancestry(self, sym: ClassSym, depth: int = 0) -> list[ClassSym | str]:
        """The class's ancestors, nearest first, roughly in method resolution order: project
        classes as symbols, outside classes (and base objects) as dotted names."""
        key = (sym.facts.path, sym.qualname)
        cached = self._ancestry.get(key)
        if cached is not None:
            return cached
        self._ancestry[key] = []  # a cycle stops here
        out: list[ClassSym | str] = []
        if depth < 24:
            info = sym.facts.classes[sym.qualname]
            if self._decorated_with(sym.facts, info, AS_DECLARATIVE):
                out.append(DECLARATIVE_MARK)
            for base in info.bases:
                for item in self._base(sym.facts, info.scope, base):
                    out.append(item)
                    if isinstance(item, ClassSym):
                        out.extend(self.ancestry(item, depth + 1))
        # Keep the last occurrence of a repeated ancestor: a shared base comes after the
        # classes that derive from it, as in the method resolution order.
        seen: set[Any] = set()
        linear: list[ClassSym | str] = []
        for item in reversed(out):
            ident = (item.facts.path, item.qualname) if isinstance(item, ClassSym) else item
            if ident not in seen:
                seen.add(ident)
                linear.append(item)
        linear.reverse()
        self._ancestry[key] = linear
        return linear

    def _base(self, facts: ModuleFacts, scope: Scope, base: ast.expr) -> list[ClassSym | str]:
        if isinstance(base, ast.Subscript):  # Generic[T]
            base = base.value
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, base))
        if isinstance(sym, ClassSym):
            return [sym]
        if (
            isinstance(sym, Assigned)
            and isinstance(sym.value, ast.Call)
            and self._makes_declarative_base(sym.facts, sym.scope, sym.value)
        ):
            return [DECLARATIVE_MARK]
        if isinstance(base, ast.Attribute) and base.attr == "Model":
            owner = self.symbols.follow(self.symbols.resolve_expr(facts, scope, base.value))
            if self._is_flask_db(owner):
                return [FLASK_MODEL_MARK]
        if isinstance(sym, External):
            return [sym.dotted]
        return []

    def _makes_declarative_base(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> bool:
        callee = self.symbols.qualified(facts, scope, call.func)
        if callee in DECLARATIVE_FUNCS:
            return True
        # registry().generate_base() / mapper_registry.generate_base()
        if isinstance(call.func, ast.Attribute) and call.func.attr == "generate_base":
            owner = call.func.value
            if isinstance(owner, ast.Call):
                return self.symbols.qualified(facts, scope, owner.func) in REGISTRY_CLASSES
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, owner))
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
                q = self.symbols.qualified(sym.facts, sym.scope, sym.value.func)
                return q in REGISTRY_CLASSES
        return False

    def _is_flask_db(self, sym: object) -> bool:
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            return self.symbols.qualified(sym.facts, sym.scope, sym.value.func) in FLASK_SQLALCHEMY
        return False

    def _decorated_with(self, facts: ModuleFacts, info: ClassFacts, names: frozenset[str]) -> bool:
        for dec in info.node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            if self.symbols.qualified(facts, info.scope, target) in names:
                return True
        return False

    def _is_declarative_root(self, sym: ClassSym) -> bool:
        """``class Base(DeclarativeBase)`` or ``@as_declarative() class Base``: the base itself."""
        info = sym.facts.classes[sym.qualname]
        if self._decorated_with(sym.facts, info, AS_DECLARATIVE):
            return True
        return any(
            item in DECLARATIVE_CLASSES
            for base in info.bases
            for item in self._base(sym.facts, info.scope, base)
        )

    def _keyword_true(self, sym: ClassSym, name: str) -> bool:
        info = sym.facts.classes[sym.qualname]
        for kw in info.node.keywords:
            if kw.arg == name:
                return self._bool(sym.facts, info.scope, kw.value) is True
        return False

    def _dataclass_kind(self, sym: ClassSym) -> str | None:
        info = sym.facts.classes[sym.qualname]
        for dec in info.node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            q = self.symbols.qualified(sym.facts, info.scope, target)
            if q in DATACLASS_DECORATORS:
                return "pydantic" if q.startswith("pydantic") else "dataclass"
        return None

    # --- small evaluations --------------------------------------------------------------

    def _bool(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> bool | None:
        if expr is None:
            return None
        value = self.symbols.evaluate(facts, scope, expr)
        return value if isinstance(value, bool) else None

    def _int(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> int | None:
        if expr is None:
            return None
        value = self.symbols.evaluate(facts, scope, expr)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _str(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> str | None:
        return self.symbols.evaluate_str(facts, scope, expr)

    def _callee(self, facts: ModuleFacts, scope: Scope, func: ast.expr) -> str:
        """The dotted name a call's function denotes; ``db.Column`` on a Flask-SQLAlchemy
        ``db`` object reads as ``sqlalchemy.Column``."""
        if isinstance(func, ast.Attribute):
            owner = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func.value))
            if self._is_flask_db(owner):
                return f"sqlalchemy.{func.attr}"
        return self.symbols.qualified(facts, scope, func) or (dotted_name(func) or "")

    def _is_sa(self, callee: str, *names: str) -> bool:
        head, _, last = callee.rpartition(".")
        return last in names and (not head or head.split(".")[0] in {"sqlalchemy", "sqlmodel"})

    def _python_type(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> str | None:
        """The dotted name of a Python type annotation (``datetime.datetime``), or "Enum" for
        an enum class."""
        if expr is None:
            return None
        if isinstance(expr, ast.Subscript) and last_dotted_part(expr.value) == "Literal":
            return "Enum"
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        if isinstance(sym, ClassSym):
            if ancestor_names(self.ancestry(sym)) & ENUM_CLASSES:
                return "Enum"
            return sym.qualname
        if isinstance(sym, External):
            return sym.dotted
        return dotted_name(expr)

    def _owners(
        self, sym: ClassSym, anc: list[ClassSym | str], family: frozenset[str]
    ) -> list[ClassSym]:
        """The class and its project ancestors of the same family (pydantic models, DRF
        serializers), base-most first: pydantic's and DRF's field order."""
        related = [
            a
            for a in reversed(anc)
            if isinstance(a, ClassSym) and ancestor_names(self.ancestry(a)) & family
        ]
        return [*related, sym]

"""What a name resolves to: a module, an assignment, a function, a class, an instance, or something outside the project."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from .facts import ModuleFacts, Scope


@dataclass(frozen=True)
class External:
    dotted: str


@dataclass(frozen=True, eq=False)
class ModuleSym:
    facts: ModuleFacts


@dataclass(frozen=True, eq=False)
class Assigned:
    facts: ModuleFacts
    scope: Scope
    name: str

    @property
    def value(self) -> ast.expr:
        return self.facts.assigns[(self.scope, self.name)]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.facts.path, self.scope, self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Assigned) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True, eq=False)
class FunctionSym:
    facts: ModuleFacts
    qualname: str

    @property
    def dotted(self) -> str:
        return f"{self.facts.module}.{self.qualname}"


@dataclass(frozen=True, eq=False)
class ClassSym:
    facts: ModuleFacts
    qualname: str

    @property
    def dotted(self) -> str:
        return f"{self.facts.module}.{self.qualname}"


@dataclass(frozen=True)
class Instance:
    """The value of ``Cls(...)``: attribute reads give the class's field defaults."""

    cls: ClassSym | External
    call: ast.Call | None = None


Symbol = External | ModuleSym | Assigned | FunctionSym | ClassSym

UNKNOWN: Any = object()

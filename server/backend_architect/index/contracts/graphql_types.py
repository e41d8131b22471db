"""The GraphQL object, input and enum types an operation reaches, read statically from the
Strawberry and Graphene classes (the same field readers the route index uses)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ...core.model import Route
from ...core.syntax import last_name
from ..facts import ModuleFacts
from ..frameworks.common import LinkContext
from ..frameworks.graphql import GraphQLLinker
from ..project import ProjectIndex
from ..symbol_types import ClassSym

BUILTIN_SCALARS = frozenset({"Int", "Float", "String", "Boolean", "ID"})
_STRAWBERRY_KINDS = {
    "type": "type",
    "interface": "interface",
    "input": "input",
    "enum": "enum",
}
_GRAPHENE_KINDS = {
    "ObjectType": "type",
    "Mutation": "type",
    "Interface": "interface",
    "InputObjectType": "input",
    "Enum": "enum",
}
_NAME = re.compile(r"[A-Za-z_]\w*")


def base_name(type_text: str) -> str:
    """``[Book!]!`` -> ``Book``."""
    m = _NAME.search(type_text)
    return m.group(0) if m else type_text


@dataclass
class GraphQLType:
    name: str
    kind: str  # "type", "interface", "input", "enum", "scalar" (unresolved)
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, GraphQL type)
    values: list[str] = field(default_factory=list)  # an enum's members

    def sdl(self) -> str:
        if self.kind == "scalar":
            return f"scalar {self.name}  # unresolved"
        if self.kind == "enum":
            body = [f"  {v}" for v in self.values]
        else:
            body = [f"  {n}: {t}" for n, t in self.fields]
        return "\n".join([f"{self.kind} {self.name} {{", *body, "}"])


class GraphQLTypes:
    """Type name -> its declaration, followed from each operation's return and argument types."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        modules = [f for p in sorted(index.relevant) if (f := index.facts(p)) is not None]
        self.modules = modules
        self.linker = GraphQLLinker(LinkContext(index.symbols, modules, index.root))
        self.types: dict[str, GraphQLType] = {}

    def reached(self, routes: list[Route]) -> list[str]:
        """Reads every type the routes reach (once each); their names, in the order reached."""
        order: list[str] = []
        for route in routes:
            facts = self.index.facts(route.file)
            scope = route.handler.partition(":")[2]
            camel = route.path != route.local_path or "_" not in (route.local_path or "")
            texts = [route.response_model or ""] + [p.annotation or "" for p in route.parameters]
            for text in texts:
                self._visit(base_name(text), facts, scope, camel, order)
        return order

    def _visit(
        self,
        name: str,
        facts: ModuleFacts | None,
        scope: str,
        camel: bool,
        order: list[str],
    ) -> None:
        if not name or name in BUILTIN_SCALARS or name in self.types:
            return
        cls = self._find(name, facts, scope)
        found = self._read(cls, camel) if cls is not None else None
        self.types[name] = found or GraphQLType(name, "scalar")
        order.append(name)
        if found is None or cls is None:
            return
        info = cls.facts.classes[cls.qualname]
        for _field, text in found.fields:
            self._visit(base_name(text), cls.facts, info.qualname, camel, order)

    def _find(self, name: str, facts: ModuleFacts | None, scope: str) -> ClassSym | None:
        symbols = self.index.symbols
        if facts is not None:
            sym = symbols.follow(symbols.resolve_expr(facts, scope, ast.Name(name)))
            if isinstance(sym, ClassSym) and self._kind(sym):
                return sym
        for module in self.modules:  # declared elsewhere than where the name is used
            for qualname, info in module.classes.items():
                if info.name == name:
                    candidate = ClassSym(module, qualname)
                    if self._kind(candidate):
                        return candidate
        return None

    def _kind(self, cls: ClassSym) -> str | None:
        symbols = self.index.symbols
        info = cls.facts.classes[cls.qualname]
        for dec in info.node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            dotted = symbols.qualified(cls.facts, info.scope, target) or ""
            if dotted.startswith("strawberry."):
                kind = _STRAWBERRY_KINDS.get(dotted.rsplit(".", 1)[-1])
                if kind:
                    return kind
        for base in symbols.class_bases(cls):
            if base.startswith("graphene."):
                kind = _GRAPHENE_KINDS.get(base.rsplit(".", 1)[-1])
                if kind:
                    return kind
        return None

    def _read(self, cls: ClassSym, camel: bool) -> GraphQLType | None:
        kind = self._kind(cls)
        info = cls.facts.classes[cls.qualname]
        if kind is None:
            return None
        if kind == "enum":
            values = [
                n
                for n, (_a, v) in info.fields.items()
                if v is not None and not n.startswith("_") and not isinstance(v, ast.Call)
            ]
            return GraphQLType(info.name, kind, values=values)
        strawberry = any(
            (last_name(d.func if isinstance(d, ast.Call) else d) or "") in _STRAWBERRY_KINDS
            for d in info.node.decorator_list
        )
        if strawberry:
            fields = self.linker._strawberry_fields(cls, camel)
        else:
            fields = self.linker._graphene_fields(cls, camel)
        return GraphQLType(info.name, kind, [(f.name, f.type or "Unresolved") for f in fields])

"""The entry point: models and schemas of a link, derived once per link and memoised by what they read."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...core.model import OrmModel, SchemaModel
from ..facts import ModuleFacts, Scope
from ..frameworks.common import LinkContext
from ..memo_keys import HashedKey
from ..symbol_types import ClassSym
from .annotations import ancestor_names
from .kinds import (
    DECLARATIVE_CLASSES,
    DECLARATIVE_MARK,
    DJANGO_MODEL,
    DRF_SERIALIZERS,
    FLASK_MODEL_MARK,
    MARSHMALLOW_SCHEMAS,
    PYDANTIC_MODEL,
    PYDANTIC_V1_MODEL,
    SETTINGS_CLASSES,
    SQLMODEL_CLASSES,
)
from .marshmallow import MarshmallowReader
from .serializers import SerializerReader
from .sqlmodel import SqlModelReader


def extract_models(ctx: LinkContext) -> list[OrmModel]:
    return _result(ctx).models


def extract_schemas(ctx: LinkContext) -> list[SchemaModel]:
    return _result(ctx).schemas


# ProjectIndex.relink calls both functions with one context; extract once for both.
_last: list[tuple[LinkContext, _Result]] = []


def _result(ctx: LinkContext) -> _Result:
    """Models and schemas, memoised (:meth:`Symbols.memo`) under the list of candidate
    classes and with what the extraction read (each candidate's definition, its ancestors,
    the modules names resolve through): an edit that leaves the candidates and everything
    they read alone, such as one inside a route handler, costs the candidate list only. The
    previous key is forgotten when the candidates change, so old results do not pile up."""
    if _last and _last[0][0] is ctx:
        return _last[0][1]
    candidates, signature = _candidates(ctx)
    key = HashedKey(
        (
            "models",
            tuple((sym.facts.path, sym.qualname) for sym in candidates),
            frozenset(signature),
        )
    )
    previous = ctx.persistent.get("models.key")
    if previous is not None and previous != key:
        ctx.symbols.forget(previous)
    ctx.persistent["models.key"] = key
    kept = ctx.symbols.memo(key, lambda: Extractor(ctx, signature).run(candidates))
    result = _Result(list(kept.models), list(kept.schemas))  # lists of its own per relink
    _last[:] = [(ctx, result)]
    return result


def _candidates(ctx: LinkContext) -> tuple[list[ClassSym], set[tuple[str, str]]]:
    """Every class of the candidate modules, then the classes named in handler signatures
    (they may live in files with no model text: a dataclass body)."""
    out = [ClassSym(facts, qual) for facts in ctx.modules for qual in facts.classes]
    signature: set[tuple[str, str]] = set()
    for facts in ctx.modules:
        for key in _signature_classes(ctx, facts):
            target = ctx.symbols.by_path.get(key[0])
            if target is not None and key[1] in target.classes:
                signature.add(key)
                out.append(ClassSym(target, key[1]))
    return out, signature


def _signature_classes(ctx: LinkContext, facts: ModuleFacts) -> tuple[tuple[str, str], ...]:
    """The project classes a module's handler signatures name, per module, memoised."""

    def compute() -> tuple[tuple[str, str], ...]:
        out = []
        for scope, name in _signature_names(facts):
            sym = ctx.symbols.follow(ctx.symbols.resolve_name(facts, scope, name))
            if isinstance(sym, ClassSym):
                out.append((sym.facts.path, sym.qualname))
        return tuple(out)

    return ctx.per_module("models.signature", facts, compute)


@dataclass
class _Result:
    models: list[OrmModel]
    schemas: list[SchemaModel]


class Extractor(SqlModelReader, SerializerReader, MarshmallowReader):
    """Every reader, and the driver that sends each candidate class to its ORM's reader."""

    def run(self, candidates: list[ClassSym]) -> _Result:
        models: list[OrmModel] = []
        schemas: list[SchemaModel] = []
        seen: set[tuple[str, str]] = set()
        for sym in candidates:
            key = (sym.facts.path, sym.qualname)
            if key in seen:
                continue
            seen.add(key)
            self.symbols.reads(sym.facts, sym.qualname)  # its class body is read directly
            anc = self.ancestry(sym)
            names = ancestor_names(anc)
            if names & SQLMODEL_CLASSES:
                if self._keyword_true(sym, "table"):
                    models.append(self.sqlmodel_model(sym, anc))
                schemas.append(self.pydantic_schema(sym, anc))
            elif names & (DECLARATIVE_CLASSES | {DECLARATIVE_MARK, FLASK_MODEL_MARK}):
                if not self._is_declarative_root(sym):
                    models.append(self.sqlalchemy_model(sym, anc))
            elif names & DJANGO_MODEL:
                models.append(self.django_model(sym, anc))
            elif names & SETTINGS_CLASSES:
                continue
            elif names & PYDANTIC_MODEL:
                schemas.append(self.pydantic_schema(sym, anc))
            elif names & PYDANTIC_V1_MODEL:
                schemas.append(self.pydantic_schema(sym, anc, "pydantic-v1"))
            elif names & DRF_SERIALIZERS:
                schemas.append(self.serializer_schema(sym, anc))
            elif names & MARSHMALLOW_SCHEMAS:
                schemas.append(self.marshmallow_schema(sym, anc))
            elif (kind := self._dataclass_kind(sym)) is not None and (
                kind == "pydantic" or key in self.signature_classes
            ):
                schemas.append(self.dataclass_schema(sym, anc))
        self._resolve_django_relations()
        models = [self._type_from_foreign_key(m, models) for m in models]
        self._django_serializer_fields(schemas)
        return _Result(models, schemas)


def _signature_names(facts: ModuleFacts) -> list[tuple[Scope, str]]:
    """(scope, name) of the imported or module-level class names in the annotations and
    ``response_model=`` of the module's decorated functions (route handlers, mostly)."""
    local = set(facts.imports) | {c.name for c in facts.classes.values() if not c.scope}
    out: dict[tuple[Scope, str], None] = {}
    for fn in facts.functions.values():
        node = fn.node
        if not node.decorator_list:
            continue
        args = node.args
        exprs = [
            a.annotation
            for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)
            if a.annotation is not None
        ]
        if node.returns is not None:
            exprs.append(node.returns)
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call):
                exprs.extend(kw.value for kw in dec.keywords if kw.arg == "response_model")
        for expr in exprs:
            for sub in ast.walk(expr):
                if isinstance(sub, ast.Name) and sub.id in local:
                    out[(fn.scope, sub.id)] = None
    return list(out)

"""The ``@expose`` endpoints a view class serves: its own and those it inherits from FAB."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...facts import FunctionFacts, ModuleFacts, Scope
from ...symbol_types import ClassSym
from ..common import arg, path_text
from .attributes import ClassAttributes
from .fab_classes import FAB_CLASSES


@dataclass
class Endpoint:
    """One ``@expose`` a class serves: its method, declared in the project or in FAB."""

    attr: str
    url: str
    methods: tuple[str, ...]
    facts: ModuleFacts | None = None  # the project method's module, None for FAB's own
    fn: FunctionFacts | None = None
    decorator: ast.Call | None = None
    fab_auth: tuple[str, ...] = ()
    fab_permission: str | None = None


class EndpointReader(ClassAttributes):
    """A class's endpoints, in FAB's order."""

    def _endpoints(self, chain: list[ClassSym], fab: list[str]) -> list[Endpoint]:
        """What ``BaseView._register_urls`` registers: each attribute, looked up through the
        MRO, that carries ``@expose`` urls. A project method overriding an exposed one without
        ``@expose`` serves nothing (FAB reads ``_urls`` off the attribute it finds)."""
        seen: set[str] = set()
        out: list[Endpoint] = []
        for klass in chain:
            info = klass.facts.classes[klass.qualname]
            names = [*info.methods, *info.fields]
            for name in names:
                if name in seen:
                    continue
                seen.add(name)
                fn = info.methods.get(name)
                if fn is None or info.fields.get(name) is not None:
                    continue  # a plain attribute hides a base's exposed method
                for dec in reversed(fn.decorators):
                    if not isinstance(dec, ast.Call) or not self._is_expose(klass.facts, fn, dec):
                        continue
                    url = arg(dec, 0, "url")
                    text = path_text(self.symbols, klass.facts, fn.scope, url) if url else "/"
                    out.append(
                        Endpoint(
                            name,
                            text,
                            self._methods(klass.facts, fn.scope, arg(dec, 1, "methods")),
                            klass.facts,
                            fn,
                            dec,
                        )
                    )
        for fab_name in fab:
            for name, urls, auth, permission in FAB_CLASSES[fab_name].exposed:
                if name in seen:
                    continue
                seen.add(name)
                for fab_url, methods in urls:
                    out.append(
                        Endpoint(name, fab_url, methods, fab_auth=auth, fab_permission=permission)
                    )
        return out

    def _is_expose(self, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call) -> bool:
        name = self.symbols.qualified(facts, fn.scope, dec.func) or ""
        return name.startswith("flask_appbuilder.") and name.rsplit(".", 1)[-1] == "expose"

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        if expr is None:
            return ("GET",)  # expose's default
        value = self.symbols.evaluate(facts, scope, expr)
        if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
            return tuple(dict.fromkeys(m.upper() for m in value))
        return ("GET",)

"""Django model options: ``Meta`` (inherited), app labels, abstract bases, the implicit primary key, indexes."""

from __future__ import annotations

import ast

from ...core.model import Column, OrmModel
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..memo_keys import ALL
from ..symbol_types import ClassSym
from .annotations import ancestor_names, last_dotted_part
from .kinds import DJANGO_MODEL
from .reader import ClassReader


class DjangoMeta(ClassReader):
    """Django ``Meta`` options and what follows from them."""

    def _meta(self, sym: ClassSym) -> dict[str, ast.expr]:
        """The options of the class's own ``Meta``, those of the classes it derives from
        (``class Meta(Base.Meta)``) under its own."""
        meta = sym.facts.classes.get(f"{sym.qualname}.Meta")
        if meta is None:
            return {}
        out: dict[str, ast.expr] = {}
        for item in reversed(self.ancestry(ClassSym(sym.facts, meta.qualname))):
            if isinstance(item, ClassSym):
                base = item.facts.classes[item.qualname]
                out.update({k: v for k, (_, v) in base.fields.items() if v is not None})
        out.pop("abstract", None)  # Django resets it on the Meta of an abstract model's child
        out.update({k: v for k, (_, v) in meta.fields.items() if v is not None})
        return out

    def _django_meta(
        self, sym: ClassSym, anc: list[ClassSym | str]
    ) -> tuple[dict[str, ast.expr], ModuleFacts, Scope]:
        """A model's ``Meta`` options and where to evaluate them: a model without a ``Meta``
        of its own inherits its abstract parent's (``abstract`` excepted)."""
        if f"{sym.qualname}.Meta" in sym.facts.classes:
            return self._meta(sym), sym.facts, sym.qualname
        for a in anc:
            if isinstance(a, ClassSym) and self._is_django(a) and self._abstract_django(a):
                meta = self._meta(a)
                meta.pop("abstract", None)
                return meta, a.facts, a.qualname
        return {}, sym.facts, sym.qualname

    def _abstract_django(self, sym: ClassSym) -> bool:
        meta = sym.facts.classes.get(f"{sym.qualname}.Meta")
        if meta is None or "abstract" not in meta.fields:
            return False
        return self._bool(sym.facts, meta.qualname, meta.fields["abstract"][1]) is True

    def _app_label(self, sym: ClassSym) -> str:
        meta, facts, scope = self._django_meta(sym, self.ancestry(sym))
        label = self._str(facts, scope, meta.get("app_label"))
        if label:
            return label
        parts = sym.facts.module.split(".")
        if "models" in parts:
            i = len(parts) - 1 - parts[::-1].index("models")
            if i > 0:
                return parts[i - 1]
        return parts[-2] if len(parts) > 1 else parts[0]

    def _django_auto_field(self, sym: ClassSym) -> str:
        """The implicit primary key's class: the app config's ``default_auto_field``, else
        Django's default ``AutoField``."""
        parts = sym.facts.module.split(".")
        app_module = (
            ".".join(parts[: parts.index("models")]) if "models" in parts else ".".join(parts[:-1])
        )
        apps = self.symbols.module(f"{app_module}.apps" if app_module else "apps", sym.facts.path)
        if apps is not None:
            self.symbols.depend(apps.path + ALL)  # its classes' bodies are read directly
            for cls in apps.classes.values():
                _, value = cls.fields.get("default_auto_field", (None, None))
                text = self._str(apps, cls.qualname, value)
                if text:
                    return text.rsplit(".", 1)[-1]
        return "AutoField"

    def _django_parent(self, anc: list[ClassSym | str]) -> ClassSym | None:
        """The nearest concrete (not abstract) Django model among the ancestors."""
        for a in anc:
            if isinstance(a, ClassSym) and self._is_django(a) and not self._abstract_django(a):
                return a
        return None

    def _is_django(self, sym: ClassSym) -> bool:
        return bool(ancestor_names(self.ancestry(sym)) & DJANGO_MODEL)

    def _django_meta_indexes(
        self,
        meta: dict[str, ast.expr],
        facts: ModuleFacts,
        scope: Scope,
        model: OrmModel,
        columns_of: dict[str, Column],
    ) -> None:

        def names(expr: ast.expr | None) -> tuple[str, ...]:
            value = self.symbols.evaluate(facts, scope, expr) if expr is not None else None
            if not isinstance(value, list):
                return ()
            out = []
            for v in value:
                if not isinstance(v, str):
                    return ()
                v = v.lstrip("-")
                col = columns_of.get(v)
                out.append(col.name if col else v)
            return tuple(out)

        def groups(expr: ast.expr | None) -> list[tuple[str, ...]]:
            # unique_together = ("a", "b") or (("a", "b"), ("c", "d"))
            if not isinstance(expr, (ast.Tuple, ast.List)) or not expr.elts:
                return []
            if all(isinstance(e, (ast.Tuple, ast.List)) for e in expr.elts):
                return [g for e in expr.elts if (g := names(e))]
            return [g] if (g := names(expr)) else []

        for item in _elements(meta.get("indexes")):
            if isinstance(item, ast.Call) and last_dotted_part(item.func) == "Index":
                cols = names(keyword_value(item, "fields"))
                if cols:
                    model.indexes.append(cols)
        model.indexes.extend(groups(meta.get("index_together")))
        model.unique_constraints.extend(groups(meta.get("unique_together")))
        for item in _elements(meta.get("constraints")):
            if isinstance(item, ast.Call) and last_dotted_part(item.func) == "UniqueConstraint":
                cols = names(keyword_value(item, "fields"))
                if cols:
                    model.unique_constraints.append(cols)


def _elements(expr: ast.expr | None) -> list[ast.expr]:
    return list(expr.elts) if isinstance(expr, (ast.List, ast.Tuple)) else []

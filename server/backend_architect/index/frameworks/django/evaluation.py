"""URL lists a project function builds, through the bounded evaluator (:mod:`...evaluator`).

``path("sites/", include(get_model_urls("dcim", "site")))``: the function is followed
statically, after the project's decorators have filled the registries it reads
(``@register_model_view(Site, "list", path="")``). What Django adds to the evaluator: a
model's ``_meta`` (``app_label``, ``model_name``), ``issubclass`` over the index's class
bases, and ``as_view`` kept as the call it is.
"""

from __future__ import annotations

import ast
from typing import Any

from ...evaluator import Evaluator, ExtCall, Method, Namespace
from ...facts import ModuleFacts, Scope
from ...memo_keys import DECORATORS
from ...symbol_types import UNKNOWN, ClassSym, External
from ...symbols import Symbols
from ..common import LinkContext
from .records import Item, Pattern

PATH_FUNCS = frozenset({"django.urls.path", "django.urls.conf.path"})
REGEX_FUNCS = frozenset({"django.urls.re_path", "django.urls.conf.re_path", "django.conf.urls.url"})


def evaluator(ctx: LinkContext) -> Evaluator:
    """One evaluator per relink, the project's decorators applied (what the linked modules
    and the modules they import by name run at import time). Whoever uses it depends on what
    applying them read and on those modules' decorators, not on every module: an edit
    elsewhere (a handler's body) keeps the URL lists built from the registries."""
    found = ctx.cache.get("django.evaluator")
    if found is None:
        made = Evaluator(
            ctx.symbols,
            attribute=lambda value, attr: model_attribute(ctx, value, attr),
            is_subclass=lambda a, b: is_subclass(ctx.symbols, a, b),
        )
        _, read = ctx.symbols.recorded(lambda: _apply_decorators(ctx, made))
        found = ctx.cache["django.evaluator"] = (made, read)
    for dep in found[1]:
        ctx.symbols.depend(dep)
    return found[0]


def _apply_decorators(ctx: LinkContext, made: Evaluator) -> None:
    closure = _import_closure(ctx)
    for facts in closure:
        ctx.symbols.depend(facts.path)  # a definition added or removed
        ctx.symbols.depend(facts.path + DECORATORS)
    made.run_decorators(closure)


def _import_closure(ctx: LinkContext) -> list[ModuleFacts]:
    """The linked modules, and the project modules they import as modules (``from . import
    views``: imported for the decorators it runs)."""
    out = {f.path: f for f in ctx.module_list}
    for facts in list(out.values()):
        for dotted in facts.imports.values():
            if dotted not in ctx.symbols.by_name:  # a name, not a module: not loaded for it
                continue
            mod = ctx.symbols.module(dotted, facts.path)
            if mod is not None and mod.path not in out:
                out[mod.path] = mod
    return [out[p] for p in sorted(out)]


def model_attribute(ctx: LinkContext, value: Any, attr: str) -> Any:
    """What Django adds to the evaluator: ``as_view`` kept as a call, a model's ``_meta``."""
    if isinstance(value, (ClassSym, External)) and attr == "as_view":
        return Method(value, attr)
    if isinstance(value, ClassSym) and attr == "_meta":
        return Namespace(
            {
                "app_label": app_label(ctx, value),
                "model_name": value.qualname.rsplit(".", 1)[-1].lower(),
                "object_name": value.qualname.rsplit(".", 1)[-1],
            }
        )
    return UNKNOWN


def app_label(ctx: LinkContext, cls: ClassSym) -> str:
    """``Meta.app_label``, else the app package's last name (the module before ``models``)."""
    meta = cls.facts.classes.get(f"{cls.qualname}.Meta")
    if meta is not None and "app_label" in meta.fields:
        value = meta.fields["app_label"][1]
        label = ctx.symbols.evaluate_str(cls.facts, meta.qualname, value) if value else None
        if label:
            return label
    parts = cls.facts.module.split(".")
    if "models" in parts[1:]:
        return parts[parts.index("models", 1) - 1]
    return parts[-2] if len(parts) > 1 else parts[0]


def is_subclass(symbols: Symbols, cls: Any, base: Any) -> bool | None:
    """``issubclass(cls, base)`` over the index's class bases; None when not classes."""
    if not isinstance(cls, ClassSym) or not isinstance(base, (ClassSym, External)):
        return None
    wanted = base.dotted
    names = [cls.dotted, *symbols.class_bases(cls)]
    if wanted in names:
        return True
    if isinstance(base, External):  # the same library class spelt through another module
        short, top = wanted.rsplit(".", 1)[-1], wanted.split(".")[0]
        return any(n.rsplit(".", 1)[-1] == short and n.split(".")[0] == top for n in names)
    return False


def evaluated_items(
    ctx: LinkContext, facts: ModuleFacts, scope: Scope, call: ast.Call
) -> list[Item] | None:
    """The urlpatterns entries a project function's call gives; None when it gives none the
    evaluator can know."""

    def compute() -> tuple[Item, ...] | None:
        value = evaluator(ctx).value(facts, scope, call)
        return None if value is UNKNOWN else tuple(pattern_items(value, facts, scope, call))

    # memoised per call: the walk of the URL tree asks on every relink
    key = ("django.evaluated", scope, call.lineno, call.col_offset)
    found = ctx.per_module(key, facts, compute)
    return list(found) if found is not None else None


def pattern_items(value: Any, facts: ModuleFacts, scope: Scope, call: ast.Call) -> list[Item]:
    out: list[Item] = []
    for element in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(element, (list, tuple)):
            out.extend(pattern_items(element, facts, scope, call))
        elif isinstance(element, ExtCall) and element.name in PATH_FUNCS | REGEX_FUNCS:
            route = element.args[0] if element.args else element.kwargs.get("route")
            view = element.args[1] if len(element.args) > 1 else element.kwargs.get("view")
            if isinstance(route, str) and view is not None and view is not UNKNOWN:
                regex = element.name in REGEX_FUNCS
                out.append(
                    Item(facts, scope, pattern=Pattern(route, regex, view, facts, scope, call))
                )
    return out


def appended_items(
    ctx: LinkContext, facts: ModuleFacts, scope: Scope, name: str, stmt: ast.stmt
) -> list[Item]:
    """What ``stmt`` appends to list ``name`` (``for m in MODELS: urlpatterns.append(...)``),
    the statement followed by the evaluator on an empty list; nothing when it cannot be."""
    names = evaluator(ctx).run(facts, scope, [stmt], {name: []})
    added = names.get(name) if names is not None else None
    if not isinstance(added, list):
        return []
    call = next((n for n in ast.walk(stmt) if isinstance(n, ast.Call)), None)
    return pattern_items(added, facts, scope, call) if call is not None else []

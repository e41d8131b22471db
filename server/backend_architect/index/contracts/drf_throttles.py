"""A DRF view's throttles as its contract's rate limits, as DRF applies them: the handler's
``@throttle_classes([...])`` (function views) or ``@action(throttle_classes=...)``, else the
view's ``throttle_classes``, else ``REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]``; each
throttle's rate its own ``rate``, else ``DEFAULT_THROTTLE_RATES`` under its ``scope``
(``anon``, ``user``, a subclass's own; ``ScopedRateThrottle``: the view's ``throttle_scope``).
Written ``"<rate> (<scope>)"``, ``"no rate set (<scope>)"`` where settings name none."""

from __future__ import annotations

import ast

from ...core.model import Route
from ...core.syntax import keyword_value
from ...index.facts import FunctionFacts, ModuleFacts
from ...index.project import ProjectIndex
from ...index.symbol_types import ClassSym, External
from .constraints import literal
from .drf import class_attr, rest_framework_setting, view_class

# DRF's throttles and the scope each reads its rate under (None: the view's throttle_scope)
_SCOPES: dict[str, str | None] = {
    "AnonRateThrottle": "anon",
    "UserRateThrottle": "user",
    "ScopedRateThrottle": None,
}


def drf_rate_limits(
    index: ProjectIndex, route: Route, facts: ModuleFacts, fn: FunctionFacts
) -> list[str]:
    cls = view_class(index, route)
    found = _declared(fn)
    where: tuple[ModuleFacts, str] = (facts, fn.scope)
    if found is None and cls is not None:
        attr = class_attr(index, cls, "throttle_classes")
        if attr is not None:
            where, found = (attr[0], attr[1]), attr[2]
    classes: list[str | ClassSym] = []
    if found is None:
        default = rest_framework_setting(index, "DEFAULT_THROTTLE_CLASSES")
        for item in _items(default):
            value = literal(item)
            if isinstance(value, str):
                classes.append(value)
    else:
        for item in _items(found):
            sym = index.symbols.follow(index.symbols.resolve_expr(where[0], where[1], item))
            if isinstance(sym, External):
                classes.append(sym.dotted)
            elif isinstance(sym, ClassSym):
                classes.append(sym)
    rates = literal(rest_framework_setting(index, "DEFAULT_THROTTLE_RATES"))
    rates = rates if isinstance(rates, dict) else {}
    view_scope = _text_attr(index, cls, "throttle_scope") if cls is not None else None
    out = []
    for throttle in classes:
        scope, rate = _scope_and_rate(index, throttle, view_scope)
        if scope is None and rate is None:
            continue
        rate = rate or rates.get(scope or "")
        out.append(f"{rate} ({scope})" if rate else f"no rate set ({scope})")
    return out


def _declared(fn: FunctionFacts) -> ast.expr | None:
    for dec in fn.node.decorator_list:
        if not isinstance(dec, ast.Call):
            continue
        name = dec.func.attr if isinstance(dec.func, ast.Attribute) else getattr(dec.func, "id", "")
        if name == "throttle_classes" and dec.args:
            return dec.args[0]
        if name == "action":
            given = keyword_value(dec, "throttle_classes")
            if given is not None:
                return given
    return None


def _items(expr: ast.expr | None) -> list[ast.expr]:
    return list(expr.elts) if isinstance(expr, (ast.List, ast.Tuple)) else []


def _scope_and_rate(
    index: ProjectIndex, throttle: str | ClassSym, view_scope: str | None
) -> tuple[str | None, str | None]:
    if isinstance(throttle, str):
        name = throttle.rsplit(".", 1)[-1]
        if name not in _SCOPES:
            return None, None
        return _SCOPES[name] or view_scope, None
    scope = _text_attr(index, throttle, "scope")
    rate = _text_attr(index, throttle, "rate")
    if scope is None:
        bases = [b.rsplit(".", 1)[-1] for b in index.symbols.class_bases(throttle)]
        known = next((b for b in bases if b in _SCOPES), None)
        if known is None and rate is None:
            return None, None
        scope = (_SCOPES.get(known) if known else None) or view_scope
    return scope, rate


def _text_attr(index: ProjectIndex, cls: ClassSym, name: str) -> str | None:
    found = class_attr(index, cls, name)
    value = literal(found[2]) if found is not None else None
    return value if isinstance(value, str) else None

"""Rate limits declared on a handler: ``@limiter.limit("5/minute")`` (slowapi, Flask-Limiter),
and for Flask the ``default_limits`` of the project's Flask-Limiter ``Limiter(...)`` on every
handler with no limit of its own (``@limiter.exempt``: none), as Flask-Limiter applies them."""

from __future__ import annotations

import ast

from ...core.syntax import keyword_value
from ...index.facts import FunctionFacts
from ...index.project import ProjectIndex
from ...index.symbol_types import External
from .constraints import literal

_FLASK_LIMITER = ("flask_limiter.Limiter", "flask_limiter.extension.Limiter")


def declared_limits(fn: FunctionFacts) -> list[str]:
    """``@limiter.limit("5/minute")`` / ``@limiter.shared_limit(...)`` on the handler."""
    out = []
    for dec in fn.node.decorator_list:
        if (
            isinstance(dec, ast.Call)
            and isinstance(dec.func, ast.Attribute)
            and dec.func.attr in ("limit", "shared_limit")
            and dec.args
        ):
            value = literal(dec.args[0])
            if isinstance(value, str):
                out.append(value)
    return out


def exempt(fn: FunctionFacts) -> bool:
    return any(
        isinstance(d, ast.Attribute) and d.attr == "exempt"
        for d in (dec.func if isinstance(dec, ast.Call) else dec for dec in fn.node.decorator_list)
    )


def flask_default_limits(index: ProjectIndex) -> list[str]:
    """``Limiter(..., default_limits=[...])`` of Flask-Limiter, wherever the project makes it."""
    for state in index.files.values():
        facts = state.facts
        if facts is None or "flask_limiter" not in " ".join(facts.imports.values()):
            continue
        for (scope, _name), value in facts.assigns.items():
            if not isinstance(value, ast.Call):
                continue
            sym = index.symbols.follow(index.symbols.resolve_expr(facts, scope, value.func))
            if isinstance(sym, External) and sym.dotted in _FLASK_LIMITER:
                found = literal(keyword_value(value, "default_limits"))
                if isinstance(found, list):
                    return [v for v in found if isinstance(v, str)]
    return []

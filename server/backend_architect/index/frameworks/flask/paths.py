"""Flask rules as paths: converters, how a blueprint's prefix joins a rule, decorator names."""

from __future__ import annotations

import ast
import re

from ....core.syntax import dotted_name

CONVERTER_RE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def flask_path(rule: str) -> str:
    """``/users/<int:user_id>`` -> ``/users/{user_id}``."""
    return CONVERTER_RE.sub(lambda m: "{" + m.group(2) + "}", rule)


def join_rule(prefix: str, rule: str) -> str:
    # Flask's BlueprintSetupState.add_url_rule joins exactly like this
    if not prefix:
        return rule
    if rule:
        return "/".join((prefix.rstrip("/"), rule.lstrip("/")))
    return prefix


def _decorator_name(dec: ast.expr) -> str | None:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return dotted_name(target)

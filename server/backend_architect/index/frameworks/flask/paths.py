"""Flask rules as paths (converters, how a blueprint's prefix joins a rule), the decorators
that check the caller, and the routes an extension serves itself."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from ....core.model import AuthRequirement, Route
from ....core.syntax import dotted_name
from ...facts import ModuleFacts
from ..common import AUTH_NAME_RE, LinkContext, generated_route, werkzeug_automatic

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


def auth_decorators(
    ctx: LinkContext, facts: ModuleFacts, decorators: Iterable[ast.expr], level: str
) -> list[AuthRequirement]:
    """The decorators (or entries of a ``decorators = [...]`` list) whose name says they check
    the caller (``login_required``, ``token_required``)."""
    return [
        AuthRequirement(name, level, ctx.origin(facts, d.lineno - 1))
        for d in decorators
        if (name := _decorator_name(d)) and AUTH_NAME_RE.search(name.split(".")[-1])
    ]


def extension_route(
    facts: ModuleFacts,
    call: ast.Call,
    handler: str,
    mount: tuple[str, list[AuthRequirement], bool],
    rule: str,
) -> Route:
    """A GET route an extension serves itself (its OpenAPI document, its documentation page),
    at ``rule`` under the app's ``mount``, pointing at the call that creates the extension."""
    prefix, auth, reachable = mount
    path = flask_path(join_rule(prefix, rule))
    return generated_route(
        "flask",
        facts,
        call,
        "GET",
        path,
        rule,
        handler,
        auth=auth,
        reachable=reachable,
        automatic=werkzeug_automatic(("GET",)),  # added by ``add_url_rule``
    )

"""BA113: Django's `ALLOWED_HOSTS` accepting any host in a production settings module."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.project_files import is_dev_file, is_settings_module


@register
class AllowedHostsWildcard(Rule):
    info = RuleInfo(
        code="BA113",
        name="allowed-hosts-wildcard",
        summary="`ALLOWED_HOSTS` accepts any host in a production settings module.",
        severity=Severity.WARNING,
        rationale=(
            "Django checks the Host header against `ALLOWED_HOSTS` because it builds absolute "
            'URLs from it: password-reset links, redirects, cache keys. With `"*"` an attacker '
            "sends a reset request with their own host and the victim's e-mail carries a link to "
            "the attacker's site (host header poisoning). List the domains the site serves, "
            "from the environment if they vary."
        ),
        bad='ROOT_URLCONF = "shop.urls"\nALLOWED_HOSTS = ["*"]',
        good='ROOT_URLCONF = "shop.urls"\nALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")',
        cwe=(20, 644),
    )
    node_types = (ast.Module,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Module, node)
        if is_dev_file(ctx) or not is_settings_module(ctx):
            return
        for stmt in node.body:
            if isinstance(stmt, ast.Assign):
                targets = stmt.targets
            elif isinstance(stmt, ast.AugAssign):
                targets = [stmt.target]
            else:
                continue
            if not any(isinstance(t, ast.Name) and t.id == "ALLOWED_HOSTS" for t in targets):
                continue
            value = stmt.value
            if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
                for elt in value.elts:
                    if isinstance(elt, ast.Constant) and elt.value == "*":
                        ctx.report(elt, '`ALLOWED_HOSTS` accepts any host ("*")')

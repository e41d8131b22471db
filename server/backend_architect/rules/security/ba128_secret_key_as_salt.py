"""BA128: the app's secret key given to Hashids as its salt."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import kwarg, walk_names

HASHIDS = frozenset({"hashids.Hashids", "Hashids"})
APP_SECRETS = frozenset({"SECRET_KEY", "secret_key", "SECRET", "APP_SECRET", "FLASK_SECRET_KEY"})


@register
class SecretKeyAsSalt(Rule):
    info = RuleInfo(
        code="BA128",
        name="secret-key-as-salt",
        summary="The app's secret key is given to Hashids as its salt.",
        severity=Severity.WARNING,
        rationale=(
            "Hashids is an encoding, not encryption: its salt can be worked out from a few "
            "encoded ids, and ids are shown to every user. Salted with the `SECRET_KEY` that "
            "signs sessions, cookies and reset links, it hands that key to whoever collects "
            "ids. Give Hashids a salt of its own (a separate setting), and do not treat the ids "
            "as secret."
        ),
        bad="from django.conf import settings\nfrom hashids import Hashids\n\n"
        "hashids = Hashids(salt=settings.SECRET_KEY, min_length=8)",
        good="from django.conf import settings\nfrom hashids import Hashids\n\n"
        "hashids = Hashids(salt=settings.HASHIDS_SALT, min_length=8)",
        cwe=(321, 200),
    )
    node_types = (ast.Call,)
    call_qualified = frozenset({"hashids.Hashids"})
    call_names = frozenset({"Hashids"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        if name not in HASHIDS:
            return
        salt_kw = kwarg(node, "salt")
        salt = salt_kw.value if salt_kw is not None else (node.args[0] if node.args else None)
        if salt is None or isinstance(salt, ast.Constant):
            return
        if any(n in APP_SECRETS for n in walk_names(salt)):
            ctx.report(
                salt, "Hashids' salt can be recovered from the ids: this exposes the secret key"
            )

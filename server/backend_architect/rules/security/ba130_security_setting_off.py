"""BA130: a framework's security setting switched off outside development settings."""

from __future__ import annotations

import ast
import re

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_false, kwarg, node_name
from ..support.project_files import DEV_WORDS, is_dev_file
from ..support.secrets import name_words

# setting -> what switching it off does
SETTINGS = {
    "SESSION_COOKIE_SECURE": "the session cookie is sent over plain HTTP",
    "CSRF_COOKIE_SECURE": "the CSRF cookie is sent over plain HTTP",
    "SESSION_COOKIE_HTTPONLY": "scripts on the page can read the session cookie",
    "WTF_CSRF_ENABLED": "Flask-WTF checks no CSRF token on any form",
    "WTF_CSRF_CHECK_DEFAULT": "Flask-WTF checks no CSRF token unless a view asks",
    "CSRF_ENABLED": "no CSRF token is checked",
}
DEFAULTS_RE = re.compile(r"\bdefault (?:\w+ )?settings\b|\boverride these\b", re.IGNORECASE)
JINJA_ENVIRONMENTS = frozenset({"jinja2.Environment", "jinja2.environment.Environment"})


def _dev_class(ctx: FileContext) -> bool:
    """Inside ``class TestingConfig`` / ``DevelopmentConfig``: settings for a test run."""
    return any(
        isinstance(n, ast.ClassDef) and DEV_WORDS.intersection(name_words(n.name))
        for n in ctx.stack
    )


@register
class SecuritySettingOff(Rule):
    info = RuleInfo(
        code="BA130",
        name="security-setting-off",
        summary="A security setting (secure cookies, CSRF, autoescaping) is switched off.",
        severity=Severity.WARNING,
        rationale=(
            "`SESSION_COOKIE_SECURE = False` and `CSRF_COOKIE_SECURE = False` send those "
            "cookies over plain HTTP; `WTF_CSRF_ENABLED = False` switches Flask-WTF's CSRF "
            "check off for every form; `autoescape: False` in Django's `TEMPLATES` or "
            "`jinja2.Environment(autoescape=False)` renders every variable as raw HTML (XSS "
            "wherever a value comes from a user). Development and test settings (by the file "
            "or class name, or a header that says so) are not flagged."
        ),
        bad="SESSION_COOKIE_SECURE = False\nWTF_CSRF_ENABLED = False",
        good="SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True",
        cwe=(614, 352, 79),
    )
    node_types = (ast.Assign, ast.Call, ast.Dict)
    call_qualified = JINJA_ENVIRONMENTS
    call_names = frozenset({"update"})
    type_markers = {
        ast.Assign: tuple(SETTINGS),
        ast.Dict: ("autoescape",),
        ast.Call: ("autoescape", *SETTINGS),
    }

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Assign):
            if not is_false(node.value):
                return
            for target in node.targets:
                name = node_name(target)
                if name in SETTINGS and not self._dev(ctx):
                    ctx.report(node.value, f"`{name} = False`: {SETTINGS[name]}")
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "autoescape"
                    and is_false(value)
                    and not self._dev(ctx)
                ):
                    ctx.report(value, "template autoescaping is off: every variable is raw HTML")
        elif isinstance(node, ast.Call):
            name = ctx.scopes.qualified(node.func)
            if name in JINJA_ENVIRONMENTS:
                kw = kwarg(node, "autoescape")
                if kw is not None and is_false(kw.value) and not self._dev(ctx):
                    ctx.report(
                        kw, "the Jinja environment does not escape: every variable is raw HTML"
                    )
                return
            # app.config.update(WTF_CSRF_ENABLED=False)
            if not (isinstance(node.func, ast.Attribute) and node.func.attr == "update"):
                return
            if "config" not in (dotted_name(node.func.value) or ""):
                return
            for kw in node.keywords:
                if kw.arg in SETTINGS and is_false(kw.value) and not self._dev(ctx):
                    ctx.report(kw, f"`{kw.arg}=False`: {SETTINGS[kw.arg]}")

    @staticmethod
    def _dev(ctx: FileContext) -> bool:
        return is_dev_file(ctx) or _dev_class(ctx) or _defaults_module(ctx)


def _defaults_module(ctx: FileContext) -> bool:
    """A framework's defaults (Django's ``global_settings``: "Default Django settings. Override
    these ..."), which a project's settings override."""
    doc = ast.get_docstring(ctx.tree) if isinstance(ctx.tree, ast.Module) else None
    return bool(doc) and DEFAULTS_RE.search(doc or "") is not None

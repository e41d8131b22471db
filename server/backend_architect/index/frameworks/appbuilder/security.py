"""The views and APIs a security manager registers: FAB's ``register_views`` adds the classes
its attributes name (``role_api = ProjectRoleApi``), so a project class set there is served.

Read from flask-appbuilder 5.3's ``security/manager.py`` (``BaseSecurityManager.register_views``)
and ``security/sqla/manager.py`` (``SecurityManager.register_views``, the security APIs)."""

from __future__ import annotations

import ast
from typing import Any, Protocol

from ...facts import ModuleFacts, Scope
from ...symbol_types import ClassSym, External
from ...symbols import Symbols
from ..common import LinkContext


class AppBuilderLinker(Protocol):
    """What is read of the linker (a Protocol: importing it would make an import cycle)."""

    ctx: LinkContext
    symbols: Symbols

    def _classes(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[ClassSym]: ...


BASE_MANAGER = "flask_appbuilder.security.manager.BaseSecurityManager"
SQLA_MANAGER = "flask_appbuilder.security.sqla.manager.SecurityManager"
# BaseSecurityManager.register_views, when FAB_ADD_SECURITY_VIEWS is not off; the three last
# each behind a setting that defaults to on
VIEWS = (
    "security_api",
    "userinfoeditview",
    "rolemodelview",
    "groupmodelview",
    "userstatschartview",
    "permissionmodelview",
    "viewmenumodelview",
    "permissionviewmodelview",
)
VIEW_SETTINGS = {
    "permissionmodelview": "FAB_ADD_SECURITY_PERMISSION_VIEW",
    "viewmenumodelview": "FAB_ADD_SECURITY_VIEW_MENU_VIEW",
    "permissionviewmodelview": "FAB_ADD_SECURITY_PERMISSION_VIEWS_VIEW",
}
# the user and login views per AUTH_TYPE (AUTH_DB, FAB's default, adds the password forms)
AUTH_VIEWS = {
    1: ("userdbmodelview", "authdbview", "resetpasswordview", "resetmypasswordview"),
    2: ("userldapmodelview", "authldapview"),
    3: ("userremoteusermodelview", "authremoteuserview"),
    4: ("useroauthmodelview", "authoauthview"),
    5: ("usersamlmodelview", "authsamlview"),
}
AUTH_NAMES = {"AUTH_DB": 1, "AUTH_LDAP": 2, "AUTH_REMOTE_USER": 3, "AUTH_OAUTH": 4, "AUTH_SAML": 5}
# SecurityManager.register_views (SQLAlchemy), when FAB_ADD_SECURITY_API is on (off by default)
APIS = (
    "permission_api",
    "role_api",
    "user_api",
    "view_menu_api",
    "permission_view_menu_api",
    "group_api",
)


def security_views(linker: AppBuilderLinker, managers: list[ClassSym]) -> list[ClassSym]:
    """The project classes that ``managers`` (the security manager classes given to
    AppBuilder) register through their attributes."""
    out: list[ClassSym] = []
    for manager in managers:
        bases = linker.symbols.class_bases(manager)
        if BASE_MANAGER not in bases and SQLA_MANAGER not in bases:
            continue
        chain = linker.symbols.class_chain(manager)
        if not _runs_fab_register_views(chain):
            continue
        names: list[str] = []
        if _setting(linker, "FAB_ADD_SECURITY_VIEWS", True) is not False:
            names += [n for n in VIEWS if _setting(linker, VIEW_SETTINGS.get(n), True) is not False]
            names += AUTH_VIEWS.get(_auth_type(linker), ())
        if SQLA_MANAGER in bases and _setting(linker, "FAB_ADD_SECURITY_API", False) is True:
            names += APIS
        for name in names:
            for klass in chain:
                field = klass.facts.classes[klass.qualname].fields.get(name)
                if field is not None and field[1] is not None:
                    out.extend(linker._classes(klass.facts, klass.qualname, field[1]))
                    break
    return out


def _runs_fab_register_views(chain: list[ClassSym]) -> bool:
    """Whether FAB's ``register_views`` runs: the project's nearest override (if any) calls
    ``super().register_views()``."""
    for klass in chain:
        fn = klass.facts.functions.get(f"{klass.qualname}.register_views")
        if fn is None:
            continue
        return any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "register_views"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "super"
            for node in ast.walk(fn.node)
        )
    return True


def _setting(linker: AppBuilderLinker, name: str | None, default: Any) -> Any:
    """A configuration value as the project's modules set it at module level or in a settings
    class (``FAB_ADD_SECURITY_API = True``); when several do, a value other than the default
    wins (the index cannot tell which configuration is loaded); ``default`` when none does."""
    if name is None:
        return default
    found = default
    for facts in linker.ctx.modules:
        places = [("", facts.assigns.get(("", name)))]
        places += [
            (c.qualname, c.fields.get(name, (None, None))[1]) for c in facts.classes.values()
        ]
        for scope, expr in places:
            if expr is None:
                continue
            value = linker.symbols.evaluate(facts, scope, expr)
            if value != default and isinstance(value, (bool, int, str)):
                found = value
            elif name == "AUTH_TYPE":  # ``AUTH_TYPE = AUTH_LDAP``: FAB's constant, by name
                sym = linker.symbols.follow(linker.symbols.resolve_expr(facts, scope, expr))
                if isinstance(sym, External) and sym.dotted.rsplit(".", 1)[-1] in AUTH_NAMES:
                    found = AUTH_NAMES[sym.dotted.rsplit(".", 1)[-1]]
    return found


def _auth_type(linker: AppBuilderLinker) -> int:
    value = _setting(linker, "AUTH_TYPE", 1)
    return value if isinstance(value, int) else 1

"""The views and APIs a security manager registers: FAB's ``register_views`` adds the classes
its attributes name (``role_api = ProjectRoleApi``), so a project class set there is served,
and FAB's own class (read off the installed manager's attributes) where the project sets none.

Read from flask-appbuilder 5.3's ``security/manager.py`` (``BaseSecurityManager.register_views``)
and ``security/sqla/manager.py`` (``SecurityManager.register_views``, the security APIs)."""

from __future__ import annotations

import ast
from typing import Any, Protocol

from ...facts import ModuleFacts, Scope
from ...libraries import full_class_chain
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
# the user and login views per AUTH_TYPE (AUTH_DB, FAB's default, adds the password forms)
AUTH_VIEWS = {
    1: ("resetpasswordview", "resetmypasswordview", "authdbview", "userdbmodelview"),
    2: ("authldapview", "userldapmodelview"),
    3: ("authremoteuserview", "userremoteusermodelview"),
    4: ("authoauthview", "useroauthmodelview"),
    5: ("authsamlview", "usersamlmodelview"),
}
AUTH_NAMES = {"AUTH_DB": 1, "AUTH_LDAP": 2, "AUTH_REMOTE_USER": 3, "AUTH_OAUTH": 4, "AUTH_SAML": 5}
# the self-registration form per AUTH_TYPE, with AUTH_USER_REGISTRATION on
REGISTER_VIEWS = {1: "registeruserdbview", 4: "registeruseroauthview"}
# the model views after the user view, each behind a setting that defaults to on (None: none)
MODEL_VIEWS = (
    ("rolemodelview", None),
    ("groupmodelview", None),
    ("userstatschartview", None),
    ("permissionmodelview", "FAB_ADD_SECURITY_PERMISSION_VIEW"),
    ("viewmenumodelview", "FAB_ADD_SECURITY_VIEW_MENU_VIEW"),
    ("permissionviewmodelview", "FAB_ADD_SECURITY_PERMISSION_VIEWS_VIEW"),
)
# SecurityManager.register_views (SQLAlchemy), when FAB_ADD_SECURITY_API is on (off by default)
APIS = (
    "permission_api",
    "role_api",
    "user_api",
    "view_menu_api",
    "permission_view_menu_api",
    "group_api",
)
# added by class, not by attribute, when FAB_API_KEY_ENABLED is on too
API_KEY_API = "flask_appbuilder.security.sqla.apis.ApiKeyApi"


def registered_attrs(linker: AppBuilderLinker, bases: list[str]) -> list[str]:
    """The attributes naming the views and APIs ``register_views`` adds, in FAB's order, for
    a manager whose library bases are ``bases``, under the project's settings."""
    if BASE_MANAGER not in bases and SQLA_MANAGER not in bases:
        return []
    if setting(linker.ctx, "FAB_ADD_SECURITY_VIEWS", True) is False:
        return []
    auth_type = _auth_type(linker)
    registration = setting(linker.ctx, "AUTH_USER_REGISTRATION", False) is True
    names = ["security_api"]
    if registration and auth_type in REGISTER_VIEWS:
        names.append(REGISTER_VIEWS[auth_type])
    names.append("userinfoeditview")
    names += AUTH_VIEWS.get(auth_type, ())
    for name, gate in MODEL_VIEWS:
        if setting(linker.ctx, gate, True) is not False:
            names.append(name)
        if name == "userstatschartview" and registration:
            names.append("registerusermodelview")
    if SQLA_MANAGER in bases and setting(linker.ctx, "FAB_ADD_SECURITY_API", False) is True:
        names += APIS
    return names


def manager_views(linker: AppBuilderLinker, manager: ClassSym) -> tuple[list[ClassSym], list[str]]:
    """What ``manager`` (a security manager class, the project's or FAB's own) registers: the
    project classes its attributes name (``role_api = ProjectRoleApi``), and the dotted names
    of FAB's classes that the others name (FAB's defaults, read from the installed package)."""
    bases = [manager.dotted, *linker.symbols.class_bases(manager)]
    if not _runs_fab_register_views(linker.symbols.class_chain(manager)):
        return [], []
    chain = full_class_chain(linker.symbols, manager, frozenset())
    ours: list[ClassSym] = []
    fab: list[str] = []
    for name in registered_attrs(linker, bases):
        for klass in chain:
            field = klass.facts.classes[klass.qualname].fields.get(name)
            if field is None or field[1] is None:
                continue
            value = field[1]
            if isinstance(value, ast.Constant):
                break  # ``userstatschartview = None``: FAB skips it
            if linker.symbols.by_path.get(klass.facts.path) is klass.facts:  # the project's
                ours.extend(linker._classes(klass.facts, klass.qualname, value))
            sym = linker.symbols.follow(
                linker.symbols.resolve_expr(klass.facts, klass.qualname, value)
            )
            if isinstance(sym, External) and sym.dotted.startswith("flask_appbuilder."):
                fab.append(sym.dotted)
            break
    if (
        SQLA_MANAGER in bases
        and setting(linker.ctx, "FAB_ADD_SECURITY_API", False) is True
        and setting(linker.ctx, "FAB_API_KEY_ENABLED", False) is True
    ):
        fab.append(API_KEY_API)
    return ours, fab


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


def setting(ctx: LinkContext, name: str | None, default: Any) -> Any:
    """A configuration value as the project's modules set it at module level or in a settings
    class (``FAB_ADD_SECURITY_API = True``); when several do, a value other than the default
    wins (the index cannot tell which configuration is loaded); ``default`` when none does.
    Read once per relink (the linker asks for some settings once per security manager)."""
    if name is None:
        return default
    key = f"fab-setting:{name}:{default!r}"
    if key not in ctx.cache:
        ctx.cache[key] = _read_setting(ctx, name, default)
    return ctx.cache[key]


def _read_setting(ctx: LinkContext, name: str, default: Any) -> Any:
    found = default
    symbols = ctx.symbols
    for facts in ctx.modules:
        places = [("", facts.assigns.get(("", name)))]
        places += [
            (c.qualname, c.fields.get(name, (None, None))[1]) for c in facts.classes.values()
        ]
        for scope, expr in places:
            if expr is None:
                continue
            value = symbols.evaluate(facts, scope, expr)
            if value != default and isinstance(value, (bool, int, str)):
                found = value
            elif name == "AUTH_TYPE":  # ``AUTH_TYPE = AUTH_LDAP``: FAB's constant, by name
                sym = symbols.follow(symbols.resolve_expr(facts, scope, expr))
                if isinstance(sym, External) and sym.dotted.rsplit(".", 1)[-1] in AUTH_NAMES:
                    found = AUTH_NAMES[sym.dotted.rsplit(".", 1)[-1]]
    return found


def _auth_type(linker: AppBuilderLinker) -> int:
    value = setting(linker.ctx, "AUTH_TYPE", 1)
    return value if isinstance(value, int) else 1

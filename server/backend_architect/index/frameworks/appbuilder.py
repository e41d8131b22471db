"""Flask-AppBuilder route discovery: the ``@expose`` methods of view and API classes (FAB's
``BaseView`` and ``BaseApi``, through the project's own base classes too), under each class's
``route_base``; the endpoints a class inherits from FAB itself (``ModelView``'s list/show/add,
``ModelRestApi``'s CRUD) filtered by ``include_route_methods``/``exclude_route_methods``; and
reachability by ``appbuilder.add_view``/``add_view_no_menu``/``add_api``.

Everything is read from the source: FAB's own classes are described by :data:`FAB_CLASSES`,
taken from flask-appbuilder 5.3's source (``baseviews.py``, ``views.py``, ``api/__init__.py``,
``security/views.py``, ``charts/views.py``)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...core.model import AuthRequirement, Route
from ..facts import INTERESTING_CALLS, ClassFacts, FunctionFacts, ModuleFacts, Scope, span_of
from ..symbols import Assigned, ClassSym, External, Symbols, dotted_name
from .common import (
    AUTH_NAME_RE,
    LinkContext,
    arg,
    assigns_of_kind,
    calls_named,
    dedupe,
    docstring,
    kwarg,
    path_text,
)
from .fastapi.raises import raised_errors
from .flask import _decorator_name, flask_path, handler_parameters, join_rule

APPBUILDER_CLASSES = frozenset({"flask_appbuilder.AppBuilder", "flask_appbuilder.base.AppBuilder"})
REGISTER_CALLS = ("add_view", "add_view_no_menu", "add_api")
INTERESTING_CALLS.update(REGISTER_CALLS)

# FAB's decorators that check the caller's permission (security/decorators.py); its
# ``permission_name`` only names the permission they check, so alone it protects nothing.
FAB_AUTH = frozenset({"has_access", "has_access_api", "protect"})


@dataclass(frozen=True)
class FabClass:
    bases: tuple[str, ...]
    # class attributes that place routes: route_base, version, resource_name
    attrs: dict[str, str | None]
    # (method name, ((url, methods), ...), FAB auth decorators, permission_name)
    exposed: tuple[
        tuple[str, tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...], str | None], ...
    ]


FAB_CLASSES: dict[str, FabClass] = {
    "BaseApi": FabClass((), {"version": "v1", "route_base": None, "resource_name": None}, ()),
    "ModelRestApi": FabClass(
        ("BaseApi",),
        {},
        (
            ("info", (("/_info", ("GET",)),), ("protect",), "info"),
            ("get", (("/<int:pk>", ("GET",)),), ("protect",), "get"),
            ("get_list", (("/", ("GET",)),), ("protect",), "get"),
            ("post", (("/", ("POST",)),), ("protect",), "post"),
            ("put", (("/<pk>", ("PUT",)),), ("protect",), "put"),
            ("delete", (("/<pk>", ("DELETE",)),), ("protect",), "delete"),
        ),
    ),
    "OpenApi": FabClass(
        ("BaseApi",),
        {"route_base": "/api"},
        (("get", (("/<version>/_openapi", ("GET",)),), ("protect",), None),),
    ),
    "SwaggerView": FabClass(
        ("BaseView",),
        {"route_base": "/swagger"},
        (("show", (("/<version>", ("GET",)),), ("has_access",), None),),
    ),
    "LocaleView": FabClass(
        ("BaseView",),
        {"route_base": "/lang"},
        (("index", (("/<string:locale>", ("GET",)),), (), None),),
    ),
    "BaseView": FabClass((), {"route_base": None}, ()),
    "BaseFormView": FabClass(("BaseView",), {}, ()),
    "BaseModelView": FabClass(("BaseView",), {}, ()),
    "BaseCRUDView": FabClass(("BaseModelView",), {}, ()),
    "BaseChartView": FabClass(("BaseModelView",), {}, ()),
    "GroupByChartView": FabClass(
        ("BaseChartView",),
        {},
        (
            (
                "chart",
                (("/chart/", ("GET",)), ("/chart/<group_by>", ("GET",))),
                ("has_access",),
                None,
            ),
        ),
    ),
    "DirectByChartView": FabClass(("GroupByChartView",), {}, ()),
    "BaseSimpleGroupByChartView": FabClass(("BaseChartView",), {}, ()),
    "BaseSimpleDirectChartView": FabClass(("BaseChartView",), {}, ()),
    "ChartView": FabClass(
        ("BaseSimpleGroupByChartView",),
        {},
        (
            (
                "chart",
                (("/chart/", ("GET",)), ("/chart/<group_by>", ("GET",))),
                ("has_access",),
                None,
            ),
        ),
    ),
    "TimeChartView": FabClass(
        ("BaseSimpleGroupByChartView",),
        {},
        (
            (
                "chart",
                (("/chart/", ("GET",)), ("/chart/<group_by>/<period>", ("GET",))),
                ("has_access",),
                None,
            ),
        ),
    ),
    "DirectChartView": FabClass(
        ("BaseSimpleDirectChartView",),
        {},
        (
            (
                "chart",
                (("/chart/", ("GET",)), ("/chart/<group_by>", ("GET",))),
                ("has_access",),
                None,
            ),
        ),
    ),
    "MenuApi": FabClass(
        ("BaseApi",),
        {"resource_name": "menu"},
        (("get_menu_data", (("/", ("GET",)),), ("protect",), "get"),),
    ),
    "SecurityApi": FabClass(
        ("BaseApi",),
        {"resource_name": "security", "version": "v1"},
        (
            ("login", (("/login", ("POST",)),), (), None),
            ("refresh", (("/refresh", ("POST",)),), (), None),
        ),
    ),
    "BaseRegisterUser": FabClass(
        ("PublicFormView",),
        {"route_base": "/register"},
        (("activation", (("/activation/<string:activation_hash>", ("GET",)),), (), None),),
    ),
    "RegisterUserDBView": FabClass(("BaseRegisterUser",), {}, ()),
    "RegisterUserOAuthView": FabClass(("BaseRegisterUser",), {}, ()),
    "ApiKeyApi": FabClass(
        ("BaseApi",),
        {"resource_name": "security/api_keys"},
        (
            ("list_api_keys", (("/", ("GET",)),), ("protect",), "list"),
            ("create_api_key", (("/", ("POST",)),), ("protect",), "create"),
            ("get_api_key", (("/<string:key_uuid>", ("GET",)),), ("protect",), "get"),
            ("revoke_api_key", (("/<string:key_uuid>", ("DELETE",)),), ("protect",), "revoke"),
        ),
    ),
    "GroupApi": FabClass(
        ("ModelRestApi",),
        {"resource_name": "security/groups"},
        (
            ("post", (("/", ("POST",)),), ("protect",), "post"),
            ("put", (("/<pk>", ("PUT",)),), ("protect",), "put"),
        ),
    ),
    "PermissionApi": FabClass(("ModelRestApi",), {"resource_name": "security/permissions"}, ()),
    "PermissionViewMenuApi": FabClass(
        ("ModelRestApi",), {"resource_name": "security/permissions-resources"}, ()
    ),
    "RoleApi": FabClass(
        ("ModelRestApi",),
        {"resource_name": "security/roles"},
        (
            (
                "list_role_permissions",
                (("/<int:role_id>/permissions/", ("GET",)),),
                ("protect",),
                "list_role_permissions",
            ),
            (
                "add_role_permissions",
                (("/<int:role_id>/permissions", ("POST",)),),
                ("protect",),
                "add_role_permissions",
            ),
            (
                "update_role_users",
                (("/<int:role_id>/users", ("PUT",)),),
                ("protect",),
                "update_role_users",
            ),
            (
                "update_role_groups",
                (("/<int:role_id>/groups", ("PUT",)),),
                ("protect",),
                "update_role_groups",
            ),
        ),
    ),
    "UserApi": FabClass(
        ("ModelRestApi",),
        {"resource_name": "security/users"},
        (
            ("post", (("/", ("POST",)),), ("protect",), "post"),
            ("put", (("/<pk>", ("PUT",)),), ("protect",), "put"),
        ),
    ),
    "ViewMenuApi": FabClass(("ModelRestApi",), {"resource_name": "security/resources"}, ()),
    "PermissionModelView": FabClass(("ModelView",), {"route_base": "/permissions"}, ()),
    "ViewMenuModelView": FabClass(("ModelView",), {"route_base": "/viewmenus"}, ()),
    "PermissionViewModelView": FabClass(("ModelView",), {"route_base": "/permissionviews"}, ()),
    "ResetMyPasswordView": FabClass(("SimpleFormView",), {"route_base": "/resetmypassword"}, ()),
    "ResetPasswordView": FabClass(("SimpleFormView",), {"route_base": "/resetpassword"}, ()),
    "UserInfoEditView": FabClass(("SimpleFormView",), {}, ()),
    "UserModelView": FabClass(
        ("ModelView",),
        {"route_base": "/users"},
        (("userinfo", (("/userinfo/", ("GET",)),), ("has_access",), None),),
    ),
    "UserLDAPModelView": FabClass(("UserModelView",), {}, ()),
    "UserOAuthModelView": FabClass(("UserModelView",), {}, ()),
    "UserRemoteUserModelView": FabClass(("UserModelView",), {}, ()),
    "UserDBModelView": FabClass(
        ("UserModelView",),
        {},
        (
            ("show", (("/show/<pk>", ("GET",)),), ("has_access",), None),
            ("userinfo", (("/userinfo/", ("GET",)),), ("has_access",), None),
        ),
    ),
    "UserStatsChartView": FabClass(("DirectByChartView",), {}, ()),
    "RoleModelView": FabClass(("ModelView",), {"route_base": "/roles"}, ()),
    "UserGroupModelView": FabClass(("ModelView",), {"route_base": "/groups"}, ()),
    "RegisterUserModelView": FabClass(("ModelView",), {"route_base": "/registeruser"}, ()),
    "AuthView": FabClass(
        ("BaseView",),
        {"route_base": ""},
        (
            ("login", (("/login/", ("GET", "POST")),), (), None),
            ("logout", (("/logout/", ("GET",)),), (), None),
        ),
    ),
    "AuthDBView": FabClass(
        ("AuthView",), {}, (("login", (("/login/", ("GET", "POST")),), (), None),)
    ),
    "AuthLDAPView": FabClass(
        ("AuthView",), {}, (("login", (("/login/", ("GET", "POST")),), (), None),)
    ),
    "AuthOAuthView": FabClass(
        ("AuthView",),
        {},
        (
            ("login", (("/login/<provider>", ("GET",)), ("/login/", ("GET",))), (), None),
            ("oauth_authorized", (("/oauth-authorized/<provider>", ("GET",)),), (), None),
        ),
    ),
    "UserSAMLModelView": FabClass(("UserModelView",), {}, ()),
    "AuthSAMLView": FabClass(
        ("AuthView",),
        {},
        (
            ("login", (("/login/<idp>", ("GET",)), ("/login/", ("GET",))), (), None),
            ("acs", (("/saml/acs/", ("POST",)),), (), None),
            ("slo", (("/saml/slo/", ("GET", "POST")),), (), None),
            ("logout", (("/logout/", ("GET",)),), (), None),
            (
                "metadata",
                (("/saml/metadata/<idp>", ("GET",)), ("/saml/metadata/", ("GET",))),
                (),
                None,
            ),
        ),
    ),
    "AuthRemoteUserView": FabClass(
        ("AuthView",), {}, (("login", (("/login/", ("GET",)),), (), None),)
    ),
    "IndexView": FabClass(
        ("BaseView",), {"route_base": ""}, (("index", (("/", ("GET",)),), (), None),)
    ),
    "UtilView": FabClass(
        ("BaseView",), {"route_base": ""}, (("back", (("/back", ("GET",)),), (), None),)
    ),
    "SimpleFormView": FabClass(
        ("BaseFormView",),
        {},
        (
            ("this_form_get", (("/form", ("GET",)),), ("has_access",), None),
            ("this_form_post", (("/form", ("POST",)),), ("has_access",), None),
        ),
    ),
    "PublicFormView": FabClass(
        ("BaseFormView",),
        {},
        (
            ("this_form_get", (("/form", ("GET",)),), (), None),
            ("this_form_post", (("/form", ("POST",)),), (), None),
        ),
    ),
    "ModelView": FabClass(
        ("BaseCRUDView",),
        {},
        (
            ("list", (("/list/", ("GET",)),), ("has_access",), None),
            ("show", (("/show/<pk>", ("GET",)),), ("has_access",), None),
            ("add", (("/add", ("GET", "POST")),), ("has_access",), None),
            ("edit", (("/edit/<pk>", ("GET", "POST")),), ("has_access",), None),
            ("delete", (("/delete/<pk>", ("GET", "POST")),), ("has_access",), None),
            ("download", (("/download/<string:filename>", ("GET",)),), ("has_access",), None),
            ("action", (("/action/<string:name>/<pk>", ("GET", "POST")),), (), None),
            ("action_post", (("/action_post", ("POST",)),), (), None),
        ),
    ),
    "MasterDetailView": FabClass(
        ("BaseCRUDView",),
        {},
        (("list", (("/list/<pk>", ("GET",)), ("/list/", ("GET",))), ("has_access",), None),),
    ),
    "MultipleView": FabClass(
        ("BaseView",), {}, (("list", (("/list/", ("GET",)),), ("has_access",), None),)
    ),
    "CompactCRUDMixin": FabClass(
        ("BaseCRUDView",),
        {},
        (
            ("list", (("/list/", ("GET", "POST")),), ("has_access",), None),
            ("add", (("/add/", ("GET", "POST")),), ("has_access",), None),
            ("edit", (("/edit/<pk>", ("GET", "POST")),), ("has_access",), None),
            ("delete", (("/delete/<pk>", ("GET", "POST")),), ("has_access",), None),
        ),
    ),
}


def fab_mro(names: list[str]) -> list[str]:
    """The MRO of FAB's classes behind a project class whose FAB bases are ``names``, in
    order (C3, as Python computes it)."""

    def linearize(name: str, depth: int = 0) -> list[str]:
        bases = FAB_CLASSES[name].bases if depth < 16 else ()
        return [name, *_merge([linearize(b, depth + 1) for b in bases] + [list(bases)])]

    return _merge([linearize(n) for n in names] + [list(names)])


def _merge(seqs: list[list[str]]) -> list[str]:
    out: list[str] = []
    seqs = [list(s) for s in seqs if s]
    while seqs:
        for seq in seqs:
            head = seq[0]
            if not any(head in s[1:] for s in seqs):
                break
        else:  # no consistent order: take the first (Python would refuse the class)
            head = seqs[0][0]
        out.append(head)
        seqs = [s for s in ([x for x in s if x != head] for s in seqs) if s]
    return out


# What a set of method names (``include_route_methods``) folds to: the names, or a string
# (FAB tests ``name in value``, which for a string is a substring test), or None (unknown)
Names = frozenset[str] | str | None


@dataclass
class _Endpoint:
    """One ``@expose`` a class serves: its method, declared in the project or in FAB."""

    attr: str
    url: str
    methods: tuple[str, ...]
    facts: ModuleFacts | None = None  # the project method's module, None for FAB's own
    fn: FunctionFacts | None = None
    decorator: ast.Call | None = None
    fab_auth: tuple[str, ...] = ()
    fab_permission: str | None = None


class AppBuilderLinker:
    framework = "flask"  # FAB registers a Flask blueprint per class: these are Flask routes

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols

    def link(self) -> list[Route]:
        # FAB's views derive from its classes: without an import of it, no module has any (a
        # relink of a project without FAB must not walk every class of every module)
        if not any(
            target.startswith("flask_appbuilder")
            for facts in self.ctx.modules
            for target in facts.imports.values()
        ):
            return []
        registered: dict[tuple[str, str], ClassSym] = {}
        for facts in self.ctx.modules:
            for call in calls_named(facts, *REGISTER_CALLS):
                view = arg(call.node, 0, "baseview")
                if view is not None:
                    for cls in self._classes(facts, call.scope, view):
                        registered[(cls.facts.path, cls.qualname)] = cls
            # AppBuilder(app, session, indexview=MyIndexView) registers the index view
            for scope, _, ctor in assigns_of_kind(self.ctx, facts, APPBUILDER_CLASSES):
                view = kwarg(ctor, "indexview")
                if view is not None:
                    for cls in self._classes(facts, scope, view):
                        registered[(cls.facts.path, cls.qualname)] = cls
        candidates = dict(registered)
        for facts in self.ctx.modules:
            for info in facts.classes.values():
                candidates.setdefault((facts.path, info.qualname), ClassSym(facts, info.qualname))
        routes: list[Route] = []
        for key, cls in candidates.items():
            routes.extend(self._class_routes(cls, key in registered))
        return dedupe(routes)

    def _classes(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[ClassSym]:
        """The classes ``add_view``'s argument denotes: a class, or an instance of one
        (``add_view(MyView(), "Name")``), also through a variable or a helper's parameter."""
        if isinstance(expr, ast.Call):
            expr = expr.func
        out = []
        for sym in self.ctx.objects(facts, scope, expr):
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
                sym = self.symbols.follow(
                    self.symbols.resolve_expr(sym.facts, sym.scope, sym.value.func)
                )
            if isinstance(sym, ClassSym):
                out.append(sym)
        return out

    def _fab_bases(self, chain: list[ClassSym]) -> list[str]:
        """FAB's classes among the bases of the project classes of ``chain``, in order."""
        out: list[str] = []
        for klass in chain:
            info = klass.facts.classes[klass.qualname]
            for base in info.bases:
                sym = self.symbols.follow(self.symbols.resolve_expr(klass.facts, info.scope, base))
                if isinstance(sym, External) and sym.dotted.startswith("flask_appbuilder."):
                    name = sym.dotted.rsplit(".", 1)[-1]
                    if name in FAB_CLASSES and name not in out:
                        out.append(name)
        return out

    def _class_routes(self, cls: ClassSym, reachable: bool) -> list[Route]:
        chain = self.symbols.class_chain(cls)
        fab = fab_mro(self._fab_bases(chain))
        if "BaseView" not in fab and "BaseApi" not in fab:
            return []
        info = cls.facts.classes[cls.qualname]
        route_base = self._route_base(chain, fab, info, is_api="BaseApi" in fab)
        include = self._names_attr(chain, "include_route_methods")
        exclude = self._names_attr(chain, "exclude_route_methods")
        out: list[Route] = []
        for endpoint in self._endpoints(chain, fab):
            # FAB skips a method not in include_route_methods or in exclude_route_methods;
            # an attribute the index cannot fold (None here) filters nothing
            if include is not None and endpoint.attr not in include:
                continue
            if exclude is not None and endpoint.attr in exclude:
                continue
            out.append(self._route(cls, info, endpoint, route_base, reachable))
        return out

    # --- the class's attributes, looked up as Python does -------------------------------

    def _lookup(
        self, chain: list[ClassSym], fab: list[str], name: str
    ) -> tuple[ClassSym, ast.expr] | str | None:
        """Where attribute ``name`` comes from: a project class's field (class and value), or
        FAB's value for it (a string; None when FAB leaves it None or does not set it)."""
        for klass in chain:
            field = klass.facts.classes[klass.qualname].fields.get(name)
            if field is not None and field[1] is not None:
                return klass, field[1]
        for fab_name in fab:
            attrs = FAB_CLASSES[fab_name].attrs
            if name in attrs:
                return attrs[name]
        return None

    def _attr_str(self, chain: list[ClassSym], fab: list[str], name: str) -> str | None:
        """An attribute's string value; None when it is None; ``{?source}`` when unknown."""
        found = self._lookup(chain, fab, name)
        if found is None or isinstance(found, str):
            return found
        klass, value = found
        if isinstance(value, ast.Constant) and value.value is None:
            return None
        return path_text(self.symbols, klass.facts, klass.qualname, value)

    def _route_base(
        self, chain: list[ClassSym], fab: list[str], info: ClassFacts, is_api: bool
    ) -> str:
        # BaseView.create_blueprint and BaseApi.create_blueprint (baseviews.py, api/__init__.py)
        route_base = self._attr_str(chain, fab, "route_base")
        if route_base is not None:
            return route_base
        if not is_api:
            return "/" + info.name.lower()
        version = self._attr_str(chain, fab, "version") or "v1"
        resource = self._attr_str(chain, fab, "resource_name") or info.name.lower()
        return f"/api/{version}/{resource.lower()}"

    def _names_attr(self, chain: list[ClassSym], name: str) -> Names:
        """``include_route_methods``/``exclude_route_methods`` as a project class sets it
        (FAB's own are None and an empty set: nothing to filter)."""
        for klass in chain:
            field = klass.facts.classes[klass.qualname].fields.get(name)
            if field is not None and field[1] is not None:
                return self._names(klass.facts, klass.qualname, field[1])
        return None

    def _names(self, facts: ModuleFacts, scope: Scope, expr: ast.expr, depth: int = 0) -> Names:
        """A set of method names as written: literals, ``set()``, ``|``, ``-``, ``&``, and
        names and class attributes holding those (``RouteMethod.REST_MODEL_VIEW_CRUD_SET |
        {"export"}``)."""
        if depth > 12:
            return None
        if isinstance(expr, ast.Constant):
            return expr.value if isinstance(expr.value, str) else None
        if isinstance(expr, (ast.Set, ast.List, ast.Tuple)):
            out = set()
            for element in expr.elts:
                value = self._names(facts, scope, element, depth + 1)
                if not isinstance(value, str):
                    return None
                out.add(value)
            return frozenset(out)
        if isinstance(expr, ast.Call):
            if dotted_name(expr.func) in {"set", "frozenset"} and not expr.keywords:
                if not expr.args:
                    return frozenset()
                inner = self._names(facts, scope, expr.args[0], depth + 1)
                return inner if isinstance(inner, frozenset) and len(expr.args) == 1 else None
            return None
        if isinstance(expr, ast.BinOp):
            left = self._names(facts, scope, expr.left, depth + 1)
            right = self._names(facts, scope, expr.right, depth + 1)
            if not isinstance(left, frozenset) or not isinstance(right, frozenset):
                return None
            if isinstance(expr.op, ast.BitOr):
                return left | right
            if isinstance(expr.op, ast.Sub):
                return left - right
            if isinstance(expr.op, ast.BitAnd):
                return left & right
            return None
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                return self._names(sym.facts, sym.scope, sym.value, depth + 1)
        return None

    # --- endpoints ----------------------------------------------------------------------

    def _endpoints(self, chain: list[ClassSym], fab: list[str]) -> list[_Endpoint]:
        """What ``BaseView._register_urls`` registers: each attribute, looked up through the
        MRO, that carries ``@expose`` urls. A project method overriding an exposed one without
        ``@expose`` serves nothing (FAB reads ``_urls`` off the attribute it finds)."""
        seen: set[str] = set()
        out: list[_Endpoint] = []
        for klass in chain:
            info = klass.facts.classes[klass.qualname]
            names = [*info.methods, *info.fields]
            for name in names:
                if name in seen:
                    continue
                seen.add(name)
                fn = info.methods.get(name)
                if fn is None or info.fields.get(name) is not None:
                    continue  # a plain attribute hides a base's exposed method
                for dec in reversed(fn.decorators):
                    if not isinstance(dec, ast.Call) or not self._is_expose(klass.facts, fn, dec):
                        continue
                    url = arg(dec, 0, "url")
                    text = path_text(self.symbols, klass.facts, fn.scope, url) if url else "/"
                    out.append(
                        _Endpoint(
                            name,
                            text,
                            self._methods(klass.facts, fn.scope, arg(dec, 1, "methods")),
                            klass.facts,
                            fn,
                            dec,
                        )
                    )
        for fab_name in fab:
            for name, urls, auth, permission in FAB_CLASSES[fab_name].exposed:
                if name in seen:
                    continue
                seen.add(name)
                for fab_url, methods in urls:
                    out.append(
                        _Endpoint(name, fab_url, methods, fab_auth=auth, fab_permission=permission)
                    )
        return out

    def _is_expose(self, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call) -> bool:
        name = self.symbols.qualified(facts, fn.scope, dec.func) or ""
        return name.startswith("flask_appbuilder.") and name.rsplit(".", 1)[-1] == "expose"

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        if expr is None:
            return ("GET",)  # expose's default
        value = self.symbols.evaluate(facts, scope, expr)
        if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
            return tuple(dict.fromkeys(m.upper() for m in value))
        return ("GET",)

    # --- routes -------------------------------------------------------------------------

    def _route(
        self,
        cls: ClassSym,
        info: ClassFacts,
        endpoint: _Endpoint,
        route_base: str,
        reachable: bool,
    ) -> Route:
        path = flask_path(join_rule(route_base, endpoint.url))
        handler = f"{cls.facts.module}:{info.qualname}.{endpoint.attr}"
        if endpoint.fn is None or endpoint.facts is None:
            # inherited from FAB: the project class is where it is served from
            origin = self.ctx.origin(cls.facts, info.span.start.line)
            scopes = (endpoint.fab_permission,) if endpoint.fab_permission else ()
            return Route(
                framework=self.framework,
                methods=endpoint.methods,
                path=path,
                handler=handler,
                file=cls.facts.path,
                span=info.span,
                decorator_span=None,
                local_path=flask_path(endpoint.url),
                auth=[
                    AuthRequirement(name, "handler", origin, scopes) for name in endpoint.fab_auth
                ],
                reachable=reachable,
            )
        facts, fn = endpoint.facts, endpoint.fn
        assert endpoint.decorator is not None
        return Route(
            framework=self.framework,
            methods=endpoint.methods,
            path=path,
            handler=f"{facts.module}:{fn.qualname}",
            file=facts.path,
            span=fn.span,
            decorator_span=span_of(endpoint.decorator, facts.wide_lines),
            local_path=flask_path(endpoint.url),
            parameters=handler_parameters(fn, endpoint.url),
            raises=raised_errors(self.symbols, facts, fn),
            auth=self._handler_auth(facts, fn),
            docstring=docstring(fn),
            is_async=isinstance(fn.node, ast.AsyncFunctionDef),
            reachable=reachable,
            body_span=fn.full_span,
        )

    def _handler_auth(self, facts: ModuleFacts, fn: FunctionFacts) -> list[AuthRequirement]:
        """FAB's permission checks on the method (``@has_access``, ``@protect()``, with the
        permission ``@permission_name`` names), and any other decorator named for auth."""
        permission: tuple[str, ...] = ()
        for dec in fn.decorators:
            if isinstance(dec, ast.Call) and last_is(dec.func, "permission_name"):
                value = self.symbols.evaluate_str(facts, fn.scope, arg(dec, 0, "name"))
                permission = (value,) if value else ()
        out = []
        for dec in fn.decorators:
            name = _decorator_name(dec)
            if not name:
                continue
            last = name.rsplit(".", 1)[-1]
            if last in FAB_AUTH:
                origin = self.ctx.origin(facts, dec.lineno - 1)
                out.append(AuthRequirement(name, "handler", origin, permission))
            elif last != "permission_name" and AUTH_NAME_RE.search(last):
                out.append(AuthRequirement(name, "handler", self.ctx.origin(facts, dec.lineno - 1)))
        return out


def last_is(expr: ast.expr, name: str) -> bool:
    return (dotted_name(expr) or "").rsplit(".", 1)[-1] == name

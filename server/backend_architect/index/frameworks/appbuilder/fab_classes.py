"""Flask-AppBuilder's own view and API classes: their bases, route attributes and exposed endpoints, and their MRO."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FabClass:
    bases: tuple[str, ...]
    # class attributes that place routes: route_base, version, resource_name
    attrs: dict[str, str | None]
    # (method name, ((url, methods), ...), FAB auth decorators, permission_name)
    exposed: tuple[
        tuple[str, tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...], str | None], ...
    ]
    # the class's include_route_methods, where FAB sets one
    include: frozenset[str] | None = None


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
    "PermissionApi": FabClass(
        ("ModelRestApi",),
        {"resource_name": "security/permissions"},
        (),
        frozenset({"info", "get", "get_list"}),
    ),
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

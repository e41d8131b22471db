"""Flask-AppBuilder routes: the ``@expose`` methods of view and API classes, checked against
FAB itself.

The truth comes from importing the workspace's app in a subprocess (sqlite in memory) and
reading its whole ``app.url_map``: the project's views and FAB's own (login, security, menu,
index, static files, as the settings choose them), Flask's ``static``. The index never runs the
code and must find exactly that set of (method, path) pairs, and no more reachable ones.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from _support import (
    FLASK_PAIRS,
    LOAD_APP,
    WORKSPACES,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    one_route,
    served,
)

ROOT = WORKSPACES / "routes_flask_appbuilder"
required_modules = modules_fixture("flask_appbuilder")

# Runs in a fresh interpreter: argv = [import root, app spec]; prints sorted [method, path].
PROBE = (
    FLASK_PAIRS
    + LOAD_APP
    + r"""
print(json.dumps(sorted(flask_pairs(app.url_map.iter_rules()))))
"""
)


def test_routes_match_flask_appbuilder() -> None:
    truth = {(m, p) for m, p in framework_dump(PROBE, str(ROOT), "fabapp:app", cwd=ROOT)}
    index = cold_index(ROOT)
    found = served(index.published_routes())
    assert_same_set(truth, found, minimum=25)


def test_unregistered_classes_are_unreachable() -> None:
    index = cold_index(ROOT)
    unreachable = served(r for r in index.routes if not r.reachable)
    # a view never passed to add_view, and the project's bases themselves
    assert ("GET", "/draftview/draft/") in unreachable
    assert ("GET", "/api/v2/projectapi/_health") in unreachable
    assert ("GET", "/projectmodelview/list/") in unreachable
    assert all(r.reachable for r in index.routes if r.path.startswith("/contacts/"))
    # the index view comes from AppBuilder(indexview=HomeView), IndexView's route_base is ""
    assert one_route(index, "GET", "/about").reachable
    assert one_route(index, "GET", "/").handler == "fabapp.views:HomeView.index"


def test_handlers_auth_and_permissions() -> None:
    index = cold_index(ROOT)
    daily = one_route(index, "POST", "/reportview/daily/")
    assert daily.framework == "flask"
    assert daily.methods == ("GET", "POST")
    assert daily.handler == "fabapp.views:ReportView.daily"
    assert daily.local_path == "/daily/"
    assert [a.name for a in daily.auth] == ["has_access"]
    assert daily.decorator_span is not None and daily.body_span is not None
    assert daily.file.endswith("fabapp/views.py")
    assert [a.name for a in one_route(index, "GET", "/reportview/stats.json").auth] == [
        "has_access_api"
    ]
    # permission_name names what protect() checks; alone it would protect nothing
    hello = one_route(index, "GET", "/api/v2/greeting/hello")
    assert [(a.name, a.level, a.scopes) for a in hello.auth] == [("protect", "handler", ("read",))]
    assert one_route(index, "POST", "/api/v2/greeting/shout/{word}").auth == []
    assert one_route(index, "GET", "/reportview/").auth == []
    weekly = one_route(index, "GET", "/reportview/weekly/{week}")
    assert [(p.name, p.kind) for p in weekly.parameters] == [("week", "path")]
    # inherited from the project's base: served under the subclass's route_base and version
    health = one_route(index, "GET", "/api/v2/greeting/_health")
    assert health.handler == "fabapp.base:ProjectApi.health"
    assert [a.name for a in health.auth] == ["protect"]


def test_fab_builtin_endpoints_and_route_filters() -> None:
    index = cold_index(ROOT)
    # ModelRestApi's CRUD, resource_name lower-cased, put/delete excluded
    get = one_route(index, "GET", "/api/v1/contacts/{pk}")
    assert get.handler == "fabapp.views:ContactApi.get"
    assert [(a.name, a.scopes) for a in get.auth] == [("protect", ("get",))]
    assert get.file.endswith("fabapp/views.py") and get.decorator_span is None
    assert not [
        r
        for r in index.routes
        if r.path.startswith("/api/v1/contacts/") and ({"PUT", "DELETE"} & set(r.methods))
    ]
    # include_route_methods = RouteMethod.READ_SET | {"add", "summary"}
    contacts = {r.path for r in index.routes if r.path.startswith("/contacts/")}
    assert contacts == {
        "/contacts/list/",
        "/contacts/show/{pk}",
        "/contacts/add",
        "/contacts/summary/{contact_id}",
    }
    # an override without @expose serves nothing; the excluded ones are gone
    archived = {r.path for r in index.routes if r.path.startswith("/archivedcontactview/")}
    assert archived == {
        "/archivedcontactview/list/",
        "/archivedcontactview/show/{pk}",
        "/archivedcontactview/edit/{pk}",
    }


def test_shapes_fab_allows(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from flask_appbuilder import BaseView, ModelView, expose
            from flask_appbuilder.api import BaseApi, ModelRestApi

            LIST = "list"
            PREFIX = "/admin"


            class OnlyList(ModelView):
                # a string: FAB tests ``name in "list"``, a substring test
                include_route_methods = LIST


            class Nothing(ModelRestApi):
                include_route_methods = set()


            class Everything(ModelRestApi):
                exclude_route_methods = set()
                version = "v3"


            class Unknown(ModelRestApi):
                include_route_methods = compute_methods()  # not foldable: nothing filtered


            class Admin(BaseView):
                route_base = PREFIX + "/tools"

                @expose()
                def index(self):
                    return ""

                @expose("/go", ("PUT",))
                def go(self):
                    return ""


            class Based(BaseApi):
                route_base = "/custom"

                @expose("/x")
                def x(self):
                    return ""


            appbuilder.add_view(OnlyList, "Only list")
            appbuilder.add_view_no_menu(Admin)
            for_later = Based
            appbuilder.add_api(for_later)
            appbuilder.add_api(Nothing)
            appbuilder.add_api(Everything)
            appbuilder.add_api(Unknown)
            """
        )
    )
    index = cold_index(tmp_path)
    found = {(m, r.path) for r in index.published_routes() for m in r.methods}
    assert {p for _, p in found if p.startswith("/onlylist/")} == {"/onlylist/list/"}
    assert not [p for _, p in found if p.startswith("/api/v1/nothing")]
    everything = {(m, p) for m, p in found if p.startswith("/api/v3/everything")}
    assert everything == {
        ("GET", "/api/v3/everything/"),
        ("POST", "/api/v3/everything/"),
        ("GET", "/api/v3/everything/_info"),
        ("GET", "/api/v3/everything/{pk}"),
        ("PUT", "/api/v3/everything/{pk}"),
        ("DELETE", "/api/v3/everything/{pk}"),
    }
    assert len([p for _, p in found if p.startswith("/api/v1/unknown")]) == 6
    assert ("GET", "/admin/tools/") in found
    assert ("PUT", "/admin/tools/go") in found
    assert ("GET", "/custom/x") in found


DEPTH = WORKSPACES / "routes_flask_appbuilder_depth"


def test_routes_registered_through_attributes_match_flask_appbuilder() -> None:
    # blueprints and rules registered on ``self.app`` (an initializer given the app, an
    # extension's ``init_app``), the index view and security manager set as AppBuilder's
    # attributes, the security APIs and views the manager's class attributes name
    truth = {(m, p) for m, p in framework_dump(PROBE, str(DEPTH), "deepapp.app:app", cwd=DEPTH)}
    index = cold_index(DEPTH)
    assert_same_set(truth, served(index.published_routes()), minimum=60)
    # a security API subclass no manager names stays unreachable
    assert not one_route(index, "GET", "/api/v1/security/unused/").reachable


def test_security_manager_attributes_follow_fab_settings(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from flask_appbuilder import AppBuilder
            from flask_appbuilder.security.sqla.apis import RoleApi
            from flask_appbuilder.security.sqla.manager import SecurityManager


            class MyRoleApi(RoleApi):
                resource_name = "my/roles"


            class QuietRoleApi(RoleApi):
                resource_name = "quiet/roles"


            class Manager(SecurityManager):
                role_api = MyRoleApi  # FAB_ADD_SECURITY_API is off by default


            class Quiet(SecurityManager):
                role_api = QuietRoleApi

                def register_views(self):  # FAB's register_views never runs
                    pass


            appbuilder = AppBuilder(security_manager_class=Manager)
            other = AppBuilder(security_manager_class=Quiet)
            """
        )
    )
    index = cold_index(tmp_path)
    assert not one_route(index, "GET", "/api/v1/my/roles/").reachable
    (tmp_path / "settings.py").write_text("FAB_ADD_SECURITY_API = True\n")
    index = cold_index(tmp_path)
    assert one_route(index, "GET", "/api/v1/my/roles/").reachable
    assert not one_route(index, "GET", "/api/v1/quiet/roles/").reachable


def test_fab_own_views_are_generated_at_the_call_that_initialises_it() -> None:
    index = cold_index(ROOT)
    login = one_route(index, "POST", "/login/")
    assert login.generated and login.reachable
    assert login.handler == "flask_appbuilder.security.views:AuthDBView.login"
    assert login.methods == ("GET", "POST") and login.name == "AuthDBView.login"
    assert login.file.endswith("fabapp/__init__.py") and login.span.start.line == 13
    users = one_route(index, "GET", "/users/list/")
    assert users.generated and [a.name for a in users.auth] == ["has_access"]
    assert [a.scopes for a in one_route(index, "GET", "/api/v1/menu/").auth] == [("get",)]
    assert one_route(index, "GET", "/static/appbuilder/{filename}").name == "appbuilder.static"
    # the project's index view replaces FAB's: "/" is the project's HomeView, not generated
    assert not one_route(index, "GET", "/").generated
    # placed at ``appbuilder.init_app(...)`` where the AppBuilder was made without the app; a
    # security API the manager sets is the project's class, the others FAB's
    depth = cold_index(DEPTH)
    groups = one_route(depth, "GET", "/api/v1/security/groups/")
    assert groups.generated and groups.file.endswith("deepapp/initialization.py")
    assert not one_route(depth, "GET", "/api/v1/security/roles/").generated


SETTINGS = {
    # LDAP's views, the OpenAPI document and Swagger UI, no menu API
    "ldap-swagger": (
        "from flask_appbuilder.const import AUTH_LDAP\n"
        "AUTH_TYPE = AUTH_LDAP\n"
        'AUTH_LDAP_SERVER = "ldap://127.0.0.1"\n'
        "FAB_API_SWAGGER_UI = True\n"
        "FAB_ADD_MENU_API = False\n",
        "",
    ),
    # self-registration, one permission view off, and the static files under the
    # constructor's own path (the security APIs: the depth workspace; FAB's own
    # PermissionViewMenuApi fails to build its schema in an app of FAB's models alone)
    "registration": (
        "AUTH_USER_REGISTRATION = True\nFAB_ADD_SECURITY_PERMISSION_VIEW = False\n",
        ', static_url_path="/fab"',
    ),
    # no security views at all; the configuration's static path wins over the constructor's
    "remote-no-security-views": (
        "from flask_appbuilder.const import AUTH_REMOTE_USER\n"
        "AUTH_TYPE = AUTH_REMOTE_USER\n"
        "FAB_ADD_SECURITY_VIEWS = False\n"
        'FAB_STATIC_URL_PATH = "/assets"\n',
        ', static_url_path="/fab"',
    ),
    # settings in a module that names nothing of FAB's: AUTH_REMOTE_USER by its number, and
    # self-registration, which with it adds only the registrations' model view
    "plain-config-module": ("AUTH_TYPE = 3\nAUTH_USER_REGISTRATION = True\n", ""),
    # the index view named by the configuration: the project's, FAB's own IndexView not added
    "index-view-setting": ('FAB_INDEX_VIEW = "views.Home"\n', ""),
}
VIEWS = """
from flask_appbuilder import IndexView, expose


class Home(IndexView):
    @expose("/welcome")
    def welcome(self):
        return "hi"
"""


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_fab_own_views_follow_its_settings(tmp_path: Path, name: str) -> None:
    config, ctor_args = SETTINGS[name]
    (tmp_path / "settings.py").write_text(
        'SECRET_KEY = "test-only"\nSQLALCHEMY_DATABASE_URI = "sqlite://"\n' + config
    )
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            f"""
            from flask import Flask
            from flask_appbuilder import AppBuilder
            from flask_appbuilder.models.sqla.base import SQLA

            app = Flask(__name__)
            app.config.from_object("settings")
            db = SQLA(app)
            with app.app_context():
                appbuilder = AppBuilder(app, db.session{ctor_args})
            """
        )
    )
    (tmp_path / "views.py").write_text(VIEWS)
    truth = {(m, p) for m, p in framework_dump(PROBE, str(tmp_path), "app:app", cwd=tmp_path)}
    assert_same_set(truth, served(cold_index(tmp_path).published_routes()), minimum=10)

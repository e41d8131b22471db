"""Flask-AppBuilder routes: the ``@expose`` methods of view and API classes, checked against
FAB itself.

The truth comes from importing the workspace's app in a subprocess (sqlite in memory) and
reading ``app.url_map`` for the blueprints of the project's own views (FAB adds its login,
security and menu views too; those are not the project's code) and Flask's own ``static``.
The index never runs the code and must find exactly that set of (method, path) pairs, and no
more reachable ones.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from _support import (
    FLASK_PAIRS,
    WORKSPACES,
    assert_same_set,
    framework_dump,
    modules_fixture,
    served,
)
from backend_architect.core.model import Route
from backend_architect.index.project import ProjectIndex

ROOT = WORKSPACES / "routes_flask_appbuilder"
required_modules = modules_fixture("flask_appbuilder")

# Runs in a fresh interpreter: argv = [import root, app spec]; prints sorted [method, path].
PROBE = (
    FLASK_PAIRS
    + r"""
import importlib, json, logging, sys

logging.disable(logging.CRITICAL)
root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
app = getattr(importlib.import_module(module_name), attr)
package = module_name.split(".")[0]
# each view is a blueprint named by its endpoint; only the project's own views count, and
# the app's own static endpoint (Flask adds it to every app; FAB's blueprints' are FAB's)
ours = {v.endpoint for v in app.appbuilder.baseviews if type(v).__module__.split(".")[0] == package}
ours.add("static")
found = flask_pairs(r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in ours)
print(json.dumps(sorted(found)))
"""
)


def build(root: Path) -> ProjectIndex:
    index = ProjectIndex(str(root))
    index.build()
    return index


def find(index: ProjectIndex, method: str, path: str) -> Route:
    matches = [r for r in index.routes if r.path == path and method in r.methods]
    assert len(matches) == 1, f"{method} {path}: {[(r.methods, r.path) for r in index.routes]}"
    return matches[0]


def test_routes_match_flask_appbuilder() -> None:
    truth = {(m, p) for m, p in framework_dump(PROBE, str(ROOT), "fabapp:app", cwd=ROOT)}
    index = build(ROOT)
    found = served(index.published_routes())
    assert_same_set(truth, found, minimum=25)


def test_unregistered_classes_are_unreachable() -> None:
    index = build(ROOT)
    unreachable = served(r for r in index.routes if not r.reachable)
    # a view never passed to add_view, and the project's bases themselves
    assert ("GET", "/draftview/draft/") in unreachable
    assert ("GET", "/api/v2/projectapi/_health") in unreachable
    assert ("GET", "/projectmodelview/list/") in unreachable
    assert all(r.reachable for r in index.routes if r.path.startswith("/contacts/"))
    # the index view comes from AppBuilder(indexview=HomeView), IndexView's route_base is ""
    assert find(index, "GET", "/about").reachable
    assert find(index, "GET", "/").handler == "fabapp.views:HomeView.index"


def test_handlers_auth_and_permissions() -> None:
    index = build(ROOT)
    daily = find(index, "POST", "/reportview/daily/")
    assert daily.framework == "flask"
    assert daily.methods == ("GET", "POST")
    assert daily.handler == "fabapp.views:ReportView.daily"
    assert daily.local_path == "/daily/"
    assert [a.name for a in daily.auth] == ["has_access"]
    assert daily.decorator_span is not None and daily.body_span is not None
    assert daily.file.endswith("fabapp/views.py")
    assert [a.name for a in find(index, "GET", "/reportview/stats.json").auth] == ["has_access_api"]
    # permission_name names what protect() checks; alone it would protect nothing
    hello = find(index, "GET", "/api/v2/greeting/hello")
    assert [(a.name, a.level, a.scopes) for a in hello.auth] == [("protect", "handler", ("read",))]
    assert find(index, "POST", "/api/v2/greeting/shout/{word}").auth == []
    assert find(index, "GET", "/reportview/").auth == []
    weekly = find(index, "GET", "/reportview/weekly/{week}")
    assert [(p.name, p.kind) for p in weekly.parameters] == [("week", "path")]
    # inherited from the project's base: served under the subclass's route_base and version
    health = find(index, "GET", "/api/v2/greeting/_health")
    assert health.handler == "fabapp.base:ProjectApi.health"
    assert [a.name for a in health.auth] == ["protect"]


def test_fab_builtin_endpoints_and_route_filters() -> None:
    index = build(ROOT)
    # ModelRestApi's CRUD, resource_name lower-cased, put/delete excluded
    get = find(index, "GET", "/api/v1/contacts/{pk}")
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
    index = build(tmp_path)
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
# The project's own rules: its views' blueprints (as PROBE), and rules whose view function is
# a plain function of the package (its Flask blueprints, ``add_url_rule`` on the app)
DEPTH_PROBE = (
    FLASK_PAIRS
    + r"""
import importlib, json, logging, sys

logging.disable(logging.CRITICAL)
root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
app = getattr(importlib.import_module(module_name), attr)
package = module_name.split(".")[0]
ours = {v.endpoint for v in app.appbuilder.baseviews if type(v).__module__.split(".")[0] == package}
ours.add("static")


def own(rule):
    view = app.view_functions[rule.endpoint]
    return rule.endpoint.split(".")[0] in ours or (
        getattr(view, "__self__", None) is None
        and (getattr(view, "__module__", None) or "").split(".")[0] == package
    )


print(json.dumps(sorted(flask_pairs(r for r in app.url_map.iter_rules() if own(r)))))
"""
)


def test_routes_registered_through_attributes_match_flask_appbuilder() -> None:
    # blueprints and rules registered on ``self.app`` (an initializer given the app, an
    # extension's ``init_app``), the index view and security manager set as AppBuilder's
    # attributes, the security APIs and views the manager's class attributes name
    truth = {
        (m, p) for m, p in framework_dump(DEPTH_PROBE, str(DEPTH), "deepapp.app:app", cwd=DEPTH)
    }
    index = build(DEPTH)
    assert_same_set(truth, served(index.published_routes()), minimum=60)
    # a security API subclass no manager names stays unreachable
    assert not find(index, "GET", "/api/v1/security/unused/").reachable


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
    index = build(tmp_path)
    assert not find(index, "GET", "/api/v1/my/roles/").reachable
    (tmp_path / "settings.py").write_text("FAB_ADD_SECURITY_API = True\n")
    index = build(tmp_path)
    assert find(index, "GET", "/api/v1/my/roles/").reachable
    assert not find(index, "GET", "/api/v1/quiet/roles/").reachable

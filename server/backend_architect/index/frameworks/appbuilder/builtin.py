"""The views, APIs and static files Flask-AppBuilder registers itself when an AppBuilder is
initialised (``AppBuilder(app, ...)``, or ``appbuilder.init_app(app, ...)`` on one made
without the app), as flask-appbuilder 5.3's ``base.py`` does it (``init_app``,
``_add_global_static``, ``_add_admin_views``): FAB's ``IndexView`` unless the project gives
its own, ``UtilView``, babel's ``LocaleView``, the security manager's views and APIs that are
FAB's own classes (:mod:`.security`), the OpenAPI document and Swagger UI when
``FAB_API_SWAGGER_UI`` is on, the menu API unless ``FAB_ADD_MENU_API`` is off, and the
``appbuilder.static`` blueprint at ``/static<static_url_path>/<path:filename>``.

Each is a ``generated`` route (the handler is FAB's) placed at the call that initialises the
AppBuilder, its endpoints and route base from FAB's class table (:data:`FAB_CLASSES`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ....core.model import AuthRequirement, Route
from ....core.syntax import keyword_value
from ...facts import ModuleFacts, Scope
from ..common import generated_route, werkzeug_automatic
from ..flask.paths import flask_path, join_rule
from .fab_classes import FAB_CLASSES, fab_mro
from .routes import RouteReader
from .security import setting

INDEX_VIEW = "flask_appbuilder.views.IndexView"
# what _add_admin_views adds before and after the security manager's views
BEFORE_SECURITY = ("flask_appbuilder.views.UtilView", "flask_appbuilder.babel.views.LocaleView")
OPENAPI = ("flask_appbuilder.api.manager.OpenApi", "flask_appbuilder.api.manager.SwaggerView")
MENU_API = "flask_appbuilder.menu.MenuApi"
# AppBuilder.__init__'s positions and defaults of the static folder and its URL path
STATIC_FOLDER = (5, "static_folder", "FAB_STATIC_FOLDER", "static/appbuilder")
STATIC_URL_PATH = (6, "static_url_path", "FAB_STATIC_URL_PATH", "/appbuilder")


@dataclass(frozen=True)
class InitSite:
    """A call that initialises an AppBuilder, and the constructor call that made it."""

    facts: ModuleFacts
    call: ast.Call
    ctor_facts: ModuleFacts
    ctor_scope: Scope
    ctor: ast.Call


class BuiltinReader(RouteReader):
    """FAB's own routes, as generated routes at an initialisation site."""

    def _builtin_routes(self, site: InitSite, security: list[str], own_index: bool) -> list[Route]:
        """The routes ``init_app`` adds at ``site``: ``security`` the FAB classes the
        security managers register, ``own_index`` whether the project gives the index view."""
        classes = [] if own_index else [INDEX_VIEW]
        classes += [*BEFORE_SECURITY, *security]
        if setting(self.ctx, "FAB_ADD_OPENAPI_VIEWS", True) is not False and (
            setting(self.ctx, "FAB_API_SWAGGER_UI", False) is True
        ):
            classes += OPENAPI
        if setting(self.ctx, "FAB_ADD_MENU_API", True) is not False:
            classes.append(MENU_API)
        out: list[Route] = []
        for dotted in dict.fromkeys(classes):
            out += self._fab_class_routes(site, dotted)
        return out + self._static_routes(site)

    def _fab_class_routes(self, site: InitSite, dotted: str) -> list[Route]:
        """The endpoints of FAB's class ``dotted`` under its route base; none when the table
        does not know the class (a newer FAB's)."""
        module, _, name = dotted.rpartition(".")
        if name not in FAB_CLASSES:
            return []
        fab = fab_mro([name])
        route_base = self._route_base([], fab, name, is_api="BaseApi" in fab)
        include = self._names_attr([], fab, "include_route_methods")
        origin = self.ctx.origin(site.facts, site.call.lineno - 1)
        out = []
        for endpoint in self._endpoints([], fab):
            if include is not None and endpoint.attr not in include:
                continue
            route = generated_route(
                self.framework,
                site.facts,
                site.call,
                endpoint.methods,
                flask_path(join_rule(route_base, endpoint.url)),
                flask_path(endpoint.url),
                f"{module}:{name}.{endpoint.attr}",
                auth=[
                    AuthRequirement(
                        auth,
                        "handler",
                        origin,
                        (endpoint.fab_permission,) if endpoint.fab_permission else (),
                    )
                    for auth in endpoint.fab_auth
                ],
                name=f"{name}.{endpoint.attr}",
                automatic=werkzeug_automatic(endpoint.methods),
            )
            out.append(route)
        return out

    def _static_routes(self, site: InitSite) -> list[Route]:
        """``_add_global_static``'s blueprint: ``url_prefix="/static"`` and the AppBuilder's
        ``static_url_path``; none when its folder is None or a value cannot be worked out."""
        folder = self._static_value(site, STATIC_FOLDER)
        url_path = self._static_value(site, STATIC_URL_PATH)
        if not isinstance(folder, str) or not isinstance(url_path, str):
            return []
        rule = join_rule("/static", f"{url_path.rstrip('/')}/<path:filename>")
        return [
            generated_route(
                self.framework,
                site.facts,
                site.call,
                "GET",
                flask_path(rule),
                flask_path(rule),
                "flask.blueprints:Blueprint.send_static_file",
                name="appbuilder.static",
                automatic=werkzeug_automatic(("GET",)),
            )
        ]

    def _static_value(self, site: InitSite, where: tuple[int, str, str, str]) -> object:
        """The constructor's argument (its default when not given), unless the configuration
        sets it (``init_app`` prefers ``app.config``); None for None, ``...`` when unknown."""
        position, keyword, config, default = where
        found = setting(self.ctx, config, None)
        if found is not None:
            return found if isinstance(found, str) else ...
        expr = keyword_value(site.ctor, keyword)
        if expr is None and position < len(site.ctor.args):
            expr = site.ctor.args[position]
        if expr is None:
            return default
        if isinstance(expr, ast.Constant) and expr.value is None:
            return None
        value = self.symbols.evaluate_str(site.ctor_facts, site.ctor_scope, expr)
        return value if value is not None else ...

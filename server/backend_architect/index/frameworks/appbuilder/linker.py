"""The Flask-AppBuilder linker: view and API classes, under their route bases, reachable when registered."""

from __future__ import annotations

import ast

from ....core.model import Route
from ....core.syntax import keyword_value
from ...facts import INTERESTING_ATTRS, INTERESTING_CALLS, ModuleFacts, Scope
from ...libraries import library_symbol
from ...symbol_types import Assigned, ClassSym, External
from ..common import arg, assigns_of_kind, calls_named, dedupe, is_kind
from .builtin import BuiltinReader, InitSite
from .fab_classes import FAB_CLASSES, fab_mro
from .security import SQLA_MANAGER, manager_views, setting

APPBUILDER_CLASSES = frozenset({"flask_appbuilder.AppBuilder", "flask_appbuilder.base.AppBuilder"})
REGISTER_CALLS = ("add_view", "add_view_no_menu", "add_api")
INTERESTING_CALLS.update({*REGISTER_CALLS, "init_app"})
# what ``AppBuilder.init_app`` reads off the object: set by attribute as by the constructor
INTERESTING_ATTRS.update({"indexview", "security_manager_class"})


class AppBuilderLinker(BuiltinReader):
    """Flask-AppBuilder routes: each view or API class's endpoints under its route base."""

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
        managers: list[ClassSym] = []  # the security manager classes the AppBuilders get
        sites: list[InitSite] = []  # where an AppBuilder is initialised
        own_index = False
        for facts in self.ctx.modules:
            sites += self._init_sites(facts)
            for call in calls_named(facts, *REGISTER_CALLS):
                view = arg(call.node, 0, "baseview")
                if view is not None:
                    for cls in self._classes(facts, call.scope, view):
                        registered[(cls.facts.path, cls.qualname)] = cls
            # AppBuilder(app, session, indexview=MyIndexView) registers the index view
            for scope, _, ctor in assigns_of_kind(self.ctx, facts, APPBUILDER_CLASSES):
                view = keyword_value(ctor, "indexview")
                if view is not None:
                    own_index = True
                    for cls in self._classes(facts, scope, view):
                        registered[(cls.facts.path, cls.qualname)] = cls
                manager = keyword_value(ctor, "security_manager_class")
                if manager is not None:
                    managers.extend(self._classes(facts, scope, manager))
            # ``appbuilder.indexview = HomeView`` before ``init_app``: the same
            for scope, target, value in facts.attr_sets:
                if not self._is_appbuilder(facts, scope, target.value):
                    continue
                found = self._classes(facts, scope, value)
                if target.attr == "indexview":
                    own_index = True
                    for cls in found:
                        registered[(cls.facts.path, cls.qualname)] = cls
                else:
                    managers.extend(found)
        # ``FAB_INDEX_VIEW = "app.views.Home"``: init_app imports it in place of any other
        index_path = setting(self.ctx, "FAB_INDEX_VIEW", None)
        if isinstance(index_path, str):
            own_index = True
            named = self.symbols.follow(self.symbols.resolve_dotted(index_path))
            if isinstance(named, ClassSym):
                registered[(named.facts.path, named.qualname)] = named
        if not managers:  # FAB's own SecurityManager (SQLAlchemy)
            default = library_symbol(self.symbols, SQLA_MANAGER)
            managers = [default] if isinstance(default, ClassSym) else []
        fab_views: list[str] = []  # FAB's classes the managers register
        for security in managers:
            ours, theirs = manager_views(self, security)
            for cls in ours:
                registered[(cls.facts.path, cls.qualname)] = cls
            fab_views += theirs
        candidates = dict(registered)
        for facts in self.ctx.modules:
            for info in facts.classes.values():
                candidates.setdefault((facts.path, info.qualname), ClassSym(facts, info.qualname))
        routes: list[Route] = []
        for key, cls in candidates.items():
            routes.extend(self._class_routes(cls, key in registered))
        if sites:  # one AppBuilder per app is FAB's way: the first initialisation places them
            routes += self._builtin_routes(sites[0], fab_views, own_index)
        return dedupe(routes)

    def _init_sites(self, facts: ModuleFacts) -> list[InitSite]:
        """``AppBuilder(app, ...)`` given an app, and ``x.init_app(app, ...)`` on an
        AppBuilder ``x``: the calls that make FAB register its views."""
        out = []
        for scope, _, ctor in assigns_of_kind(self.ctx, facts, APPBUILDER_CLASSES):
            app = arg(ctor, 0, "app")
            if app is not None and not (isinstance(app, ast.Constant) and app.value is None):
                out.append(InitSite(facts, ctor, facts, scope, ctor))
        for call in calls_named(facts, "init_app"):
            for sym in self.ctx.objects(facts, call.scope, call.receiver):
                if (
                    isinstance(sym, Assigned)
                    and isinstance(sym.value, ast.Call)
                    and is_kind(self.ctx, sym.facts, sym.scope, sym.value, APPBUILDER_CLASSES)
                ):
                    out.append(InitSite(facts, call.node, sym.facts, sym.scope, sym.value))
                    break
        return out

    def _classes(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[ClassSym]:
        """The classes ``add_view``'s argument denotes: a class, or an instance of one
        (``add_view(MyView(), "Name")``), also through a variable or a helper's parameter."""
        if isinstance(expr, ast.Call):
            expr = expr.func
        if isinstance(expr, ast.BoolOp):  # ``config["CUSTOM_SECURITY_MANAGER"] or Default``
            return [c for value in expr.values for c in self._classes(facts, scope, value)]
        out = []
        for sym in self.ctx.objects(facts, scope, expr):
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.BoolOp):
                out.extend(self._classes(sym.facts, sym.scope, sym.value))
                continue
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
                sym = self.symbols.follow(
                    self.symbols.resolve_expr(sym.facts, sym.scope, sym.value.func)
                )
            if isinstance(sym, ClassSym):
                out.append(sym)
        return out

    def _is_appbuilder(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> bool:
        """Whether ``expr`` holds an AppBuilder (or a project subclass's instance)."""
        return any(
            isinstance(sym, Assigned)
            and isinstance(sym.value, ast.Call)
            and is_kind(self.ctx, sym.facts, sym.scope, sym.value, APPBUILDER_CLASSES)
            for sym in self.ctx.objects(facts, scope, expr)
        )

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
        route_base = self._route_base(chain, fab, info.name, is_api="BaseApi" in fab)
        include = self._names_attr(chain, fab, "include_route_methods")
        exclude = self._names_attr(chain, fab, "exclude_route_methods")
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

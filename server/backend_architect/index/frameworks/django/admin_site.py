"""The Django admin's URLs: ``path("admin/", admin.site.urls)`` and custom sites.

What the admin serves depends on the models registered with it when Django starts: the
admin modules of ``INSTALLED_APPS`` (autodiscovered when ``django.contrib.admin`` is
installed; the project's, and installed packages' such as ``django.contrib.auth``'s User and
Group) call ``site.register(Model, ModelAdmin)``, ``@admin.register(Model, site=...)`` and
``site.unregister(Model)``, read statically in that order. The site's URLs are then built
as Django builds them: its ``get_urls`` (a project ``AdminSite`` subclass's override followed
by the bounded evaluator, Django's own read by :mod:`.admin_defaults`), one
``<app_label>/<model_name>/`` include per registered model with its ``ModelAdmin.get_urls``
(``UserAdmin``'s ``<id>/password/`` too), the ``app_list`` over their app labels, the final
catch-all view when ``final_catch_all_view`` is on. Views the admin wraps in
``admin_view`` require a signed-in staff member: their auth fact is the admin's.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ....core.model import AuthRequirement, Route
from ...evaluator import (
    Bound,
    Evaluator,
    ExtCall,
    Instance,
    MethodCall,
    Namespace,
    Native,
    Super,
)
from ...facts import ModuleFacts, Scope
from ...libraries import full_class_chain, library_symbol
from ...symbol_types import UNKNOWN, Assigned, ClassSym, External, FunctionSym
from .admin_defaults import MODEL_ADMIN_CLASS, SITE_CLASS, DefaultUrls, default_urls
from .evaluation import PATH_FUNCS, REGEX_FUNCS, app_label, is_subclass, model_attribute
from .records import Entry, Mount, Site
from .routers import RouterRoutes

DEFAULT_SITES = frozenset({"django.contrib.admin.site", "django.contrib.admin.sites.site"})
SITE_CLASSES = frozenset({SITE_CLASS, "django.contrib.admin.AdminSite"})
ADMIN_CLASSES = frozenset({MODEL_ADMIN_CLASS, "django.contrib.admin.ModelAdmin"})
REGISTER_DECORATORS = frozenset(
    {"django.contrib.admin.register", "django.contrib.admin.decorators.register"}
)
ADMIN_APPS = frozenset({"django.contrib.admin", "django.contrib.admin.apps.AdminConfig"})
DEFAULT_KEY = ("", "", "django.contrib.admin.site")
_PATH = "django.urls.path"
INCLUDES = frozenset({"django.urls.include", "django.urls.conf.include"})


@dataclass(frozen=True, eq=False)
class AdminView:
    """A view wrapped by the admin (``wrap(...)``, ``self.admin_site.admin_view(...)``):
    reached only by a signed-in staff member."""

    inner: Any


@dataclass(frozen=True)
class SiteRef:
    key: tuple[str, str, str]  # DEFAULT_KEY, or the assignment of a custom site
    cls: ClassSym | None  # a project (or installed) AdminSite subclass
    name: str  # the instance namespace (``AdminSite(name="staff")``)


class AdminRoutes(RouterRoutes):
    """The admin sites a urlconf mounts, and the routes each serves."""

    def _admin_site(self, facts: ModuleFacts, scope: Scope, view: ast.expr) -> SiteRef | None:
        """The site ``view`` mounts: ``site.urls`` (also inside ``include()``)."""
        if (
            isinstance(view, ast.Call)
            and len(view.args) == 1
            and self.symbols.qualified(facts, scope, view.func)
            in ("django.urls.include", "django.urls.conf.include")
        ):
            view = view.args[0]
        if not (isinstance(view, ast.Attribute) and view.attr == "urls"):
            return None
        if self.symbols.qualified(facts, scope, view.value) in DEFAULT_SITES:
            return SiteRef(DEFAULT_KEY, None, "admin")
        for sym in self.ctx.objects(facts, scope, view.value):
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
                site = self._site_of(sym)
                if site is not None:
                    return site
        return None

    def _site_of(self, sym: Assigned) -> SiteRef | None:
        call = sym.value
        assert isinstance(call, ast.Call)
        ctor = self.symbols.follow(self.symbols.resolve_expr(sym.facts, sym.scope, call.func))
        cls: ClassSym | None = None
        if isinstance(ctor, ClassSym):
            if not SITE_CLASSES & set(self.symbols.class_bases(ctor)):
                return None
            cls = ctor
        elif not (isinstance(ctor, External) and ctor.dotted in SITE_CLASSES):
            return None
        named = call.args[0] if call.args else None
        named = next((k.value for k in call.keywords if k.arg == "name"), named)
        name = self.symbols.evaluate_str(sym.facts, sym.scope, named) if named else None
        return SiteRef(sym.key, cls, name or "admin")

    def _admin_routes(
        self, site: SiteRef, mount: Mount, facts: ModuleFacts, scope: Scope, call: ast.Call
    ) -> Iterator[Route]:
        origin = self.ctx.origin(facts, call.lineno - 1)
        staff = AuthRequirement("AdminSite.admin_view", "handler", origin)
        urls = AdminUrls(self, site, mount).site_urls()
        sub = replace(mount, namespaces=(*mount.namespaces, site.name))
        yield from self._admin_values(urls, sub, Site(facts, scope, call), staff, 0)

    def _admin_values(
        self, values: list[Any], mount: Mount, site: Site, staff: AuthRequirement, depth: int
    ) -> Iterator[Route]:
        """The ``path()``s of a get_urls list: includes walked, views routed."""
        for value in values if depth < 4 else ():
            if not (isinstance(value, ExtCall) and value.name in PATH_FUNCS | REGEX_FUNCS):
                continue
            route = value.args[0] if value.args else value.kwargs.get("route")
            view = value.args[1] if len(value.args) > 1 else value.kwargs.get("view")
            if not isinstance(route, str) or view is None or view is UNKNOWN:
                continue
            regex = value.name in REGEX_FUNCS
            if isinstance(view, ExtCall) and view.name in INCLUDES and view.args:
                inner = view.args[0]
                sub = self._sub_mount(mount, route, regex)
                yield from self._admin_values(
                    inner if isinstance(inner, list) else [], sub, site, staff, depth + 1
                )
                continue
            name = value.kwargs.get("name")
            named = name if isinstance(name, str) else None
            for entry in self._entries(mount, route, regex, site, named):
                yield from self._admin_view_routes(view, entry, staff)

    def _admin_view_routes(
        self, view: Any, entry: Entry, staff: AuthRequirement
    ) -> Iterator[Route]:
        if isinstance(view, AdminView):
            mount = replace(entry.mount, auth=(*entry.mount.auth, staff))
            yield from self._admin_view_routes(view.inner, replace(entry, mount=mount), staff)
        elif isinstance(view, Bound):
            yield from self._function_routes(view.fn, entry)
        elif isinstance(view, External) and isinstance(
            found := library_symbol(self.symbols, view.dotted), FunctionSym
        ):  # ``contenttype_views.shortcut``: shown where it is installed
            yield from self._function_routes(found, entry)
        else:
            yield from self._value_routes(view, entry, 0)


class AdminUrls:
    """One site's URL list as the evaluator builds it, over its registry."""

    def __init__(self, linker: AdminRoutes, site: SiteRef, mount: Mount) -> None:
        self.linker, self.site, self.mount = linker, site, mount
        self.symbols = linker.symbols
        stop = SITE_CLASSES | ADMIN_CLASSES
        self.evaluator = Evaluator(
            self.symbols,
            attribute=self._attribute,
            is_subclass=lambda a, b: is_subclass(self.symbols, a, b),
            chain=lambda c: full_class_chain(self.symbols, c, stop),
            max_steps=10_000,
        )
        self.instance = Instance({"_kind": "site", "name": site.name}, cls=site.cls)

    def site_urls(self) -> list[Any]:
        ev = self.evaluator
        found = ev.apply(ev.attribute(self.instance, "get_urls"), [], {})
        return found if isinstance(found, list) else self._defaults(self.instance)

    # --- Django's own get_urls, read from its source ----------------------------------

    def _defaults(self, instance: Instance) -> list[Any]:
        is_site = instance.attrs.get("_kind") == "site"
        read = default_urls(self.symbols, SITE_CLASS if is_site else MODEL_ADMIN_CLASS)
        if read is None:
            return []
        out: list[Any] = []
        catch_all: list[Any] = []
        for url in read.urls:
            if url.when is not None and self.evaluator.attribute(instance, url.when) is not True:
                continue
            value = self._view(read, url.view, instance)
            name = url.name
            if name and "%" in name and not is_site:
                name = _named(name, instance)
            kwargs = {"name": name} if name else {}
            made = ExtCall(
                "django.urls.re_path" if url.regex else _PATH,
                (url.route, value),
                kwargs,
                read.cls.facts,
                url.node,
            )
            (catch_all if url.when else out).append(made)
        if not is_site:
            return out
        labels: list[str] = []
        for model, admin_cls in self._registry():
            label = app_label(self.linker.ctx, model)
            name = model.qualname.rsplit(".", 1)[-1].lower()
            urls = self._model_urls(model, admin_cls)
            include = ExtCall("django.urls.include", (urls,), {}, read.cls.facts, read.urls[0].node)
            out.append(
                ExtCall(_PATH, (f"{label}/{name}/", include), {}, include.facts, include.node)
            )
            if label not in labels:
                labels.append(label)
        if labels:
            index = self._handler(read, instance, "app_index")
            regex = r"^(?P<app_label>" + "|".join(labels) + ")/$"
            out.append(
                ExtCall(
                    "django.urls.re_path",
                    (regex, AdminView(index)),
                    # unnamed here: ``app_label`` takes only the registered labels, so the
                    # name would not reverse as the completion offers it (any value)
                    {},
                    read.cls.facts,
                    read.urls[0].node,
                )
            )
        return out + catch_all

    def _model_urls(self, model: ClassSym, admin_cls: ClassSym | None) -> list[Any]:
        meta = model_attribute(self.linker.ctx, model, "_meta")
        instance = Instance(
            {"_kind": "model_admin", "admin_site": self.instance, "model": model, "opts": meta},
            cls=admin_cls,
        )
        ev = self.evaluator
        found = ev.apply(ev.attribute(instance, "get_urls"), [], {})
        return found if isinstance(found, list) else self._defaults(instance)

    def _view(self, read: DefaultUrls, expr: ast.expr, instance: Instance) -> Any:
        """A view expression of Django's get_urls as the value the walk reads."""
        if isinstance(expr, ast.Call):
            func = expr.func
            wraps = (isinstance(func, ast.Name) and func.id == "wrap") or (
                isinstance(func, ast.Attribute) and func.attr == "admin_view"
            )
            if wraps and expr.args:
                return AdminView(self._view(read, expr.args[0], instance))
            if isinstance(func, ast.Attribute) and func.attr == "as_view":
                receiver = self._view(read, func.value, instance)
                return (
                    MethodCall(receiver, "as_view", (), {}) if receiver is not UNKNOWN else UNKNOWN
                )
            return UNKNOWN
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            if expr.value.id == "self":
                return self._handler(read, instance, expr.attr)
            if expr.value.id in read.imports:  # ``contenttype_views.shortcut``
                return External(f"{read.imports[expr.value.id]}.{expr.attr}")
        if isinstance(expr, ast.Name):
            return self.symbols.follow(self.symbols.resolve_expr(read.cls.facts, "", expr))
        return UNKNOWN

    def _handler(self, read: DefaultUrls, instance: Instance, attr: str) -> Any:
        found = self.evaluator.attribute(instance, attr)
        return found if isinstance(found, Bound) else UNKNOWN

    # --- the registry -----------------------------------------------------------------

    def _registry(self) -> list[tuple[ClassSym, ClassSym | None]]:
        """(model, ModelAdmin class) registered with this site, in registration order: the
        admin modules run in turn, each once, its registrations and the admin modules it
        imports (``from other_app import admin``) in line order, so an unregister after
        such an import wins even when autodiscover reaches that app later (a no-op then).
        ``AdminSite.register`` skips a swapped model (``auth.User`` under ``AUTH_USER_MODEL``)."""
        registry: dict[str, tuple[ClassSym, ClassSym | None]] = {}
        ran: set[str] = set()
        near = self.mount.settings.facts.path if self.mount.settings.facts else None

        def run(facts: ModuleFacts, depth: int) -> None:
            if facts.path in ran or depth > 16:
                return
            ran.add(facts.path)
            steps: list[tuple[int, int, Any]] = [
                (line, 0, found)
                for line, dotted in facts.module_imports
                if _admin_module(dotted)
                and (found := self._module(dotted, near or facts.path)) is not None
            ]
            steps += [(line, 1, made) for line, *made in self._registrations(facts)]
            for _, is_call, step in sorted(steps, key=lambda s: (s[0], s[1])):
                if not is_call:
                    run(step, depth + 1)
                    continue
                kind, models, admin_cls = step
                for model in models:
                    if kind == "unregister":
                        registry.pop(model.dotted, None)
                    elif not self._swapped(model):
                        registry[model.dotted] = (model, admin_cls)

        for facts in self._admin_modules():
            run(facts, 0)
        return list(registry.values())

    def _module(self, dotted: str, near: str | None) -> ModuleFacts | None:
        return self.symbols.module(dotted, near) or self.symbols.library(dotted)

    def _swapped(self, model: ClassSym) -> bool:
        """``model._meta.swapped``: its ``Meta.swappable`` names a setting that is set to
        another model's ``app_label.ModelName`` (compared lower case, as Django does)."""
        meta = model.facts.classes.get(f"{model.qualname}.Meta")
        if meta is None:
            return False
        setting = None
        for klass in self.symbols.class_chain(ClassSym(model.facts, meta.qualname)):
            entry = klass.facts.classes[klass.qualname].fields.get("swappable")
            if entry is not None and entry[1] is not None:
                setting = self.symbols.evaluate_str(klass.facts, klass.qualname, entry[1])
                break
        if not setting:
            return False
        chosen = None
        for facts in self.mount.settings.pool:
            if ("", setting) in facts.assigns:
                chosen = self.symbols.evaluate_str(facts, "", facts.assigns[("", setting)])
                break
        if not chosen:  # Django's default (``auth.User``), or not read: not swapped
            return False
        label, _, name = chosen.partition(".")
        own = f"{app_label(self.linker.ctx, model)}.{model.qualname.rsplit('.', 1)[-1]}"
        return f"{label}.{name}".lower() != own.lower()

    def _admin_modules(self) -> list[ModuleFacts]:
        """The modules that run before the URLs are built: each installed app's ``admin``
        module (autodiscovery), and the module that defines a custom site."""
        apps = self.mount.settings.installed_apps
        out: list[ModuleFacts] = []
        near = self.mount.settings.facts.path if self.mount.settings.facts else ""
        if apps is None:  # settings not read: the project's admin modules
            out = [f for f in self.linker.ctx.module_list if f.module.rsplit(".", 1)[-1] == "admin"]
        elif ADMIN_APPS & set(apps):
            for app in apps:
                name = _app_module(app)
                found = self._module(f"{name}.admin", near)
                if found is not None:
                    out.append(found)
        if self.site.key != DEFAULT_KEY:
            defining = next(
                (f for f in self.linker.ctx.module_list if f.path == self.site.key[0]), None
            )
            if defining is not None and all(f.path != defining.path for f in out):
                out.append(defining)
        return out

    def _registrations(
        self, facts: ModuleFacts
    ) -> list[tuple[int, str, list[ClassSym], ClassSym | None]]:
        """The module's ``register``/``unregister`` calls and ``@admin.register`` classes
        for this site: (line, kind, models, ModelAdmin class), in line order."""
        found: list[tuple[int, str, list[ClassSym], ClassSym | None]] = []
        for call in facts.calls:
            if call.method not in ("register", "unregister") or not call.node.args:
                continue
            if not self._is_site(facts, call.scope, call.receiver):
                continue
            models = self._models(facts, call.scope, call.node.args[0])
            admin_cls = None
            if call.method == "register" and len(call.node.args) > 1:
                admin = self.symbols.follow(
                    self.symbols.resolve_expr(facts, call.scope, call.node.args[1])
                )
                if isinstance(admin, External):  # an installed package's (UserAdmin)
                    admin = library_symbol(self.symbols, admin.dotted) or admin
                admin_cls = admin if isinstance(admin, ClassSym) else None
            found.append((call.node.lineno, call.method, models, admin_cls))
        for info in facts.classes.values():
            for dec in info.node.decorator_list:
                if not isinstance(dec, ast.Call):
                    continue
                if self.symbols.qualified(facts, info.scope, dec.func) not in REGISTER_DECORATORS:
                    continue
                target = next((k.value for k in dec.keywords if k.arg == "site"), None)
                if target is None:
                    if self.site.key != DEFAULT_KEY:
                        continue
                elif not self._is_site(facts, info.scope, target):
                    continue
                models = [m for a in dec.args for m in self._models(facts, info.scope, a)]
                found.append((dec.lineno, "register", models, ClassSym(facts, info.qualname)))
        return sorted(found, key=lambda f: f[0])

    def _is_site(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> bool:
        if self.symbols.qualified(facts, scope, expr) in DEFAULT_SITES:
            return self.site.key == DEFAULT_KEY
        return any(
            isinstance(sym, Assigned) and sym.key == self.site.key
            for sym in self.linker.ctx.objects(facts, scope, expr)
        )

    def _models(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[ClassSym]:
        elts = expr.elts if isinstance(expr, (ast.List, ast.Tuple)) else [expr]
        out: list[ClassSym] = []
        for e in elts:
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, e))
            if isinstance(sym, External):
                sym = library_symbol(self.symbols, sym.dotted) or sym
            if isinstance(sym, ClassSym):
                out.append(sym)
        return out

    # --- the evaluator's hook ------------------------------------------------------------

    def _attribute(self, value: Any, attr: str) -> Any:
        if isinstance(value, Super):
            instance = value.instance
            if attr == "get_urls":
                return Native(lambda: self._defaults(instance))
            if attr == "admin_view":
                return Native(lambda view, cacheable=False: AdminView(view))
            base = SITE_CLASS if instance.attrs.get("_kind") == "site" else MODEL_ADMIN_CLASS
            return self._library_member(base, instance, attr)
        return model_attribute(self.linker.ctx, value, attr)

    def _library_member(self, dotted: str, instance: Instance, attr: str) -> Any:
        """A method or attribute Django's class (or its bases) defines."""
        cls = library_symbol(self.symbols, dotted)
        if not isinstance(cls, ClassSym):
            return UNKNOWN
        for klass in full_class_chain(self.symbols, cls, frozenset()):
            info = klass.facts.classes[klass.qualname]
            if attr in info.methods:
                return Bound(instance, FunctionSym(klass.facts, info.methods[attr].qualname))
            entry = info.fields.get(attr)
            if entry is not None and entry[1] is not None:
                return self.evaluator.value(klass.facts, klass.qualname, entry[1])
        return UNKNOWN


def _named(fmt: str, instance: Instance) -> str | None:
    """``"%s_%s_changelist" % (app_label, model_name)`` for the instance's model."""
    opts = instance.attrs.get("opts")
    attrs = opts.attrs if isinstance(opts, Namespace) else {}
    label, model = attrs.get("app_label"), attrs.get("model_name")
    if not isinstance(label, str) or not isinstance(model, str) or fmt.count("%s") != 2:
        return None
    return fmt % (label, model)


def _admin_module(dotted: str) -> bool:
    """An imported module that may register models with a site: an ``admin`` module or a
    module of an ``admin`` package (``app.admin.users``), not Django's admin itself."""
    if dotted == "django.contrib.admin" or dotted.startswith("django.contrib.admin."):
        return False
    parts = dotted.split(".")
    return "admin" in parts[1:]


def _app_module(entry: str) -> str:
    """The app package an INSTALLED_APPS entry names (``blog.apps.BlogConfig`` -> ``blog``)."""
    parts = entry.split(".")
    if len(parts) > 2 and parts[-1][:1].isupper() and parts[-2] == "apps":
        return ".".join(parts[:-2])
    return entry

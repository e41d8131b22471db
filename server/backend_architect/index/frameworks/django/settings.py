"""Settings modules: ``ROOT_URLCONF``, ``REST_FRAMEWORK`` defaults and login-requiring ``MIDDLEWARE``."""

from __future__ import annotations

import ast
import os
import re

from ....core.model import AuthRequirement
from ...facts import ModuleFacts, Scope
from ...symbol_types import Assigned, FunctionSym
from ..common import ENFORCING_MIDDLEWARE_RE
from .auth_checks import rejects_anonymous
from .records import ProjectSettings
from .routes import RouteBuilder

# settings.py, and its variants beside it (settings_example.py, settings_docker.py)
_SETTINGS_FILE_RE = re.compile(r"settings(?:_\w+)?\.py$")
# Middleware that identifies the caller but requires nothing.
IDENTIFY_ONLY_MIDDLEWARE = frozenset(
    {"AuthenticationMiddleware", "RemoteUserMiddleware", "PersistentRemoteUserMiddleware"}
)


class SettingsReader(RouteBuilder):
    """The URL roots and what their settings say about auth."""

    def _settings_modules(self) -> list[ModuleFacts]:
        """Settings modules: ``settings.py`` files and ``settings/`` packages (parsed on first
        use: settings text rarely looks like routes), and linked modules setting
        ``ROOT_URLCONF`` or ``REST_FRAMEWORK``."""
        out = {
            f.path: f
            for f in self.ctx.modules
            if ("", "ROOT_URLCONF") in f.assigns or ("", "REST_FRAMEWORK") in f.assigns
        }
        # which registered paths are settings files changes only with the set of paths
        stamp = (id(self.symbols), self.symbols.registrations)
        cached = self.ctx.persistent.get("django.settings_paths")
        if cached is None or cached[0] != stamp:
            named = [
                path
                for path in self.symbols.by_path
                if _SETTINGS_FILE_RE.match(os.path.basename(path))
                or os.path.basename(os.path.dirname(path)) == "settings"
            ]
            cached = self.ctx.persistent["django.settings_paths"] = (stamp, named)
        for path in cached[1]:
            if path in out:
                continue
            facts = self.symbols.facts(path)
            if facts is not None:
                out[path] = facts
        return sorted(out.values(), key=lambda f: f.path)

    def _roots(self, settings: list[ModuleFacts]) -> list[tuple[ModuleFacts, ProjectSettings]]:
        out: list[tuple[ModuleFacts, ProjectSettings]] = []
        seen: set[str] = set()
        for facts in sorted(settings, key=lambda f: ("", "ROOT_URLCONF") not in f.assigns):
            name = self.symbols.evaluate_str(facts, "", facts.assigns.get(("", "ROOT_URLCONF")))
            if name is None:  # the Django project layout: settings.py next to urls.py
                parent = facts.module.rsplit(".", 1)[0] if "." in facts.module else ""
                if facts.module.rsplit(".", 1)[-1] != "settings":
                    continue
                name = f"{parent}.urls" if parent else "urls"
            conf = self.symbols.module(name, facts.path)
            if conf is None or conf.path in seen:
                continue
            seen.add(conf.path)
            out.append((conf, self._read_settings(facts, settings)))
        return out

    def _read_settings(self, facts: ModuleFacts, others: list[ModuleFacts]) -> ProjectSettings:
        cfg = ProjectSettings(facts)
        # split settings (base.py + dev.py): a value the module lacks comes from a sibling
        # (or, for a settings package, from its modules: ``from .base import *``)
        parent = facts.module.rsplit(".", 1)[0]
        pool = [facts] + [
            o
            for o in others
            if o is not facts
            and (
                o.module.rsplit(".", 1)[0] == parent
                or (facts.is_package and o.module.startswith(facts.module + "."))
            )
        ]
        cfg.pool = tuple(pool)
        rest = next((f for f in pool if ("", "REST_FRAMEWORK") in f.assigns), None)
        if rest is not None:
            value = rest.assigns[("", "REST_FRAMEWORK")]
            # ``REST_FRAMEWORK = get_drf_settings(...)``: the dict the project's function returns
            made = (
                self.symbols.follow(self.symbols.resolve_expr(rest, "", value.func))
                if isinstance(value, ast.Call)
                else None
            )
            rest_scope: Scope = ""
            if isinstance(made, FunctionSym):
                returned = made.facts.returns.get(made.qualname, [])
                found = next((r for r in returned if isinstance(r, ast.Dict)), None)
                if found is not None:
                    rest, rest_scope, value = made.facts, made.qualname, found
            if isinstance(value, ast.Dict):
                for key, item in zip(value.keys, value.values, strict=True):
                    if not isinstance(key, ast.Constant):
                        continue
                    if key.value == "DEFAULT_PERMISSION_CLASSES":
                        cfg.permission = self._class_list(
                            rest, rest_scope, item, "settings", "permission"
                        )
                    elif key.value == "DEFAULT_AUTHENTICATION_CLASSES":
                        cfg.authentication = self._class_list(
                            rest, rest_scope, item, "settings", "authentication"
                        )
        apps = next((f for f in pool if ("", "INSTALLED_APPS") in f.assigns), None)
        if apps is not None:
            listed = self.symbols.evaluate(apps, "", apps.assigns[("", "INSTALLED_APPS")])
            if isinstance(listed, (list, tuple)) and all(isinstance(a, str) for a in listed):
                cfg.installed_apps = tuple(listed)
        mw = next((f for f in pool if ("", "MIDDLEWARE") in f.assigns), None)
        if mw is not None:
            value = mw.assigns[("", "MIDDLEWARE")]
            for element in value.elts if isinstance(value, (ast.List, ast.Tuple)) else ():
                dotted = self.symbols.evaluate_str(mw, "", element)
                if dotted is None:
                    continue
                short = dotted.rsplit(".", 1)[-1]
                if not self._middleware_enforces(dotted, mw.path):
                    continue
                cfg.middleware.append(
                    AuthRequirement(short, "middleware", self.ctx.origin(mw, element.lineno - 1))
                )
        return cfg

    def _middleware_enforces(self, dotted: str, near: str) -> bool:
        """Whether a MIDDLEWARE entry turns anonymous requests away. Django's own convention
        is that authentication middleware only says who the user is (``request.user``); the
        project's own class is read: it must check ``is_authenticated``/``is_anonymous`` and
        answer 401/403, redirect to the login or raise ``PermissionDenied``. A package's class
        is judged by its name (``LoginRequiredMiddleware``)."""
        module, _, short = dotted.rpartition(".")
        if short in IDENTIFY_ONLY_MIDDLEWARE:
            return False
        facts = self.symbols.module(module, near) if module else None
        cls = facts.classes.get(short) if facts is not None else None
        if cls is None:
            return bool(ENFORCING_MIDDLEWARE_RE.search(short))
        return rejects_anonymous(cls)

    def _class_list(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr, level: str, kind: str
    ) -> list[AuthRequirement]:
        """``[IsAuthenticated, "rest_framework.permissions.IsAdminUser", A & B]`` as entries;
        an empty permission list is a public entry (DRF lets everyone in)."""
        origin = self.ctx.origin(facts, expr.lineno - 1)
        if isinstance(expr, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if isinstance(sym, Assigned):
                return self._class_list(sym.facts, sym.scope, sym.value, level, kind)
        if not isinstance(expr, (ast.List, ast.Tuple)):
            return [AuthRequirement(ast.unparse(expr), level, origin, kind=kind)]
        if not expr.elts and kind == "permission":
            return [AuthRequirement("permission_classes=[]", level, origin, public=True)]
        out = []
        for element in expr.elts:
            if isinstance(element, ast.IfExp):
                # one class or the other, by configuration: open only if both are
                either = [
                    self._class_list(
                        facts,
                        scope,
                        ast.copy_location(ast.List([branch], ast.Load()), branch),
                        level,
                        kind,
                    )
                    for branch in (element.body, element.orelse)
                ]
                if all(len(e) == 1 for e in either):
                    out.append(
                        AuthRequirement(
                            f"{either[0][0].name} or {either[1][0].name}",
                            level,
                            self.ctx.origin(facts, element.lineno - 1),
                            public=either[0][0].public and either[1][0].public,
                            kind=kind,
                        )
                    )
                continue
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                name = element.value.rsplit(".", 1)[-1]
                names = [name]
            else:
                name = ast.unparse(element)
                names = [n.rsplit(".", 1)[-1] for n in re.findall(r"[\w.]+", name)]
                name = name if isinstance(element, ast.BinOp) else names[-1]
            public = kind == "permission" and (
                names == ["AllowAny"] or ("AllowAny" in names and "|" in name)
            )
            out.append(
                AuthRequirement(
                    name,
                    level,
                    self.ctx.origin(facts, element.lineno - 1),
                    public=public,
                    kind=kind,
                )
            )
        return out

"""The routes Litestar adds itself: the OpenAPI schema routes of an app's ``openapi_config`` and
the OPTIONS handler of every HTTP path that has none.

What the schema router serves is Litestar's ``OpenAPIPlugin.create_openapi_router`` (2.8+):
each render plugin's paths, the default plugin also at the root, ``/{path:str}`` (and the
root when no plugin is the default) answering 404, the JSON document when no plugin serves
``/openapi.json``, and what a plugin's ``receive_router`` registers (Swagger's
``/oauth2-redirect.html``). The data of the installed version (each plugin's default
``path``, the endpoints of the deprecated ``enabled_endpoints`` and the default site) is read
statically from its modules in site-packages; the project's ``OpenAPIConfig(...)`` from the
source. ``openapi_config=None`` serves nothing; a config the index cannot read, one with the
project's own ``openapi_router`` or (deprecated) ``openapi_controller``, or an installed
Litestar it cannot read, nothing either (the routes stay unknown rather than guessed).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...core.model import AuthRequirement, Route
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope
from ..symbol_types import Assigned, ClassSym
from ..symbols import Symbols
from .common import generated_route

PLUGINS_MODULE = "litestar.openapi.plugins"
CONFIG_MODULE = "litestar.openapi.config"
CONFIGS = frozenset({"litestar.openapi.OpenAPIConfig", "litestar.openapi.config.OpenAPIConfig"})
NOT_FOUND = "litestar._openapi.plugin:handle_schema_path_not_found"
OPTIONS = "litestar.routes.http:HTTPRoute.create_options_handler"
DEFAULT_PATH = "/schema"


@dataclass(frozen=True)
class Plugin:
    cls: str  # the library's class name: "SwaggerRenderPlugin"
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    path: str  # under the schema router's path
    handler: str  # "module:object" in Litestar


class InstalledLitestar:
    """What the installed Litestar's own modules say, read statically (never imported)."""

    def __init__(self, symbols: Symbols) -> None:
        self.plugins = symbols.library(PLUGINS_MODULE)
        self.config = symbols.library(CONFIG_MODULE)

    def positional(self, cls: str) -> list[str] | None:
        """The positional parameters of a render plugin's ``__init__`` (``self`` left out);
        None when the installed Litestar has no such plugin."""
        info = self.plugins.classes.get(cls) if self.plugins is not None else None
        init = info.methods.get("__init__") if info is not None else None
        if init is None:
            return None
        args = init.node.args
        return [a.arg for a in [*args.posonlyargs, *args.args][1:]]

    def default_paths(self, cls: str) -> tuple[str, ...] | None:
        info = self.plugins.classes.get(cls) if self.plugins is not None else None
        init = info.methods.get("__init__") if info is not None else None
        if init is None:
            return None
        args = init.node.args
        positional = [*args.posonlyargs, *args.args]
        with_default = positional[len(positional) - len(args.defaults) :]
        defaults = dict(zip([a.arg for a in with_default], args.defaults, strict=True))
        defaults.update(
            {
                a.arg: d
                for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                if d is not None
            }
        )
        return _strings(defaults.get("path"))

    def extra_pages(self, cls: str) -> list[Page]:
        """What the plugin's ``receive_router`` registers: ``get("/x", ...)(self.render_x)``."""
        info = self.plugins.classes.get(cls) if self.plugins is not None else None
        hook = info.methods.get("receive_router") if info is not None else None
        out = []
        for node in ast.walk(hook.node) if hook is not None else ():
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Call)):
                continue
            dec = node.func
            if not (isinstance(dec.func, ast.Name) and dec.func.id == "get" and dec.args):
                continue
            paths = _strings(dec.args[0]) or ()
            target = node.args[0] if node.args else None
            name = target.attr if isinstance(target, ast.Attribute) else "receive_router"
            out += [Page(p, f"{PLUGINS_MODULE}:{cls}.{name}") for p in paths]
        return out

    def enabled_endpoints(self) -> list[tuple[str, str | None]] | None:
        """``_enabled_plugin_map``: (endpoint, plugin class or None), in order."""
        value = self.config.assigns.get(("", "_enabled_plugin_map")) if self.config else None
        if not isinstance(value, ast.Dict):
            return None
        out = []
        for key, cls in zip(value.keys, value.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None
            out.append((key.value, cls.id if isinstance(cls, ast.Name) else None))
        return out

    def default_site(self) -> str:
        value = self.config.assigns.get(("", "_DEFAULT_SCHEMA_SITE")) if self.config else None
        ok = isinstance(value, ast.Constant) and isinstance(value.value, str)
        return value.value if ok else "redoc"  # type: ignore[union-attr]


def _strings(expr: ast.expr | None) -> tuple[str, ...] | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return (expr.value,)
    if isinstance(expr, (ast.List, ast.Tuple)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in expr.elts
    ):
        return tuple(e.value for e in expr.elts)  # type: ignore[attr-defined]
    return None


class SchemaRoutes:
    """The schema pages of one app, from its ``openapi_config`` argument."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self.lib = InstalledLitestar(symbols)

    def pages(
        self, facts: ModuleFacts, scope: Scope, app: ast.Call
    ) -> tuple[str, list[Page]] | None:
        """(the schema router's path, its pages); None when the app serves none or the index
        cannot tell which."""
        expr = keyword_value(app, "openapi_config")
        if expr is None:  # Litestar's DEFAULT_OPENAPI_CONFIG
            return DEFAULT_PATH, self._backward_compatible(None, None)
        if isinstance(expr, ast.Constant) and expr.value is None:
            return None
        found = self._config_call(facts, scope, expr)
        if found is None:
            return None
        facts, scope, call = found
        if any(
            keyword_value(call, k) is not None for k in ("openapi_controller", "openapi_router")
        ):
            return None  # the project's own controller or router: not read (yet)
        path = DEFAULT_PATH
        given = keyword_value(call, "path")
        if given is not None:
            value = self.symbols.evaluate_str(facts, scope, given)
            if value is None:
                return None
            path = value or DEFAULT_PATH
        plugins_expr = keyword_value(call, "render_plugins")
        plugins = None if plugins_expr is None else self._plugins(facts, scope, plugins_expr)
        if plugins_expr is not None and plugins is None:
            return None
        if not plugins:
            enabled = self._set(facts, scope, keyword_value(call, "enabled_endpoints"))
            site = self.symbols.evaluate_str(facts, scope, keyword_value(call, "root_schema_site"))
            return path, self._backward_compatible(enabled, site)
        default = next((p for p in plugins if "/" in p.paths), plugins[0])
        return path, self._router(plugins, default)

    def _config_call(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr
    ) -> tuple[ModuleFacts, Scope, ast.Call] | None:
        if isinstance(expr, ast.Name):
            held = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if not (isinstance(held, Assigned) and isinstance(held.value, ast.Call)):
                return None
            facts, scope, expr = held.facts, held.scope, held.value
        if not isinstance(expr, ast.Call):
            return None
        if self.symbols.qualified(facts, scope, expr.func) not in CONFIGS:
            return None
        return facts, scope, expr

    def _plugins(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[Plugin] | None:
        if isinstance(expr, ast.Name):
            held = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
            if not isinstance(held, Assigned):
                return None
            facts, scope, expr = held.facts, held.scope, held.value
        if not isinstance(expr, (ast.List, ast.Tuple)):
            return None
        out = []
        for item in expr.elts:
            plugin = self._plugin(facts, scope, item)
            if plugin is None:
                return None
            out.append(plugin)
        return out

    def _plugin(self, facts: ModuleFacts, scope: Scope, call: ast.expr) -> Plugin | None:
        if not isinstance(call, ast.Call):
            return None
        cls = self._library_class(facts, scope, call.func)
        if cls is None:
            return None
        given: ast.expr | None = keyword_value(call, "path")
        names = self.lib.positional(cls) or []
        if given is None and "path" in names and names.index("path") < len(call.args):
            given = call.args[names.index("path")]
        if given is None:
            paths = self.lib.default_paths(cls)
        else:
            value = self.symbols.evaluate(facts, scope, given)
            paths = (value,) if isinstance(value, str) else None
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                paths = tuple(value)
        return Plugin(cls, paths) if paths is not None else None

    def _library_class(self, facts: ModuleFacts, scope: Scope, func: ast.expr) -> str | None:
        """The Litestar render plugin a call constructs (a project subclass: its base)."""
        names = [self.symbols.qualified(facts, scope, func) or ""]
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func))
        if isinstance(sym, ClassSym):
            names = self.symbols.class_bases(sym)
        for name in names:
            module, _, cls = name.rpartition(".")
            if module.startswith("litestar.openapi") and self.lib.positional(cls) is not None:
                return cls
        return None

    def _set(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> set[str] | None:
        if expr is None:
            return None
        if isinstance(expr, (ast.Set, ast.List, ast.Tuple)):
            values = [self.symbols.evaluate(facts, scope, e) for e in expr.elts]
            return {v for v in values if isinstance(v, str)}
        value = self.symbols.evaluate(facts, scope, expr)
        return {v for v in value if isinstance(v, str)} if isinstance(value, (list, set)) else None

    def _backward_compatible(self, enabled: set[str] | None, site: str | None) -> list[Page]:
        """No ``render_plugins``: a plugin per enabled endpoint (all by default), the default
        the one whose path ends in ``root_schema_site``."""
        table = self.lib.enabled_endpoints()
        if table is None:
            return []
        site = site or self.lib.default_site()
        plugins, default = [], None
        for key, cls in table:
            if cls is None or (enabled is not None and key not in enabled):
                continue
            paths = self.lib.default_paths(cls)
            if paths is None:
                continue
            plugin = Plugin(cls, paths)
            plugins.append(plugin)
            if any(p.endswith(site) for p in paths):
                default = plugin
        return self._router(plugins, default)

    def _router(self, plugins: list[Plugin], default: Plugin | None) -> list[Page]:
        """``create_openapi_router``'s handlers, in its order."""
        pages: list[Page] = []
        json_found = False
        for plugin in plugins:
            paths = list(plugin.paths)
            if plugin is default and "/" not in paths:
                paths.append("/")
            json_found = json_found or "/openapi.json" in plugin.paths
            pages += [Page(p, f"{PLUGINS_MODULE}:{plugin.cls}.render") for p in paths]
        pages += [Page("/{path:str}", NOT_FOUND)]
        if default is None:
            pages.append(Page("/", NOT_FOUND))
        if not json_found:
            json_paths = self.lib.default_paths("JsonRenderPlugin") or ("/openapi.json",)
            pages += [Page(p, f"{PLUGINS_MODULE}:JsonRenderPlugin.render") for p in json_paths]
        for plugin in plugins:
            pages += self.lib.extra_pages(plugin.cls)
        return list({p.path: p for p in reversed(pages)}.values())[::-1]  # the first wins


def litestar_route(
    facts: ModuleFacts,
    app: ast.Call,
    method: str,
    path: str,
    local: str,
    handler: str,
    auth: list[AuthRequirement],
) -> Route:
    """A route Litestar serves from its own code, placed at the app's construction."""
    return generated_route("litestar", facts, app, method, path, local, handler, auth=auth)


def options_routes(facts: ModuleFacts, app: ast.Call, served: list[Route]) -> list[Route]:
    """The OPTIONS handler Litestar adds to each HTTP path none of whose handlers answers
    OPTIONS; it runs under the layers of the path's first handler (its guards but the
    handler's own)."""
    by_path: dict[str, list[Route]] = {}
    for r in served:
        if not r.is_websocket:
            by_path.setdefault(r.path, []).append(r)
    out = []
    for path, routes in by_path.items():
        if any("OPTIONS" in r.methods for r in routes):
            continue
        auth = [a for a in routes[0].auth if a.level != "handler"]
        out.append(litestar_route(facts, app, "OPTIONS", path, path, OPTIONS, auth))
    return out

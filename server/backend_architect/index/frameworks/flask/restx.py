"""Flask-RESTX (and Flask-RESTPlus) and Flask-RESTful: ``Api`` objects on an app or blueprint,
RESTX ``Namespace``s with their paths, ``Resource`` classes registered by ``@ns.route``,
``@api.route``, ``@api.resource``, ``add_resource`` and ``add_namespace``, and the routes a
RESTX ``Api`` adds itself (the Swagger document, the documentation page, the root).

URLs are built as the extensions build them: the blueprint's prefix, the ``Api`` prefix, the
namespace's path (or the one ``add_namespace`` gives) and the resource's URL, concatenated."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ....core.model import AuthRequirement, Route
from ....core.syntax import keyword_value
from ...facts import INTERESTING_CALLS, ModuleFacts, Scope, span_of
from ...symbol_types import Assigned, ClassSym
from ...symbols import Symbols
from ..common import LinkContext, arg, assigns_of_kind, calls_named, is_kind
from .paths import _decorator_name, auth_decorators, extension_route
from .static import restx_static_routes


class _Node(Protocol):
    """An app or blueprint of the Flask linker, where it is served."""

    def mounts(self) -> list[tuple[str, list[AuthRequirement], bool]]: ...

    def chains(self) -> list[tuple[tuple[Any, str], ...]]: ...


class FlaskLinker(Protocol):
    """What this reader uses of the Flask linker (which imports this module)."""

    ctx: LinkContext
    symbols: Symbols

    def _nodes_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[Any]: ...

    def _view_routes(
        self, node: Any, cls: ClassSym, rule: str, declared: tuple[str, ...]
    ) -> list[Route]: ...


INTERESTING_CALLS.update({"add_namespace", "add_resource", "init_app"})
_T = TypeVar("_T")

RESTX_APIS = frozenset(
    {"flask_restx.Api", "flask_restx.api.Api", "flask_restplus.Api", "flask_restplus.api.Api"}
)
RESTFUL_APIS = frozenset({"flask_restful.Api"})
NAMESPACES = frozenset(
    {
        "flask_restx.Namespace",
        "flask_restx.namespace.Namespace",
        "flask_restplus.Namespace",
        "flask_restplus.namespace.Namespace",
    }
)


@dataclass
class _Api:
    sym: Assigned
    restx: bool
    ctor: ast.Call
    prefix: str
    targets: list[_Node] = field(default_factory=list)
    auth: list[AuthRequirement] = field(default_factory=list)


@dataclass
class _Namespace:
    sym: Assigned | None  # None: an Api's default namespace
    path: str
    apis: list[tuple[_Api, str | None]] = field(default_factory=list)  # (api, path override)
    auth: list[AuthRequirement] = field(default_factory=list)


# (class, urls, where it was registered: facts, scope, the registering call)
_Resource = tuple[ClassSym, list[str], ModuleFacts, ast.Call]


class RestxReader:
    def __init__(self, linker: FlaskLinker) -> None:
        self.linker = linker
        self.ctx = linker.ctx
        self.symbols = linker.symbols
        self.apis: dict[tuple[str, str, str], _Api] = {}
        self.namespaces: dict[tuple[str, str, str], _Namespace] = {}
        self.defaults: dict[tuple[str, str, str], _Namespace] = {}  # an Api's own namespace
        self.doc_apps: set[int] = set()  # apps given the ``restx_doc`` blueprint (once each)

    def routes(self) -> list[Route]:
        self._objects()
        if not self.apis:
            return []
        resources: list[tuple[_Namespace | _Api, _Resource]] = []
        for facts in self.ctx.modules:
            for cls in facts.classes.values():
                for dec in cls.node.decorator_list:
                    if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute)):
                        continue
                    if dec.func.attr not in ("route", "resource"):
                        continue
                    urls = self._urls(facts, cls.scope, dec.args)
                    for owner in self._owners(facts, cls.scope, dec.func.value):
                        resources.append((owner, (ClassSym(facts, cls.qualname), urls, facts, dec)))
            for call in calls_named(facts, "add_resource"):
                if not call.node.args:
                    continue
                target = self.symbols.follow(
                    self.symbols.resolve_expr(facts, call.scope, call.node.args[0])
                )
                if not isinstance(target, ClassSym):
                    continue
                urls = self._urls(facts, call.scope, call.node.args[1:])
                for owner in self._owners(facts, call.scope, call.receiver):
                    resources.append((owner, (target, urls, facts, call.node)))
        out: list[Route] = []
        for owner, (view, urls, facts, where) in resources:
            placed: list[tuple[_Api, str, list[AuthRequirement]]]
            if isinstance(owner, _Api):
                placed = [(owner, url, []) for url in urls]
            else:
                placed = [
                    (api, (override or owner.path) + url, owner.auth)
                    for api, override in owner.apis
                    for url in urls
                ]
            for api, url, ns_auth in placed:
                for node in api.targets:
                    for route in self.linker._view_routes(node, view, api.prefix + url, ()):
                        # registered in the handler's module: the registration is its decorator
                        same = route.file == facts.path
                        route.decorator_span = span_of(where, facts.wide_lines) if same else None
                        route.auth = [*route.auth, *api.auth, *ns_auth, *self._own_auth(route)]
                        out.append(route)
        for api in self.apis.values():
            if api.restx:
                out.extend(self._own_routes(api))
        return out

    # --- the objects ---------------------------------------------------------------------

    def _objects(self) -> None:
        linker = self.linker
        for facts in self.ctx.modules:
            for scope, name, ctor in assigns_of_kind(
                self.ctx, facts, RESTX_APIS | RESTFUL_APIS | NAMESPACES
            ):
                sym = Assigned(facts, scope, name)
                if is_kind(self.ctx, facts, scope, ctor, NAMESPACES):
                    self.namespaces[sym.key] = self._namespace(facts, scope, ctor, sym)
                    continue
                restx = is_kind(self.ctx, facts, scope, ctor, RESTX_APIS)
                prefix = self.symbols.evaluate_str(facts, scope, keyword_value(ctor, "prefix"))
                api = _Api(sym, restx, ctor, prefix or "")
                api.auth = _decorators_auth(self.linker, facts, keyword_value(ctor, "decorators"))
                target = arg(ctor, 0, "app")
                if target is not None:
                    api.targets.extend(linker._nodes_for(facts, scope, target))
                self.apis[sym.key] = api
                default = _Namespace(None, "", [(api, None)])
                self.defaults[sym.key] = default
        if not self.apis:
            return
        for facts in self.ctx.modules:
            for call in calls_named(facts, "init_app"):
                target = arg(call.node, 0, "app")
                if target is None:
                    continue
                for api in self._apis(facts, call.scope, call.receiver):
                    api.targets.extend(linker._nodes_for(facts, call.scope, target))
            # ``ns = api.namespace("cats", path="/felines")``: made and added at once
            for (scope, name), value in facts.assigns.items():
                if (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and value.func.attr == "namespace"
                ):
                    apis = self._apis(facts, scope, value.func.value)
                    if apis:
                        sym = Assigned(facts, scope, name)
                        ns = self._namespace(facts, scope, value, sym)
                        ns.apis.extend((api, None) for api in apis)
                        self.namespaces[sym.key] = ns
            for call in calls_named(facts, "add_namespace"):
                ns_expr = arg(call.node, 0, "ns")
                if ns_expr is None:
                    continue
                path_expr = arg(call.node, 1, "path")
                override = (
                    self.symbols.evaluate_str(facts, call.scope, path_expr)
                    if path_expr is not None
                    else None
                )
                for api in self._apis(facts, call.scope, call.receiver):
                    for ns in self._find(self.namespaces, facts, call.scope, ns_expr):
                        ns.apis.append((api, override))

    def _namespace(
        self, facts: ModuleFacts, scope: Scope, ctor: ast.Call, sym: Assigned
    ) -> _Namespace:
        path = self.symbols.evaluate_str(facts, scope, keyword_value(ctor, "path"))
        if not path:
            name = self.symbols.evaluate_str(facts, scope, arg(ctor, 0, "name")) or ""
            path = "/" + name
        auth = _decorators_auth(self.linker, facts, keyword_value(ctor, "decorators"))
        return _Namespace(sym, path.rstrip("/"), auth=auth)

    def _find(
        self,
        table: dict[tuple[str, str, str], _T],
        facts: ModuleFacts,
        scope: Scope,
        expr: ast.expr,
    ) -> list[_T]:
        out = []
        for sym in self.ctx.objects(facts, scope, expr):
            found = table.get(sym.key) if isinstance(sym, Assigned) else None
            if found is not None and found not in out:
                out.append(found)
        return out

    def _apis(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[_Api]:
        return self._find(self.apis, facts, scope, expr)

    def _owners(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[_Namespace | _Api]:
        """What ``@x.route`` / ``x.add_resource`` registers on: a namespace, a RESTX Api (its
        default namespace, path "/"), or a Flask-RESTful Api (directly)."""
        namespaces: list[_Namespace] = self._find(self.namespaces, facts, scope, expr)
        owners: list[_Namespace | _Api] = [*namespaces]
        for api in self._apis(facts, scope, expr):
            owners.append(self.defaults[api.sym.key] if api.restx else api)
        return owners

    def _urls(self, facts: ModuleFacts, scope: Scope, args: list[ast.expr]) -> list[str]:
        out = []
        for a in args:
            value = self.symbols.evaluate_str(facts, scope, a)
            if value is not None:
                out.append(value)
        return out

    # --- auth and the Api's own routes -----------------------------------------------------

    def _own_auth(self, route: Route) -> list[AuthRequirement]:
        """A Resource's ``method_decorators`` (a list, or a dict by method) and the security
        its ``@api.doc(security=...)`` documents (how callers identify themselves)."""
        qualname = route.handler.partition(":")[2]
        facts = self.symbols.facts(route.file)
        if facts is None:
            return []
        cls_name = qualname.rpartition(".")[0]
        cls = facts.classes.get(cls_name)
        if cls is None:
            return []
        out: list[AuthRequirement] = []
        field_ = cls.fields.get("method_decorators")
        if field_ is not None and field_[1] is not None:
            value = field_[1]
            if isinstance(value, ast.Dict):
                method = route.methods[0].lower()
                picked = [
                    v
                    for k, v in zip(value.keys, value.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == method
                ]
                value = picked[0] if picked else ast.List(elts=[])
            out.extend(_decorators_auth(self.linker, facts, value))
        fn = cls.methods.get(route.methods[0].lower())
        for dec in [*cls.node.decorator_list, *(fn.decorators if fn else [])]:
            if (
                not isinstance(dec, ast.Call)
                or (_decorator_name(dec) or "").split(".")[-1] != "doc"
            ):
                continue
            security = keyword_value(dec, "security")
            if security is None:
                continue
            value = self.symbols.evaluate(facts, cls.scope, security)
            names = value if isinstance(value, list) else [value]
            for name in names:
                if isinstance(name, str) and name:
                    out.append(
                        AuthRequirement(
                            name,
                            "handler",
                            self.ctx.origin(facts, dec.lineno - 1),
                            kind="authentication",
                        )
                    )
        return out

    def _own_routes(self, api: _Api) -> list[Route]:
        """RESTX serves its Swagger document at ``prefix + /swagger.json``, the documentation
        page at ``doc`` (default "/", not under the prefix; ``doc=False`` turns it off) and a
        root at the prefix; the Swagger UI's static files (its ``restx_doc`` blueprint, on the
        app, once) as Flask's ``static`` is (``static.py``)."""
        facts, scope, ctor = api.sym.facts, api.sym.scope, api.ctor
        specs_expr = keyword_value(ctor, "add_specs")
        add_specs = specs_expr is None or self.symbols.evaluate(facts, scope, specs_expr)
        doc_expr = keyword_value(ctor, "doc")
        doc = "/" if doc_expr is None else self.symbols.evaluate(facts, scope, doc_expr)
        filename = self.symbols.evaluate_str(
            facts, scope, keyword_value(ctor, "default_swagger_filename")
        )
        rules: list[tuple[str, str]] = []
        if add_specs is not False:
            rules.append(("SwaggerView.get", api.prefix + "/" + (filename or "swagger.json")))
            if isinstance(doc, str) and doc:
                rules.append(("Api.render_doc", doc))
        rules.append(("Api.render_root", api.prefix or "/"))
        apps = []
        for node in api.targets:
            for chain in node.chains():
                app = chain[0][0]
                if app.kind == "app" and id(app) not in self.doc_apps:
                    self.doc_apps.add(id(app))
                    apps.append(app)
        return [
            extension_route(facts, ctor, f"flask_restx:{handler}", mount, rule)
            for node in api.targets
            for mount in node.mounts()
            for handler, rule in rules
        ] + restx_static_routes(self.symbols, apps, api.sym)


def _decorators_auth(
    linker: FlaskLinker, facts: ModuleFacts, value: ast.expr | None
) -> list[AuthRequirement]:
    """The auth decorators of a ``decorators=[...]`` / ``method_decorators = [...]`` list."""
    if not isinstance(value, (ast.List, ast.Tuple)):
        return []
    return auth_decorators(linker.ctx, facts, value.elts, "router")

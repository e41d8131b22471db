"""connexion route discovery: the operations of the OpenAPI / Swagger document an app loads
with ``app.add_api("openapi.yaml")`` (``connexion.App``/``FlaskApp``/``AsyncApp``, the file
found under its ``specification_dir``), each linked to its handler function as connexion
resolves it: ``operationId`` as a dotted path, prefixed by ``x-openapi-router-controller``
(``x-swagger-router-controller``), or by REST names under ``resolver=RestyResolver("api")``;
the base path from ``add_api(base_path=...)``, the first server's URL or ``basePath``. The
document's security requirements are the routes' auth: a scheme with a check function
(``x-bearerInfoFunc``, ``x-tokenInfoFunc``, ...) enforces, one without only identifies. The
served document and the Swagger UI connexion adds to each API are ``generated`` routes
(``connexion_ui.py``).

``automatic``: connexion 3 routes every request through its middleware's Starlette router
(a GET route answers HEAD too); a ``FlaskApp`` (``connexion.App``) then hands it to Flask,
which got each operation as ``blueprint.add_url_rule(path, name, operation,
methods=[method])`` (``apps/flask.py``), so werkzeug's HEAD and Flask's OPTIONS as well (the
middleware's router passes what it does not match on to the app); an ``AsyncApp`` only has
Starlette's ``Router`` (``apps/asynchronous.py``): HEAD beside GET.

The document is read as data (YAML or JSON, size-checked, regular files only), once per
change of the file; nothing of the project runs."""

from __future__ import annotations

import ast
import json
import os
import re
from typing import Any

from ...core.model import AuthRequirement, Parameter, Route, Span
from ...core.source import read_text
from ...core.syntax import keyword_value
from ..facts import INTERESTING_CALLS, FunctionFacts, ModuleFacts, Scope, span_of
from ..symbol_types import Assigned, FunctionSym
from ..symbols import Symbols
from .common import (
    LinkContext,
    arg,
    calls_named,
    dedupe,
    docstring,
    head_beside_get,
    werkzeug_automatic,
)
from .connexion_ui import ui_pages, ui_route
from .fastapi.raises import raised_errors

INTERESTING_CALLS.add("add_api")

APPS = frozenset(
    {
        "connexion.App",
        "connexion.FlaskApp",
        "connexion.AsyncApp",
        "connexion.apps.flask.FlaskApp",
        "connexion.apps.asynchronous.AsyncApp",
    }
)
ASYNC_APPS = frozenset({"connexion.AsyncApp", "connexion.apps.asynchronous.AsyncApp"})
RESTY = frozenset({"connexion.RestyResolver", "connexion.resolver.RestyResolver"})
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
INFO_FUNCS = ("x-bearerInfoFunc", "x-tokenInfoFunc", "x-apikeyInfoFunc", "x-basicInfoFunc")
MAX_SPEC_BYTES = 4_000_000


class ConnexionLinker:
    framework = "connexion"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols

    def link(self) -> list[Route]:
        routes: list[Route] = []
        for facts in self.ctx.modules:
            for call in calls_named(facts, "add_api"):
                app = self._app(facts, call.scope, call.receiver)
                if app is not None:
                    routes.extend(self._api(facts, call.scope, call.node, app))
        return dedupe(routes)

    def _app(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> Assigned | None:
        for sym in self.ctx.objects(facts, scope, expr):
            if (
                isinstance(sym, Assigned)
                and isinstance(sym.value, ast.Call)
                and self.symbols.qualified(sym.facts, sym.scope, sym.value.func) in APPS
            ):
                return sym
        return None

    def _api(self, facts: ModuleFacts, scope: Scope, call: ast.Call, app: Assigned) -> list[Route]:
        name = self.symbols.evaluate_str(facts, scope, arg(call, 0, "specification"))
        if name is None:
            return []
        ctor = app.value
        assert isinstance(ctor, ast.Call)
        folder = self.symbols.evaluate_str(
            app.facts, app.scope, keyword_value(ctor, "specification_dir")
        )
        # relative to the folder of the module the app is made in (``connexion.App(__name__)``)
        base = os.path.dirname(app.facts.path)
        path = os.path.normpath(os.path.join(base, folder or "", name))
        loaded = self._spec(path)
        if loaded is None:
            return []
        spec, lines = loaded
        given_base = keyword_value(call, "base_path")
        base_path = (
            self.symbols.evaluate_str(facts, scope, given_base)
            if given_base is not None
            else _spec_base_path(spec)
        )
        if base_path is None:
            return []
        resty = self._resty(facts, scope, keyword_value(call, "resolver"))
        schemes = _schemes(spec)
        rel = os.path.relpath(path, self.ctx.root)
        out = []
        paths = spec.get("paths")
        if not isinstance(paths, dict):
            return []
        on_flask = self.symbols.qualified(app.facts, app.scope, ctor.func) not in ASYNC_APPS
        for spec_path, item in paths.items():
            if not isinstance(spec_path, str) or not isinstance(item, dict):
                continue
            for method in METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                dotted = _operation_id(spec_path, method, operation, resty)
                line = _line_of(lines, spec_path, method)
                auth = _auth(spec, operation, schemes, f"{rel}:{line + 1}")
                route = self._route(facts, call, dotted, method, base_path, spec_path, auth)
                route.automatic = (werkzeug_automatic if on_flask else head_beside_get)(
                    route.methods
                )
                out.append(route)
        pages = ui_pages(self.symbols, spec, app, facts, scope, call) or []
        out += [ui_route(facts, call, base_path, page, handler) for page, handler in pages]
        return out

    def _resty(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> tuple[str, str] | None:
        """(default module, collection function name) of ``RestyResolver("api")``."""
        if not isinstance(expr, ast.Call):
            return None
        if self.symbols.qualified(facts, scope, expr.func) not in RESTY:
            return None
        module = self.symbols.evaluate_str(facts, scope, arg(expr, 0, "default_module_name"))
        collection = self.symbols.evaluate_str(
            facts, scope, keyword_value(expr, "collection_endpoint_name")
        )
        return (module, collection or "search") if module is not None else None

    def _spec(self, path: str) -> tuple[dict[str, Any], list[str]] | None:
        """The document at ``path`` and its lines, read once per change (size, mtime)."""
        self.ctx.read_data_file(path)
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not os.path.isfile(path) or st.st_size > MAX_SPEC_BYTES:
            return None
        cache: dict[str, Any] = self.ctx.persistent.setdefault("connexion-specs", {})
        stamp = (st.st_mtime_ns, st.st_size)
        held = cache.get(path)
        if held is not None and held[0] == stamp:
            return held[1]
        try:
            text = read_text(path, MAX_SPEC_BYTES, errors="strict")  # regular files only
            data = _parse(path, text)
        except (OSError, UnicodeDecodeError, ValueError):
            data = None
        result = (data, text.splitlines()) if isinstance(data, dict) else None
        cache[path] = (stamp, result)
        return result

    def _route(
        self,
        facts: ModuleFacts,
        call: ast.Call,
        dotted: str | None,
        method: str,
        base_path: str,
        spec_path: str,
        auth: list[AuthRequirement],
    ) -> Route:
        target = (
            self.symbols.follow(self.symbols.resolve_dotted(dotted, facts.path)) if dotted else None
        )
        fn: FunctionFacts | None = None
        if isinstance(target, FunctionSym):
            fn = target.facts.functions.get(target.qualname)
        module, _, function = (dotted or "?").rpartition(".")
        owner = target.facts if isinstance(target, FunctionSym) and fn is not None else facts
        span: Span = fn.span if fn is not None else span_of(call, facts.wide_lines)
        params = [Parameter(name, None, None, "path") for name in re.findall(r"{(\w+)}", spec_path)]
        return Route(
            framework=self.framework,
            methods=(method.upper(),),
            path=base_path + spec_path,
            handler=f"{owner.module}:{fn.qualname}" if fn is not None else f"{module}:{function}",
            file=owner.path,
            span=span,
            decorator_span=None if fn is not None else span,
            local_path=spec_path,
            parameters=params,
            raises=raised_errors(self.symbols, owner, fn) if fn is not None else [],
            auth=auth,
            docstring=docstring(fn) if fn is not None else None,
            is_async=fn is not None and isinstance(fn.node, ast.AsyncFunctionDef),
            reachable=True,
            body_span=fn.full_span if fn is not None else None,
        )


def _parse(path: str, text: str) -> Any:
    if path.endswith(".json"):
        return json.loads(text)
    import yaml  # a runtime dependency; imported when a project has a document to read

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(str(error)) from error


def _spec_base_path(spec: dict[str, Any]) -> str | None:
    """The first server's URL path (its variables at their defaults), or Swagger 2's
    ``basePath``, without a trailing slash, as connexion takes it."""
    from urllib.parse import urlsplit

    servers = spec.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = servers[0].get("url")
        if not isinstance(url, str):
            return None
        variables = servers[0].get("variables") or {}
        for key, value in variables.items() if isinstance(variables, dict) else ():
            if isinstance(value, dict) and "default" in value:
                url = url.replace("{" + str(key) + "}", str(value["default"]))
        return urlsplit(url).path.rstrip("/")
    base = spec.get("basePath", "")
    return base.rstrip("/") if isinstance(base, str) else None


def _operation_id(
    path: str, method: str, operation: dict[str, Any], resty: tuple[str, str] | None
) -> str | None:
    """The dotted name connexion resolves the operation to."""
    operation_id = operation.get("operationId")
    controller = operation.get("x-openapi-router-controller") or operation.get(
        "x-swagger-router-controller"
    )
    if isinstance(operation_id, str) and operation_id:
        return f"{controller}.{operation_id}" if isinstance(controller, str) else operation_id
    if resty is None:
        return None
    module, collection = resty
    parts = [c for c in path.split("/") if c]
    resource = ".".join(c for c in parts if not c.startswith("{")).replace("-", "_")
    name = (
        controller if isinstance(controller, str) else module + ("." + resource if resource else "")
    )
    is_collection = method == "get" and resource and not parts[-1].startswith("{")
    return f"{name}.{collection if is_collection else method}"


def _schemes(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    components = spec.get("components")
    found = components.get("securitySchemes") if isinstance(components, dict) else None
    if found is None:
        found = spec.get("securityDefinitions")
    return (
        {k: v for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}
    )


def _auth(
    spec: dict[str, Any],
    operation: dict[str, Any],
    schemes: dict[str, dict[str, Any]],
    origin: str,
) -> list[AuthRequirement]:
    """The security requirements that apply (the operation's replace the document's)."""
    own = "security" in operation
    requirements = operation["security"] if own else spec.get("security")
    level = "handler" if own else "app"
    if not isinstance(requirements, list):
        return []
    if not requirements:
        return [AuthRequirement("security: []", level, origin, public=True)] if own else []
    out = []
    for requirement in requirements:
        if not isinstance(requirement, dict):
            continue
        if not requirement:  # ``- {}``: anonymous callers are allowed too
            out.append(AuthRequirement("security: {}", level, origin, public=True))
            continue
        for name, scopes in requirement.items():
            scheme = schemes.get(str(name), {})
            check = next((scheme[k] for k in INFO_FUNCS if isinstance(scheme.get(k), str)), None)
            out.append(
                AuthRequirement(
                    f"{name} ({check})" if check else str(name),
                    level,
                    origin,
                    tuple(str(s) for s in scopes) if isinstance(scopes, list) else (),
                    kind="permission" if check else "authentication",
                )
            )
    return out


def _line_of(lines: list[str], path: str, method: str) -> int:
    """The 0-based line of ``method:`` under ``path:`` in the document's text (0 if not
    found): where a finding about the operation's security points."""
    keys = (f"{path}:", f'"{path}":', f"'{path}':")
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith(keys)), None)
    if start is None:
        return 0
    wanted = (f"{method}:", f'"{method}":')
    for i in range(start + 1, min(len(lines), start + 400)):
        if lines[i].strip().startswith(wanted):
            return i
    return start

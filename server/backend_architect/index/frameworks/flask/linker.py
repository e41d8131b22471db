"""Flask route discovery: apps and blueprints (nested too; Quart's and flask-smorest's as well),
``route`` and the method shortcuts (also applied by a call, ``app.get("/x")(view)``, and on a
MethodView class), ``add_url_rule`` with function, class-based and lambda views, rules a
helper builds from its arguments (once per call), app factories, converters, the
``static`` endpoint (``static.py``), APIFlask's documentation (``apiflask.py``). Flask-RESTX /
RESTful (``restx.py``) and flask-smorest's Api and documentation (``smorest.py``) build on it."""

from __future__ import annotations

import ast

from ....core.model import AuthRequirement, Parameter, Route, Span
from ....core.syntax import dotted_name, keyword_value
from ...facts import FunctionFacts, ModuleFacts, Scope, lambda_facts, span_of
from ...symbol_types import Assigned, ClassSym, External, FunctionSym, Symbol
from ...symbols import Symbols
from ..bound_args import bindings, bound_str
from ..common import (
    AUTH_NAME_RE,
    HTTP_METHODS,
    LinkContext,
    arg,
    assigns_of_kind,
    calls_named,
    decorated_calls,
    dedupe,
    docstring,
    is_kind,
    object_label,
    werkzeug_automatic,
)
from ..fastapi.raises import raised_errors
from .apiflask import apiflask_routes
from .paths import CONVERTER_RE, _decorator_name, auth_decorators, flask_path, join_rule
from .restx import RestxReader
from .smorest import SMOREST_APIS, SMOREST_BLUEPRINTS, attach_apis, attach_ctor, doc_routes
from .static import static_routes

APP_CLASSES = frozenset({"flask.Flask", "flask.app.Flask", "quart.Quart", "apiflask.APIFlask"})
BLUEPRINT_CLASSES = (
    frozenset(
        {
            "flask.Blueprint",
            "flask.blueprints.Blueprint",
            "quart.Blueprint",
            "quart.blueprints.Blueprint",
            "apiflask.APIBlueprint",
        }
    )
    | SMOREST_BLUEPRINTS
)
SHORTCUTS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
VIEW_BASES = frozenset(
    {"flask.views.MethodView", "flask.views.View", "flask.MethodView", "flask.View"}
)


class _Node:
    def __init__(self, sym: Assigned, kind: str, prefix: str, name: str = "") -> None:
        self.sym = sym
        self.kind = kind
        self.prefix = prefix
        self.name = name  # a blueprint's name, the start of its endpoints' names
        self.auth: list[AuthRequirement] = []
        self.parents: list[tuple[_Node, str | None]] = []  # (parent, url_prefix override)
        # by position in ``parents``, the name a registration gives: ``register_blueprint(bp,
        # name=...)`` (one app may register a blueprint twice, under two names)
        self.names: dict[int, str] = {}

    def mounts(
        self, seen: frozenset[int] = frozenset()
    ) -> list[tuple[str, list[AuthRequirement], bool]]:
        if self.kind == "app":
            return [("", list(self.auth), True)]
        if id(self) in seen:
            return []
        out = []
        for parent, override in self.parents:
            own = override if override is not None else self.prefix
            for parent_prefix, parent_auth, reachable in parent.mounts(seen | {id(self)}):
                out.append(
                    (
                        join_rule(parent_prefix, own) if parent_prefix else own,
                        parent_auth + self.auth,
                        reachable,
                    )
                )
        return out or [(self.prefix, list(self.auth), False)]

    def chains(self, seen: frozenset[int] = frozenset()) -> list[tuple[tuple[_Node, str], ...]]:
        """The objects each of :meth:`mounts` passes through, outermost first (same order),
        each with the name it is registered under there (a blueprint's endpoints start so)."""
        if self.kind == "app":
            return [((self, self.name),)]
        if id(self) in seen:
            return []
        out = [
            (*chain, (self, self.names.get(n, self.name)))
            for n, (parent, _) in enumerate(self.parents)
            for chain in parent.chains(seen | {id(self)})
        ]
        return out or [((self, self.name),)]


class FlaskLinker:
    framework = "flask"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.nodes: dict[tuple[str, str, str], _Node] = {}

    def _nodes_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[_Node]:
        """The apps or blueprints ``expr`` denotes (several when a helper gets them passed in)."""
        out = []
        for sym in self.ctx.objects(facts, scope, expr):
            node = self.nodes.get(sym.key) if isinstance(sym, Assigned) else None
            if node is not None and node not in out:
                out.append(node)
        return out

    def link(self) -> list[Route]:
        for facts in self.ctx.modules:
            for scope, name, ctor in assigns_of_kind(
                self.ctx, facts, APP_CLASSES | BLUEPRINT_CLASSES | SMOREST_APIS
            ):
                if is_kind(self.ctx, facts, scope, ctor, APP_CLASSES):
                    kind, prefix = "app", ""
                elif is_kind(self.ctx, facts, scope, ctor, SMOREST_APIS):
                    kind, prefix = "api", ""  # between an app and its blueprints
                elif is_kind(self.ctx, facts, scope, ctor, BLUEPRINT_CLASSES):
                    kind = "blueprint"
                    prefix = (
                        self.symbols.evaluate_str(facts, scope, keyword_value(ctor, "url_prefix"))
                        or ""
                    )
                else:
                    continue
                sym = Assigned(facts, scope, name)
                bp_name = (
                    self.symbols.evaluate_str(facts, scope, arg(ctor, 0, "name"))
                    if kind == "blueprint"
                    else None
                )
                self.nodes[sym.key] = _Node(sym, kind, prefix, bp_name or "")
        if not self.nodes:
            return []
        for node in list(self.nodes.values()):
            if node.kind == "api":
                attach_ctor(self, node, node.sym.facts, node.sym.scope)
        for facts in self.ctx.modules:
            attach_apis(self, facts)
            for call in calls_named(facts, "register_blueprint"):
                child_expr = arg(call.node, 0, "blueprint")
                if child_expr is None:
                    continue
                parents = self._nodes_for(facts, call.scope, call.receiver)
                children = self._nodes_for(facts, call.scope, child_expr) if parents else []
                override_expr = keyword_value(call.node, "url_prefix")
                override = (
                    self.symbols.evaluate_str(facts, call.scope, override_expr)
                    if override_expr is not None
                    else None
                )
                registered = self.symbols.evaluate_str(
                    facts, call.scope, keyword_value(call.node, "name")
                )
                for parent in parents:
                    for child in children:
                        if child is not parent:
                            child.parents.append((parent, override))
                            if registered:
                                child.names[len(child.parents) - 1] = registered
            for fn in facts.functions.values():
                for dec in fn.decorators:
                    hook = dec.func if isinstance(dec, ast.Call) else dec
                    if (
                        isinstance(hook, ast.Attribute)
                        and hook.attr == "before_request"
                        and _checks_auth(fn)
                    ):
                        for node in self._nodes_for(facts, fn.scope, hook.value):
                            node.auth.append(
                                AuthRequirement(
                                    fn.name,
                                    "app" if node.kind == "app" else "router",
                                    self.ctx.origin(facts, fn.span.start.line),
                                )
                            )
        routes: list[Route] = []
        for facts in self.ctx.modules:
            for fn, dec in decorated_calls(facts):
                routes.extend(
                    self._decorator_routes(
                        facts, fn.scope, dec, facts, fn, span_of(dec, facts.wide_lines)
                    )
                )
            for scope, applied in facts.applied:
                # ``app.get("/x")(handler)``, ``bp.route("/x")(view)``: the decorator called
                assert isinstance(applied.func, ast.Call)
                handler = self.symbols.follow(
                    self.symbols.resolve_expr(facts, scope, applied.args[0])
                )
                if isinstance(handler, Assigned) and handler.value is applied:
                    handler = self._rebound(facts, scope, applied.args[0])
                if isinstance(handler, FunctionSym):
                    routes.extend(
                        self._decorator_routes(
                            facts,
                            scope,
                            applied.func,
                            handler.facts,
                            handler.facts.functions[handler.qualname],
                            span_of(applied.func, facts.wide_lines),
                        )
                    )
            for call in calls_named(facts, "add_url_rule"):
                view = arg(call.node, 2, "view_func")
                if view is None:
                    continue
                declared = self._methods(facts, call.scope, keyword_value(call.node, "methods"))
                options = _automatic_options(call.node)
                endpoint = self.symbols.evaluate_str(
                    facts, call.scope, arg(call.node, 1, "endpoint")
                ) or self._view_name(facts, call.scope, view)
                if isinstance(view, ast.Lambda):
                    target: Symbol = FunctionSym(facts, "<lambda>")
                    lambda_fn: FunctionFacts | None = lambda_facts(facts, call.scope, view)
                else:
                    target = self._view_target(facts, call.scope, view)
                    lambda_fn = None
                methods = declared or ("GET",)
                for nodes, rule in self._placed(
                    facts, call.scope, call.receiver, arg(call.node, 0, "rule")
                ):
                    for node in nodes:
                        if isinstance(target, ClassSym):
                            routes.extend(
                                self._view_routes(node, target, rule, declared, endpoint, options)
                            )
                        elif isinstance(target, FunctionSym):
                            fn = lambda_fn or target.facts.functions[target.qualname]
                            routes.extend(
                                self._routes(
                                    node,
                                    target.facts,
                                    fn,
                                    None,
                                    rule,
                                    methods,
                                    endpoint or fn.name,
                                    werkzeug_automatic(methods, options),
                                )
                            )
            for cls in facts.classes.values():
                # ``@blp.route("/")`` on a MethodView (flask-smorest's Blueprint takes classes)
                for dec in cls.node.decorator_list:
                    if not (
                        isinstance(dec, ast.Call)
                        and isinstance(dec.func, ast.Attribute)
                        and dec.func.attr == "route"
                    ):
                        continue
                    declared = self._methods(facts, cls.scope, keyword_value(dec, "methods"))
                    view_cls = ClassSym(facts, cls.qualname)
                    placed = self._placed(facts, cls.scope, dec.func.value, arg(dec, 0, "rule"))
                    options = _automatic_options(dec)
                    for nodes, rule in placed:
                        for node in nodes:
                            for route in self._view_routes(
                                node, view_cls, rule, declared, options=options
                            ):
                                if route.file == facts.path:  # else the span is elsewhere
                                    route.decorator_span = span_of(dec, facts.wide_lines)
                                routes.append(route)
        routes.extend(RestxReader(self).routes())
        routes.extend(doc_routes(self))
        routes.extend(static_routes(self))
        routes.extend(apiflask_routes(self))
        return dedupe(routes)

    def _decorator_routes(
        self,
        facts: ModuleFacts,
        scope: Scope,
        dec: ast.Call,
        fn_facts: ModuleFacts,
        fn: FunctionFacts,
        dec_span: Span | None,
    ) -> list[Route]:
        """The routes of ``@x.route(...)`` / ``@x.get(...)`` (``dec``, read in ``scope`` of
        ``facts``) on the handler ``fn``."""
        if not isinstance(dec.func, ast.Attribute):
            return []
        method = dec.func.attr
        if method == "route":
            methods = self._methods(facts, scope, keyword_value(dec, "methods")) or ("GET",)
        elif method == "websocket":  # Quart's: its rule matches websocket requests only
            methods = ("WEBSOCKET",)
        elif method in SHORTCUTS:
            methods = (SHORTCUTS[method],)
        else:
            return []
        # a decorator applied in another module (``app.get("/x")(views.health)``) has no
        # span in the handler's file
        span = dec_span if fn_facts.path == facts.path else None
        endpoint = self.symbols.evaluate_str(facts, scope, keyword_value(dec, "endpoint"))
        automatic = (
            werkzeug_automatic(methods, _automatic_options(dec)) if method != "websocket" else ()
        )
        out = []
        for nodes, rule in self._placed(facts, scope, dec.func.value, arg(dec, 0, "rule")):
            for node in nodes:
                out.extend(
                    self._routes(
                        node, fn_facts, fn, span, rule, methods, endpoint or fn.name, automatic
                    )
                )
        return out

    def _rebound(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> Symbol:
        """``view = bp.route("/x")(view)``: the function ``view`` named before the assignment
        (defined or imported in the same module)."""
        if not isinstance(expr, ast.Name):
            return External("?")
        qualname = f"{scope}.{expr.id}" if scope else expr.id
        if qualname in facts.functions:
            return FunctionSym(facts, qualname)
        if not scope and expr.id in facts.imports:
            return self.symbols.follow(
                self.symbols.resolve_dotted(facts.imports[expr.id], facts.path)
            )
        return External("?")

    def _placed(
        self, facts: ModuleFacts, scope: Scope, receiver: ast.expr, rule_expr: ast.expr | None
    ) -> list[tuple[list[_Node], str]]:
        """(apps or blueprints, rule) of a registration: once, or, when the rule is built
        from parameters of a helper (``def register_assets(app, base_path)``), once per call
        of the helper with the arguments of that call (the receiver too, when it is one)."""
        per_call = bindings(self.ctx, facts, scope, rule_expr, receiver)
        if per_call is None:
            folded = self.symbols.evaluate_str(facts, scope, rule_expr)
            nodes = self._nodes_for(facts, scope, receiver) if folded is not None else []
            return [(nodes, folded)] if nodes and folded is not None else []
        out = []
        for binding in per_call:
            assert rule_expr is not None
            rule = bound_str(self.symbols, facts, scope, rule_expr, binding)
            if rule is None:
                continue
            if isinstance(receiver, ast.Name) and receiver.id in binding.args:
                nodes = self._nodes_for(*binding.args[receiver.id])
            else:
                nodes = self._nodes_for(facts, scope, receiver)
            if nodes:
                out.append((nodes, rule))
        return out

    def _view_target(
        self, facts: ModuleFacts, scope: Scope, view: ast.expr, depth: int = 0
    ) -> Symbol:
        """A view function, or the class of ``Cls.as_view(...)`` (also through a variable:
        ``user_view = UserAPI.as_view("users")``)."""
        if (
            isinstance(view, ast.Call)
            and isinstance(view.func, ast.Attribute)
            and view.func.attr == "as_view"
        ):
            return self.symbols.follow(self.symbols.resolve_expr(facts, scope, view.func.value))
        target = self.symbols.follow(self.symbols.resolve_expr(facts, scope, view))
        if isinstance(target, Assigned) and isinstance(target.value, ast.Call) and depth < 4:
            return self._view_target(target.facts, target.scope, target.value, depth + 1)
        return target

    def _view_name(
        self, facts: ModuleFacts, scope: Scope, view: ast.expr, depth: int = 0
    ) -> str | None:
        """The endpoint Flask takes from a view: ``Cls.as_view("name")``'s name, else the
        function's ``__name__`` (also through a variable holding either)."""
        if (
            isinstance(view, ast.Call)
            and isinstance(view.func, ast.Attribute)
            and view.func.attr == "as_view"
        ):
            return self.symbols.evaluate_str(facts, scope, arg(view, 0, "name"))
        target = self.symbols.follow(self.symbols.resolve_expr(facts, scope, view))
        if isinstance(target, FunctionSym):
            return target.qualname.rsplit(".", 1)[-1]
        if isinstance(target, Assigned) and isinstance(target.value, ast.Call) and depth < 4:
            return self._view_name(target.facts, target.scope, target.value, depth + 1)
        return None

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        if expr is None:
            return ()
        value = self.symbols.evaluate(facts, scope, expr)
        if not isinstance(value, list):
            return ()
        methods = tuple(dict.fromkeys(str(m).upper() for m in value if isinstance(m, str)))
        # Flask answers HEAD on every GET rule: a HEAD written beside GET adds nothing
        return tuple(m for m in methods if m != "HEAD") if "GET" in methods else methods

    def _view_routes(
        self,
        node: _Node,
        cls: ClassSym,
        rule: str,
        declared: tuple[str, ...],
        endpoint: str | None = None,
        options: bool = True,
    ) -> list[Route]:
        """One route per method of the rule ``Cls.as_view`` gets; ``options``: the registration
        leaves Flask's automatic OPTIONS on (the class may still turn it off)."""
        # Handlers and ``methods`` are looked up as Python does, through the project's base
        # classes too: a MethodView serves every handler it has or inherits.
        chain = self.symbols.class_chain(cls)
        handlers: dict[str, tuple[ModuleFacts, FunctionFacts]] = {}
        for klass in chain:
            for name, fn in klass.facts.classes[klass.qualname].methods.items():
                handlers.setdefault(
                    name.upper() if name.upper() in HTTP_METHODS else name, (klass.facts, fn)
                )
        own = cls.facts.classes[cls.qualname].fields.get("methods")
        methods = declared
        if not methods and own is not None and own[1] is not None:
            methods = self._methods(cls.facts, cls.qualname, own[1])
        if not methods:
            inherited: list[str] = []
            for klass in chain[1:]:
                field = klass.facts.classes[klass.qualname].fields.get("methods")
                if field is not None and field[1] is not None:
                    inherited.extend(self._methods(klass.facts, klass.qualname, field[1]))
            handled = [m for m in HTTP_METHODS if m in handlers]
            methods = tuple(dict.fromkeys([*inherited, *handled])) or ("GET",)
        # ``as_view`` copies the class's ``provide_automatic_options`` onto the view; any value
        # but None is taken over as given, so Flask adds no OPTIONS
        for klass in chain:
            field = klass.facts.classes[klass.qualname].fields.get("provide_automatic_options")
            if field is not None:
                given = field[1]
                options = options and isinstance(given, ast.Constant) and given.value is None
                break
        # the rule's automatic methods, HEAD on the route of its GET
        automatic = werkzeug_automatic(methods, options)
        out = []
        for method in methods:
            found = handlers.get(method) or handlers.get("dispatch_request")
            if found is None:
                continue
            out.extend(
                self._routes(
                    node,
                    found[0],
                    found[1],
                    None,
                    rule,
                    (method,),
                    endpoint or cls.qualname,
                    tuple(m for m in automatic if m != "HEAD" or method == "GET"),
                )
            )
        return out

    def _routes(
        self,
        node: _Node,
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec_span: object,
        rule: str,
        methods: tuple[str, ...],
        endpoint: str = "",
        automatic: tuple[str, ...] = (),
    ) -> list[Route]:
        params = handler_parameters(fn, rule)
        handler_auth = auth_decorators(self.ctx, facts, fn.decorators, "handler")
        owner = facts.classes.get(fn.scope)
        listed = owner.fields.get("decorators", (None, None))[1] if owner is not None else None
        if isinstance(listed, (ast.List, ast.Tuple)):  # a MethodView's ``decorators = [...]``
            handler_auth += auth_decorators(self.ctx, facts, listed.elts, "handler")
        out = []
        for (prefix, inherited_auth, reachable), chain in zip(
            node.mounts(), node.chains(), strict=True
        ):
            path = flask_path(join_rule(prefix, rule))
            # Flask names a blueprint's endpoints after it, nested blueprints outer first
            names = [name for n, name in chain if n.kind == "blueprint" and name]
            out.append(
                Route(
                    framework=self.framework,
                    methods=methods,
                    path=path,
                    handler=f"{facts.module}:{fn.qualname}",
                    file=facts.path,
                    span=fn.span,
                    decorator_span=dec_span if dec_span is not None else None,  # type: ignore[arg-type]
                    local_path=flask_path(rule),
                    parameters=params,
                    status_code=None,
                    raises=raised_errors(self.symbols, facts, fn),
                    auth=inherited_auth + handler_auth,
                    docstring=docstring(fn),
                    is_async=isinstance(fn.node, ast.AsyncFunctionDef),
                    reachable=reachable,
                    body_span=fn.full_span,
                    chain=tuple(object_label(n.sym) for n, _ in chain),
                    name=".".join([*names, endpoint or fn.name]),
                    automatic=automatic,
                )
            )
        return out


def handler_parameters(fn: FunctionFacts, rule: str) -> list[Parameter]:
    """A view function's parameters: those the rule's converters fill are path parameters."""
    params = []
    converters = {m.group(2): (m.group(1) or "string") for m in CONVERTER_RE.finditer(rule)}
    args = fn.node.args
    for a in args.posonlyargs + args.args + args.kwonlyargs:
        if a.arg in {"self", "cls"}:
            continue
        params.append(
            Parameter(
                a.arg,
                ast.unparse(a.annotation) if a.annotation is not None else converters.get(a.arg),
                None,
                "path" if a.arg in converters else "query",
            )
        )
    return params


def _automatic_options(call: ast.Call) -> bool:
    """Whether Flask adds OPTIONS to the rule ``call`` registers: only when
    ``provide_automatic_options`` is not given (``add_url_rule`` takes an explicit True as
    done, without adding OPTIONS to the rule's methods: ``flask/sansio/app.py``)."""
    return keyword_value(call, "provide_automatic_options") is None


def _checks_auth(fn: FunctionFacts) -> bool:
    """A before_request hook that rejects anonymous callers: by its name, by an auth decorator
    on the hook itself (``@bp.before_request @admin_required def guard(): pass``), or by
    ``abort(401/403)`` in its body."""
    if AUTH_NAME_RE.search(fn.name):
        return True
    for dec in fn.decorators:
        name = _decorator_name(dec) or ""
        if "before_request" not in name and AUTH_NAME_RE.search(name.split(".")[-1]):
            return True
    for node in ast.walk(fn.node):
        if (
            isinstance(node, ast.Call)
            and dotted_name(node.func) in {"abort", "flask.abort"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in (401, 403)
        ):
            return True
    return False

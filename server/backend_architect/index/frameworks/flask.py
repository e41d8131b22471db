"""Flask route discovery: apps and blueprints (nested too), ``route`` and the method shortcuts,
``add_url_rule`` with function and class-based views, app factories, converters."""

from __future__ import annotations

import ast
import re

from ...core.model import AuthRequirement, Parameter, Route
from ..facts import FunctionFacts, ModuleFacts, Scope, span_of
from ..symbols import Assigned, ClassSym, FunctionSym, Symbols, dotted_name
from .common import (
    AUTH_NAME_RE,
    HTTP_METHODS,
    LinkContext,
    arg,
    call_assigns,
    calls_named,
    decorated_calls,
    dedupe,
    docstring,
    is_kind,
    kwarg,
)
from .fastapi import _raises

APP_CLASSES = frozenset({"flask.Flask", "flask.app.Flask", "quart.Quart", "apiflask.APIFlask"})
BLUEPRINT_CLASSES = frozenset(
    {"flask.Blueprint", "flask.blueprints.Blueprint", "quart.Blueprint", "apiflask.APIBlueprint"}
)
SHORTCUTS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
CONVERTER_RE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
VIEW_BASES = frozenset(
    {"flask.views.MethodView", "flask.views.View", "flask.MethodView", "flask.View"}
)


def flask_path(rule: str) -> str:
    """``/users/<int:user_id>`` -> ``/users/{user_id}``."""
    return CONVERTER_RE.sub(lambda m: "{" + m.group(2) + "}", rule)


def join_rule(prefix: str, rule: str) -> str:
    # Flask's BlueprintSetupState.add_url_rule joins exactly like this
    if not prefix:
        return rule
    if rule:
        return "/".join((prefix.rstrip("/"), rule.lstrip("/")))
    return prefix


class _Node:
    def __init__(self, sym: Assigned, kind: str, prefix: str) -> None:
        self.sym = sym
        self.kind = kind
        self.prefix = prefix
        self.auth: list[AuthRequirement] = []
        self.parents: list[tuple[_Node, str | None]] = []  # (parent, url_prefix override)

    def mounts(self, seen: frozenset[int] = frozenset()) -> list[tuple[str, list[AuthRequirement], bool]]:
        if self.kind == "app":
            return [("", list(self.auth), True)]
        if id(self) in seen:
            return []
        out = []
        for parent, override in self.parents:
            own = override if override is not None else self.prefix
            for parent_prefix, parent_auth, reachable in parent.mounts(seen | {id(self)}):
                out.append((join_rule(parent_prefix, own) if parent_prefix else own, parent_auth + self.auth, reachable))
        return out or [(self.prefix, list(self.auth), False)]


class FlaskLinker:
    framework = "flask"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.nodes: dict[tuple[str, str, str], _Node] = {}

    def _node_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> _Node | None:
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        return self.nodes.get(sym.key) if isinstance(sym, Assigned) else None

    def link(self) -> list[Route]:
        for facts in self.ctx.modules:
            for scope, name, call in call_assigns(facts):
                if is_kind(self.ctx, facts, scope, call, APP_CLASSES):
                    kind, prefix = "app", ""
                elif is_kind(self.ctx, facts, scope, call, BLUEPRINT_CLASSES):
                    kind = "blueprint"
                    prefix = self.symbols.evaluate_str(facts, scope, kwarg(call, "url_prefix")) or ""
                else:
                    continue
                sym = Assigned(facts, scope, name)
                self.nodes[sym.key] = _Node(sym, kind, prefix)
        if not self.nodes:
            return []
        for facts in self.ctx.modules:
            for call in calls_named(facts, "register_blueprint"):
                parent = self._node_for(facts, call.scope, call.receiver)
                child_expr = arg(call.node, 0, "blueprint")
                child = self._node_for(facts, call.scope, child_expr) if child_expr is not None else None
                if parent is None or child is None or child is parent:
                    continue
                override = kwarg(call.node, "url_prefix")
                child.parents.append(
                    (parent, self.symbols.evaluate_str(facts, call.scope, override) if override is not None else None)
                )
            for fn in facts.functions.values():
                for dec in fn.decorators:
                    target = dec.func if isinstance(dec, ast.Call) else dec
                    if isinstance(target, ast.Attribute) and target.attr == "before_request":
                        node = self._node_for(facts, fn.scope, target.value)
                        if node is not None and _checks_auth(fn):
                            node.auth.append(
                                AuthRequirement(fn.name, "app" if node.kind == "app" else "router", self.ctx.origin(facts, fn.span.start.line))
                            )
        routes: list[Route] = []
        for facts in self.ctx.modules:
            for fn, dec in decorated_calls(facts):
                assert isinstance(dec.func, ast.Attribute)
                method = dec.func.attr
                if method != "route" and method not in SHORTCUTS:
                    continue
                node = self._node_for(facts, fn.scope, dec.func.value)
                if node is None:
                    continue
                rule = self.symbols.evaluate_str(facts, fn.scope, arg(dec, 0, "rule"))
                if rule is None:
                    continue
                if method == "route":
                    methods = self._methods(facts, fn.scope, kwarg(dec, "methods")) or ("GET",)
                else:
                    methods = (SHORTCUTS[method],)
                routes.extend(self._routes(node, facts, fn, span_of(dec, facts.wide_lines), rule, methods))
            for call in calls_named(facts, "add_url_rule"):
                node = self._node_for(facts, call.scope, call.receiver)
                if node is None:
                    continue
                rule = self.symbols.evaluate_str(facts, call.scope, arg(call.node, 0, "rule"))
                view = arg(call.node, 2, "view_func")
                if rule is None or view is None:
                    continue
                declared = self._methods(facts, call.scope, kwarg(call.node, "methods"))
                if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) and view.func.attr == "as_view":
                    cls = self.symbols.follow(self.symbols.resolve_expr(facts, call.scope, view.func.value))
                    if isinstance(cls, ClassSym):
                        routes.extend(self._view_routes(node, cls, call.node, rule, declared))
                    continue
                target = self.symbols.follow(self.symbols.resolve_expr(facts, call.scope, view))
                if isinstance(target, FunctionSym):
                    fn = target.facts.functions[target.qualname]
                    routes.extend(self._routes(node, target.facts, fn, None, rule, declared or ("GET",)))
        return dedupe(routes)

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        if expr is None:
            return ()
        value = self.symbols.evaluate(facts, scope, expr)
        if isinstance(value, list):
            return tuple(str(m).upper() for m in value if isinstance(m, str))
        return ()

    def _view_routes(
        self, node: _Node, cls: ClassSym, call: ast.Call, rule: str, declared: tuple[str, ...]
    ) -> list[Route]:
        facts = cls.facts
        info = facts.classes[cls.qualname]
        handlers = {m.upper(): f for m, f in info.methods.items() if m.upper() in HTTP_METHODS}
        methods = declared
        if not methods and "methods" in info.fields and info.fields["methods"][1] is not None:
            methods = self._methods(facts, cls.qualname, info.fields["methods"][1])
        if not methods:
            methods = tuple(m for m in HTTP_METHODS if m in handlers) or ("GET",)
        out = []
        for method in methods:
            fn = handlers.get(method) or info.methods.get("dispatch_request")
            if fn is None:
                continue
            out.extend(self._routes(node, facts, fn, None, rule, (method,)))
        return out

    def _routes(
        self,
        node: _Node,
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec_span: object,
        rule: str,
        methods: tuple[str, ...],
    ) -> list[Route]:
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
        handler_auth = [
            AuthRequirement(name, "handler", self.ctx.origin(facts, d.lineno - 1))
            for d in fn.decorators
            if (name := _decorator_name(d)) and AUTH_NAME_RE.search(name.split(".")[-1])
        ]
        owner = facts.classes.get(fn.scope)
        if owner is not None and "decorators" in owner.fields and owner.fields["decorators"][1] is not None:
            value = owner.fields["decorators"][1]
            if isinstance(value, (ast.List, ast.Tuple)):
                for d in value.elts:
                    name = _decorator_name(d)
                    if name and AUTH_NAME_RE.search(name.split(".")[-1]):
                        handler_auth.append(AuthRequirement(name, "handler", self.ctx.origin(facts, d.lineno - 1)))
        out = []
        for prefix, inherited_auth, reachable in node.mounts():
            path = flask_path(join_rule(prefix, rule))
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
                    raises=_raises(self.symbols, facts, fn),
                    auth=inherited_auth + handler_auth,
                    docstring=docstring(fn),
                    is_async=isinstance(fn.node, ast.AsyncFunctionDef),
                    reachable=reachable,
                    body_span=fn.full_span,
                )
            )
        return out


def _decorator_name(dec: ast.expr) -> str | None:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return dotted_name(target)


def _checks_auth(fn: FunctionFacts) -> bool:
    """A before_request hook that rejects anonymous callers (by name, or abort(401/403))."""
    if AUTH_NAME_RE.search(fn.name):
        return True
    for node in ast.walk(fn.node):
        if isinstance(node, ast.Call) and dotted_name(node.func) in {"abort", "flask.abort"}:
            if node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value in (401, 403):
                return True
    return False

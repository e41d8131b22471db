"""Apps and routers each module assigns, and the include graph that mounts them."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ....core.syntax import keyword_value
from ...facts import ModuleFacts, Scope
from ...symbol_types import Assigned
from ..common import RouterNode, arg, assigns_of_kind, calls_named, ctor_kwarg, is_kind, path_text
from ..starlette.graph import asgi_graph
from ..starlette.names import FASTAPI_APPS
from .dependencies import DependencyReader
from .names import ROUTER_CLASSES, VERSIONED_INCLUDE
from .records import Include, RouterObject


class IncludeGraph(DependencyReader):
    """Apps, routers and includes, per module, combined into the graph of router nodes."""

    def _objects_in(self, facts: ModuleFacts) -> tuple[RouterObject, ...]:
        def compute() -> tuple[RouterObject, ...]:
            out = []
            for scope, name, call in assigns_of_kind(
                self.ctx, facts, FASTAPI_APPS | ROUTER_CLASSES
            ):
                kind = "app" if is_kind(self.ctx, facts, scope, call, FASTAPI_APPS) else "router"
                sym = Assigned(facts, scope, name)
                # also what a router subclass passes to ``super().__init__(prefix=...)``
                prefix = ctor_kwarg(self.symbols, facts, scope, call, "prefix")
                deps = ctor_kwarg(self.symbols, facts, scope, call, "dependencies")
                out.append(
                    RouterObject(
                        sym.key,
                        sym,
                        kind,
                        path_text(self.symbols, *prefix) if prefix is not None else "",
                        tuple(self._dependencies_auth(*deps, kind)) if deps is not None else (),
                    )
                )
            return tuple(out)

        return self.ctx.per_module("fastapi.objects", facts, compute)

    def _collect_objects(self) -> None:
        for facts in self.ctx.modules:
            for obj in self._objects_in(facts):
                self.nodes[obj.key] = RouterNode(obj.sym, obj.kind, obj.prefix, list(obj.auth))
        # an app mounted in another (``parent.mount("/v2", app)``, ``Mount(app=...)``) is served
        # below the mount's path, behind the parent's middleware
        mounts = asgi_graph(self.ctx)
        for key, node in self.nodes.items():
            mounted = mounts.nodes.get(key)
            if node.kind == "app" and mounted is not None:
                node.parents = mounted.parents
                node.auth = node.auth + mounted.auth

    def _keys_for(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr
    ) -> tuple[tuple[str, str, str], ...]:
        """The assignments ``expr`` can denote (several when a helper gets them passed in)."""
        keys = [
            sym.key for sym in self.ctx.objects(facts, scope, expr) if isinstance(sym, Assigned)
        ]
        return tuple(dict.fromkeys(keys))

    def _is_object(self, key: tuple[str, str, str], facts: ModuleFacts | None) -> bool:
        """Whether the assignment ``key`` is an app or router (as its module's objects pass
        finds them), memoised on the assignment alone: a route declaration asking this does
        not depend on everything in the router's module."""
        if facts is None:
            return False
        _, scope, name = key

        def compute() -> bool:
            self.symbols.reads(facts, scope)
            value = facts.assigns.get((scope, name))
            return isinstance(value, ast.Call) and is_kind(
                self.ctx, facts, scope, value, FASTAPI_APPS | ROUTER_CLASSES
            )

        if self.symbols.by_path.get(facts.path) is not facts:
            return compute()
        return self.symbols.memo(("fastapi.is_object", key), compute)

    def _nodes_for(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> list[RouterNode]:
        return [self.nodes[k] for k in self._keys_for(facts, scope, expr) if k in self.nodes]

    def _includes_in(self, facts: ModuleFacts) -> tuple[Include, ...]:
        def compute() -> tuple[Include, ...]:
            out = []
            for call in calls_named(facts, "include_router"):
                child_expr = arg(call.node, 0, "router")
                if child_expr is None:
                    continue
                parents = self._keys_for(facts, call.scope, call.receiver)
                children = self._keys_for(facts, call.scope, child_expr) if parents else ()
                if not children:
                    continue
                prefix = path_text(
                    self.symbols, facts, call.scope, keyword_value(call.node, "prefix")
                )
                auth = self._dependencies_auth(
                    facts, call.scope, keyword_value(call.node, "dependencies"), "router"
                )
                out.append(Include(parents, children, prefix, tuple(auth)))
            for call in calls_named(facts, VERSIONED_INCLUDE):
                parents = self._keys_for(facts, call.scope, call.receiver)
                for where, scope, child_expr in self._spread(facts, call.scope, call.node.args):
                    children = self._keys_for(where, scope, child_expr) if parents else ()
                    if children:
                        out.append(Include(parents, children, "", ()))
            return tuple(out)

        return self.ctx.per_module("fastapi.includes", facts, compute)

    def _spread(
        self, facts: ModuleFacts, scope: Scope, args: list[ast.expr]
    ) -> Iterator[tuple[ModuleFacts, Scope, ast.expr]]:
        """Call arguments with ``*routers`` opened: a list display, or a name bound to one."""
        for expr in args:
            if not isinstance(expr, ast.Starred):
                yield facts, scope, expr
                continue
            value: ast.expr = expr.value
            where, in_scope = facts, scope
            if isinstance(value, (ast.Name, ast.Attribute)):
                sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, value))
                if not isinstance(sym, Assigned):
                    continue
                value, where, in_scope = sym.value, sym.facts, sym.scope
            if isinstance(value, (ast.List, ast.Tuple)):
                for elt in value.elts:
                    yield where, in_scope, elt

    def _link_includes(self) -> None:
        for facts in self.ctx.modules:
            for inc in self._includes_in(facts):
                parents = [self.nodes[k] for k in inc.parents if k in self.nodes]
                children = [self.nodes[k] for k in inc.children if k in self.nodes]
                for parent in parents:
                    for child in children:
                        if child is not parent:
                            child.parents.append((parent, inc.prefix, list(inc.auth)))

    def build(self) -> dict[tuple[str, str, str], RouterNode]:
        """The apps and routers and how they include each other, built once per relink."""
        cached = self.ctx.cache.get("fastapi")
        if isinstance(cached, dict):
            self.nodes = cached
            return cached
        self._collect_objects()
        if self.nodes:
            self._link_includes()
        self.ctx.cache["fastapi"] = self.nodes
        return self.nodes

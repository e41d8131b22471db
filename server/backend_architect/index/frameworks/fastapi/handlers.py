"""Route declarations and their handlers' details: methods, parameters, models, raises."""

from __future__ import annotations

import ast
import functools

from ....core.model import AuthRequirement, Parameter
from ....core.syntax import is_none_literal, keyword_value, last_name
from ...facts import FunctionFacts, ModuleFacts, Scope, span_of
from ...symbol_types import FunctionSym
from ..common import arg, calls_named, decorated_calls, docstring, path_text, status_from
from .dependencies import marker_name
from .graph import IncludeGraph
from .names import PARAM_KINDS, PATH_PARAM_RE, REQUEST_TYPES, ROUTE_METHODS
from .raises import raised_errors
from .records import Handler


class HandlerReader(IncludeGraph):
    """Route declarations, per module, with their handlers' details."""

    def _handlers_in(self, facts: ModuleFacts) -> tuple[Handler, ...]:
        """The module's route declarations on apps or routers, with their handlers' details.
        Each decorated declaration is memoised on its own (its handler's definition and the
        names its receiver resolves through), so an edit inside one handler of a big router
        recomputes that one declaration; the pass itself only collects them."""

        def compute() -> tuple[Handler, ...]:
            out: list[Handler] = []
            for fn, dec in decorated_calls(facts):
                assert isinstance(dec.func, ast.Attribute)
                method = dec.func.attr
                if method not in ROUTE_METHODS and method != "api_route":
                    continue
                # a redefined handler's earlier definitions are told apart by their order
                shadow = next((i for i, f in enumerate(facts.shadowed) if f is fn), -1)
                h: Handler | None = self.symbols.memo(
                    (
                        "fastapi.declaration",
                        facts.path,
                        fn.qualname,
                        shadow,
                        fn.decorators.index(dec),
                    ),
                    functools.partial(self._declaration, facts, fn, dec),
                )
                if h is not None:
                    out.append(h)
            for call in calls_named(facts, "add_api_route"):
                endpoint = arg(call.node, 1, "endpoint")
                if endpoint is None:
                    continue
                keys = self._object_keys(facts, call.scope, call.receiver)
                if not keys:
                    continue
                target = self.symbols.follow(self.symbols.resolve_expr(facts, call.scope, endpoint))
                if not isinstance(target, FunctionSym):
                    continue
                fn = target.facts.functions[target.qualname]
                methods = self._methods(facts, call.scope, keyword_value(call.node, "methods"))
                local = path_text(self.symbols, facts, call.scope, arg(call.node, 0, "path"))
                out.append(
                    self._handler(
                        keys, target.facts, fn, call.node, methods, local, decorator=False
                    )
                )
            return tuple(out)

        return self.ctx.per_module("fastapi.routes", facts, compute)

    def _object_keys(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr
    ) -> tuple[tuple[str, str, str], ...]:
        keys = self._keys_for(facts, scope, expr)
        return tuple(k for k in keys if self._is_object(k, self._facts_of(k[0], facts)))

    def _facts_of(self, path: str, near: ModuleFacts) -> ModuleFacts | None:
        return near if path == near.path else self.symbols.by_path.get(path)

    def _declaration(self, facts: ModuleFacts, fn: FunctionFacts, dec: ast.Call) -> Handler | None:
        """One ``@<receiver>.<method>(...)`` declaration: None unless the receiver is an app
        or router."""
        self.symbols.reads(facts, fn.qualname)
        assert isinstance(dec.func, ast.Attribute)
        keys = self._object_keys(facts, fn.scope, dec.func.value)
        return self._decorated(facts, fn, dec, keys) if keys else None

    def _decorated(
        self,
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec: ast.Call,
        keys: tuple[tuple[str, str, str], ...],
    ) -> Handler:
        assert isinstance(dec.func, ast.Attribute)
        method = dec.func.attr
        if method == "api_route":
            methods = self._methods(facts, fn.scope, keyword_value(dec, "methods"))
        else:
            methods = ROUTE_METHODS[method]
        local = path_text(self.symbols, facts, fn.scope, arg(dec, 0, "path"))
        return self._handler(keys, facts, fn, dec, methods, local)

    def _methods(self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None) -> tuple[str, ...]:
        """``methods=[...]`` of ``api_route`` / ``add_api_route``; FastAPI's default is GET."""
        value = self.symbols.evaluate(facts, scope, expr) if expr is not None else None
        if isinstance(value, list):
            methods = tuple(dict.fromkeys(str(m).upper() for m in value if isinstance(m, str)))
            if methods:
                return methods
        return ("GET",)

    def _handler(
        self,
        keys: tuple[tuple[str, str, str], ...],
        facts: ModuleFacts,
        fn: FunctionFacts,
        dec: ast.Call,
        methods: tuple[str, ...],
        local: str,
        decorator: bool = True,
    ) -> Handler:
        handler_auth = self._dependencies_auth(
            facts, fn.scope, keyword_value(dec, "dependencies"), "handler"
        )
        params, param_auth = self._parameters(facts, fn, local)
        response_model = keyword_value(dec, "response_model")
        returns = fn.node.returns
        response = (
            ast.unparse(response_model)
            if response_model is not None
            else (
                ast.unparse(returns)
                if returns is not None and not is_none_literal(returns)
                else None
            )
        )
        return Handler(
            nodes=keys,
            methods=methods,
            local=local,
            handler=f"{facts.module}:{fn.qualname}",
            file=facts.path,
            span=fn.span,
            decorator_span=span_of(dec, facts.wide_lines) if decorator else None,
            body_span=fn.full_span,
            parameters=tuple(params),
            request_model=next((p.annotation for p in params if p.kind == "body"), None),
            response_model=response,
            status_code=status_from(
                self.symbols, facts, fn.scope, keyword_value(dec, "status_code")
            ),
            raises=tuple(raised_errors(self.symbols, facts, fn)),
            auth=tuple(handler_auth + param_auth),
            docstring=docstring(fn),
            is_async=isinstance(fn.node, ast.AsyncFunctionDef),
            name=self.symbols.evaluate_str(facts, fn.scope, keyword_value(dec, "name")) or fn.name,
        )

    def _parameters(
        self, facts: ModuleFacts, fn: FunctionFacts, path: str
    ) -> tuple[list[Parameter], list[AuthRequirement]]:
        path_params = set(PATH_PARAM_RE.findall(path))
        args = fn.node.args
        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(
            args.defaults
        )
        pairs = list(zip(positional, defaults, strict=True)) + list(
            zip(args.kwonlyargs, args.kw_defaults, strict=True)
        )
        params: list[Parameter] = []
        auth: list[AuthRequirement] = []
        for a, default in pairs:
            if a.arg in {"self", "cls"}:
                continue
            annotation = a.annotation
            marker = default if isinstance(default, ast.Call) else None
            marker_facts, marker_scope = facts, fn.scope
            annotated_type = annotation
            if annotation is not None:
                base, meta, meta_facts, meta_scope = self._annotated(facts, fn.scope, annotation)
                annotated_type = base
                if meta is not None:
                    marker, marker_facts, marker_scope = meta, meta_facts, meta_scope
            kind = "query"
            if marker is not None and (mname := marker_name(marker)) in PARAM_KINDS:
                kind = PARAM_KINDS[mname]
                if kind == "dependency":
                    req = self._dependency_auth(
                        marker_facts, marker_scope, marker, annotated_type, "handler"
                    )
                    if req is not None:
                        auth.append(req)
            elif a.arg in path_params:
                kind = "path"
            elif annotated_type is not None and self._is_model(facts, fn.scope, annotated_type):
                kind = "body"
            elif annotated_type is not None and last_name(annotated_type) in REQUEST_TYPES:
                kind = "request"
            if a.arg in path_params and kind == "query":
                kind = "path"
            params.append(
                Parameter(
                    a.arg,
                    ast.unparse(annotated_type) if annotated_type is not None else None,
                    ast.unparse(default) if default is not None else None,
                    kind,
                )
            )
        return params, auth

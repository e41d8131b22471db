"""GraphQL operations (Strawberry and Graphene) as routes of the same index.

A schema is a ``strawberry.Schema(query=..., mutation=...)`` or ``graphene.Schema(...)``
assignment; each field of its root types becomes a :class:`Route` with framework "graphql":

- ``methods``: ``("QUERY",)``, ``("MUTATION",)`` or ``("SUBSCRIPTION",)``;
- ``path``: the field's name as the schema exposes it (both libraries camelCase by default:
  ``user_by_id`` -> ``userById``; ``name=`` overrides); ``local_path``: the Python name;
- ``parameters``: the field's arguments (kind "argument", GraphQL-style types: ``ID!``,
  ``[String!]``), named as the schema exposes them;
- ``handler``/``span``: the resolver (a ``@strawberry.field`` method, ``resolver=``, a
  Graphene ``resolve_<name>`` method or a mutation's ``mutate``), or the class attribute of a
  field that has none;
- ``endpoint``: the HTTP path(s) serving the schema, when the index finds it mounted
  (``GraphQLRouter(schema)`` included in a FastAPI app, ``GraphQL(schema)`` mounted or routed
  in a Starlette or FastAPI app, ``GraphQLView.as_view(schema=...)`` in a Django urlconf); its
  auth (router dependencies, middleware) is inherited.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...core.model import AuthRequirement, Parameter, Route
from ...core.syntax import dotted_name, keyword_value, last_name
from ..facts import ClassFacts, FunctionFacts, ModuleFacts, Scope, span_of
from ..symbol_types import Assigned, ClassSym, FunctionSym
from ..symbols import Symbols
from .common import LinkContext, arg, assigns_of_kind, docstring, is_kind, join_paths
from .django.graphql_views import ENDPOINTS as DJANGO_ENDPOINTS
from .fastapi.linker import FastAPILinker
from .starlette.graph import asgi_graph

STRAWBERRY_SCHEMAS = frozenset(
    {
        "strawberry.Schema",
        "strawberry.schema.Schema",
        "strawberry.schema.schema.Schema",
        "strawberry.federation.Schema",
        "strawberry.federation.schema.Schema",
    }
)
GRAPHENE_SCHEMAS = frozenset({"graphene.Schema", "graphene.types.schema.Schema"})
SCHEMAS = STRAWBERRY_SCHEMAS | GRAPHENE_SCHEMAS
STRAWBERRY_FIELDS = frozenset({"strawberry.field", "strawberry.federation.field"})
STRAWBERRY_MUTATIONS = frozenset({"strawberry.mutation", "strawberry.subscription"})
GRAPHENE_MUTATION = frozenset({"graphene.Mutation", "graphene.types.mutation.Mutation"})
# ASGI apps and routers that serve a schema, and the argument that names it
GRAPHQL_APPS = frozenset(
    {
        "strawberry.asgi.GraphQL",
        "strawberry.fastapi.GraphQLRouter",
        "strawberry.fastapi.router.GraphQLRouter",
        "starlette_graphene3.GraphQLApp",
        "graphql_server.asgi.GraphQL",
    }
)
# Field() keywords that are not arguments of the field
GRAPHENE_FIELD_OPTIONS = frozenset(
    {
        "args",
        "resolver",
        "source",
        "deprecation_reason",
        "name",
        "description",
        "required",
        "default_value",
        "_creation_counter",
    }
)
SCALARS = {"int": "Int", "str": "String", "float": "Float", "bool": "Boolean", "ID": "ID"}
ROOTS = (("query", "QUERY"), ("mutation", "MUTATION"), ("subscription", "SUBSCRIPTION"))


def to_camel_case(name: str) -> str:
    """Strawberry's and Graphene's own rule (``get_URL`` -> ``getUrl``)."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() if part else "_" for part in rest)


@dataclass
class _Field:
    name: str  # as the schema exposes it
    python_name: str
    args: list[Parameter]
    type: str | None
    facts: ModuleFacts  # where the handler (resolver, or the attribute) is
    handler: str  # qualname of the resolver, or Class.attribute
    fn: FunctionFacts | None
    span: ast.AST  # the resolver's def or the attribute
    declared: tuple[ModuleFacts, ast.AST]  # where the field is declared (decorator/attribute)
    auth: list[AuthRequirement] = field(default_factory=list)


class GraphQLLinker:
    framework = "graphql"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols

    def link(self) -> list[Route]:
        routes: list[Route] = []
        endpoints: dict[tuple[str, str, str], list[tuple[str, list[AuthRequirement]]]] | None
        endpoints = None
        for facts in self.ctx.modules:
            for scope, name, call in assigns_of_kind(self.ctx, facts, SCHEMAS):
                library = self._schema_library(facts, scope, call)
                if library is None:
                    continue
                if endpoints is None:
                    endpoints = self._endpoints()
                served = endpoints.get((facts.path, scope, name), [])
                camel = self._camel_case(facts, scope, call, library)
                for position, (keyword, operation) in enumerate(ROOTS):
                    root = arg(call, position, keyword)
                    if root is None:
                        continue
                    cls = self.symbols.follow(self.symbols.resolve_expr(facts, scope, root))
                    if not isinstance(cls, ClassSym):
                        continue
                    fields = (
                        self._strawberry_fields(cls, camel)
                        if library == "strawberry"
                        else self._graphene_fields(cls, camel)
                    )
                    for f in fields:
                        routes.append(self._route(f, operation, served))
        return routes

    # --- schemas and where they are served ----------------------------------------------

    def _schema_library(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> str | None:
        if is_kind(self.ctx, facts, scope, call, STRAWBERRY_SCHEMAS):
            return "strawberry"
        if is_kind(self.ctx, facts, scope, call, GRAPHENE_SCHEMAS):
            return "graphene"
        return None

    def _camel_case(self, facts: ModuleFacts, scope: Scope, call: ast.Call, library: str) -> bool:
        if library == "graphene":
            value = keyword_value(call, "auto_camelcase")
            return value is None or self.symbols.evaluate(facts, scope, value) is not False
        config = keyword_value(call, "config")  # StrawberryConfig(auto_camel_case=False)
        if isinstance(config, (ast.Name, ast.Attribute)):
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, config))
            if isinstance(sym, Assigned):
                facts, scope, config = sym.facts, sym.scope, sym.value
        if isinstance(config, ast.Call):
            value = keyword_value(config, "auto_camel_case")
            return value is None or self.symbols.evaluate(facts, scope, value) is not False
        return True

    def _endpoints(self) -> dict[tuple[str, str, str], list[tuple[str, list[AuthRequirement]]]]:
        """Schema assignment -> (HTTP path, auth inherited there) for each place serving it."""
        out: dict[tuple[str, str, str], list[tuple[str, list[AuthRequirement]]]] = {}

        def add(facts: ModuleFacts, scope: Scope, app: ast.Call, path: str, auth: list) -> None:
            schema = arg(app, 0, "schema")
            if schema is None:
                return
            sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, schema))
            if isinstance(sym, Assigned):
                out.setdefault(sym.key, []).append((path, auth))

        for node in FastAPILinker(self.ctx).build().values():
            ctor = node.sym.value
            sym_facts, sym_scope = node.sym.facts, node.sym.scope
            if isinstance(ctor, ast.Call) and self._serves_schema(sym_facts, sym_scope, ctor):
                own = (
                    self.symbols.evaluate_str(sym_facts, sym_scope, keyword_value(ctor, "path"))
                    or ""
                )
                for prefix, auth, reachable in node.mounts():
                    if reachable:
                        path = join_paths(prefix, node.prefix, own)
                        add(sym_facts, sym_scope, ctor, path, auth + node.auth)
        graph = asgi_graph(self.ctx)
        for app in graph.apps:
            if self._serves_schema(app.facts, app.scope, app.expr):
                for path, auth, reachable in graph.served_at(app):
                    if reachable:
                        add(app.facts, app.scope, app.expr, path, auth)
        # Django's GraphQLView routes, recorded by the Django linker (it runs first)
        for key, path, auth in self.ctx.cache.get(DJANGO_ENDPOINTS, []):
            out.setdefault(key, []).append((path, auth))
        return out

    def _serves_schema(self, facts: ModuleFacts, scope: Scope, call: ast.Call) -> bool:
        return is_kind(self.ctx, facts, scope, call, GRAPHQL_APPS)

    # --- Strawberry ------------------------------------------------------------------------

    def _strawberry_fields(self, cls: ClassSym, camel: bool) -> list[_Field]:
        fields: dict[str, _Field] = {}
        for c in self.symbols.class_chain(cls, bases_first=True):
            info = c.facts.classes[c.qualname]
            for f in self._strawberry_class_fields(c.facts, info, camel):
                fields[f.python_name] = f
        return list(fields.values())

    def _strawberry_class_fields(
        self, facts: ModuleFacts, info: ClassFacts, camel: bool
    ) -> Iterator[_Field]:
        scope = info.qualname
        for stmt in info.node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in stmt.decorator_list:
                    target = dec.func if isinstance(dec, ast.Call) else dec
                    name = self.symbols.qualified(facts, scope, target)
                    if name in STRAWBERRY_FIELDS or name in STRAWBERRY_MUTATIONS:
                        fn = facts.functions[f"{scope}.{stmt.name}"]
                        options = dec if isinstance(dec, ast.Call) else None
                        yield self._strawberry_field(
                            facts, scope, stmt.name, None, options, fn, facts, dec, camel
                        )
                        break
                continue
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                attr, annotation, value = stmt.target.id, stmt.annotation, stmt.value
            elif (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call)
            ):
                attr, annotation, value = stmt.targets[0].id, None, stmt.value
            else:
                continue
            if annotation is not None and _is_private(annotation):
                continue
            options = None
            resolver: tuple[ModuleFacts, FunctionFacts] | None = None
            if isinstance(value, ast.Call):
                callee = self.symbols.qualified(facts, scope, value.func)
                if callee in STRAWBERRY_FIELDS or callee in STRAWBERRY_MUTATIONS:
                    options = value
                    resolver = self._function(facts, scope, keyword_value(value, "resolver"))
                elif annotation is None:
                    continue
            fn_facts = resolver[0] if resolver is not None else facts
            resolver_fn = resolver[1] if resolver is not None else None
            yield self._strawberry_field(
                facts, scope, attr, annotation, options, resolver_fn, fn_facts, stmt, camel
            )

    def _strawberry_field(
        self,
        facts: ModuleFacts,
        scope: Scope,
        attr: str,
        annotation: ast.expr | None,
        options: ast.Call | None,
        fn: FunctionFacts | None,
        fn_facts: ModuleFacts,
        declared: ast.AST,
        camel: bool,
    ) -> _Field:
        name_expr = keyword_value(options, "name") if options is not None else None
        name = self.symbols.evaluate_str(facts, scope, name_expr) if name_expr else None
        args: list[Parameter] = []
        type_text = _strawberry_type(annotation) if annotation is not None else None
        if fn is not None:
            args = self._strawberry_args(fn, camel)
            if fn.node.returns is not None and type_text is None:
                type_text = _strawberry_type(fn.node.returns)
        auth = []
        permissions = keyword_value(options, "permission_classes") if options is not None else None
        if isinstance(permissions, (ast.List, ast.Tuple)):
            for p in permissions.elts:
                auth.append(
                    AuthRequirement(
                        dotted_name(p) or ast.unparse(p),
                        "handler",
                        self.ctx.origin(facts, p.lineno - 1),
                    )
                )
        return _Field(
            name=name or (to_camel_case(attr) if camel else attr),
            python_name=attr,
            args=args,
            type=type_text,
            facts=fn_facts if fn is not None else facts,
            handler=fn.qualname if fn is not None else f"{scope}.{attr}",
            fn=fn,
            span=fn.node if fn is not None else declared,
            declared=(facts, declared),
            auth=auth,
        )

    def _strawberry_args(self, fn: FunctionFacts, camel: bool) -> list[Parameter]:
        a = fn.node.args
        positional = a.posonlyargs + a.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults))
        defaults += list(a.defaults)
        pairs = list(zip(positional, defaults, strict=True))
        pairs += list(zip(a.kwonlyargs, a.kw_defaults, strict=True))
        out = []
        for param, default in pairs:
            # reserved parameters Strawberry fills itself
            if param.arg in {"self", "cls", "root", "info"}:
                continue
            annotation = param.annotation
            if annotation is not None and last_name(_unannotated(annotation)) == "Info":
                continue
            name = to_camel_case(param.arg) if camel else param.arg
            if annotation is not None:
                override = _argument_name(annotation)
                name = override or name
            out.append(
                Parameter(
                    name,
                    _strawberry_type(annotation) if annotation is not None else None,
                    ast.unparse(default) if default is not None else None,
                    "argument",
                )
            )
        return out

    def _function(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None
    ) -> tuple[ModuleFacts, FunctionFacts] | None:
        if expr is None:
            return None
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        if isinstance(sym, FunctionSym):
            return sym.facts, sym.facts.functions[sym.qualname]
        return None

    # --- Graphene --------------------------------------------------------------------------

    def _graphene_fields(self, cls: ClassSym, camel: bool) -> list[_Field]:
        fields: dict[str, _Field] = {}
        chain = self.symbols.class_chain(cls, bases_first=True)
        for c in chain:
            info = c.facts.classes[c.qualname]
            for stmt in info.node.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target, value = stmt.targets[0], stmt.value
                elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                    target, value = stmt.target, stmt.value
                else:
                    continue
                if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
                    continue
                f = self._graphene_field(c, info, target.id, value, stmt, chain, camel)
                if f is not None:
                    fields[f.python_name] = f
        return list(fields.values())

    def _graphene_field(
        self,
        cls: ClassSym,
        info: ClassFacts,
        attr: str,
        call: ast.Call,
        stmt: ast.stmt,
        chain: list[ClassSym],
        camel: bool,
    ) -> _Field | None:
        facts, scope = cls.facts, info.qualname
        func = call.func
        args: list[Parameter] = []
        fn: tuple[ModuleFacts, FunctionFacts] | None = None
        type_text: str | None
        owner = (
            self.symbols.follow(self.symbols.resolve_expr(facts, scope, func.value))
            if isinstance(func, ast.Attribute) and func.attr == "Field"
            else None
        )
        if isinstance(owner, ClassSym):
            # ``CreateUser.Field()``: a graphene.Mutation's field, arguments from its Arguments
            if any(b in GRAPHENE_MUTATION for b in self.symbols.class_bases(owner)):
                for c in self.symbols.class_chain(owner, bases_first=True):
                    for inner in ("Arguments", "Input"):
                        holder = c.facts.classes.get(f"{c.qualname}.{inner}")
                        if holder is not None:
                            args += self._graphene_args(c.facts, holder, camel)
                    mutate = c.facts.functions.get(f"{c.qualname}.mutate")
                    if mutate is not None:
                        fn = (c.facts, mutate)
            type_text = owner.qualname.split(".")[-1]
        else:
            callee = self.symbols.qualified(facts, scope, func) or ""
            if not callee.startswith("graphene.") and not self._graphene_class(facts, scope, func):
                return None
            args = self._graphene_kwargs(facts, scope, call, camel)
            type_text = _graphene_type(call)
        resolver = self._function(facts, scope, keyword_value(call, "resolver"))
        if resolver is None:
            for c in reversed(chain):  # the most derived ``resolve_<attr>`` wins
                method = c.facts.functions.get(f"{c.qualname}.resolve_{attr}")
                if method is not None:
                    resolver = (c.facts, method)
                    break
        fn = resolver or fn
        name_expr = keyword_value(call, "name")
        name = self.symbols.evaluate_str(facts, scope, name_expr) if name_expr else None
        fn_facts, fn_def = fn if fn is not None else (facts, None)
        return _Field(
            name=name or (to_camel_case(attr) if camel else attr),
            python_name=attr,
            args=args,
            type=type_text,
            facts=fn_facts,
            handler=fn_def.qualname if fn_def is not None else f"{scope}.{attr}",
            fn=fn_def,
            span=fn_def.node if fn_def is not None else stmt,
            declared=(facts, stmt),
        )

    def _graphene_class(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> bool:
        """``color = Color()``: a project Enum, InputObjectType (...) mounted as a field."""
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, expr))
        return isinstance(sym, ClassSym) and any(
            b.startswith("graphene.") for b in self.symbols.class_bases(sym)
        )

    def _graphene_kwargs(
        self, facts: ModuleFacts, scope: Scope, call: ast.Call, camel: bool
    ) -> list[Parameter]:
        """A field's arguments: its extra keywords and the ``args={...}`` dict."""
        out = []
        for kw in call.keywords:
            if kw.arg is None or kw.arg in GRAPHENE_FIELD_OPTIONS:
                continue
            out.append(self._graphene_arg(kw.arg, kw.value, camel))
        extra = keyword_value(call, "args")
        if isinstance(extra, ast.Dict):
            for key, value in zip(extra.keys, extra.values, strict=True):
                k = self.symbols.evaluate_str(facts, scope, key) if key is not None else None
                if k is not None:
                    out.append(self._graphene_arg(k, value, camel))
        return out

    def _graphene_args(
        self, facts: ModuleFacts, holder: ClassFacts, camel: bool
    ) -> list[Parameter]:
        return [
            self._graphene_arg(name, value, camel)
            for name, (_annotation, value) in holder.fields.items()
            if isinstance(value, ast.Call)
        ]

    def _graphene_arg(self, name: str, value: ast.expr, camel: bool) -> Parameter:
        override = keyword_value(value, "name") if isinstance(value, ast.Call) else None
        exposed = (
            override.value
            if isinstance(override, ast.Constant) and isinstance(override.value, str)
            else (to_camel_case(name) if camel else name)
        )
        default = keyword_value(value, "default_value") if isinstance(value, ast.Call) else None
        return Parameter(
            exposed,
            _graphene_type(value),
            ast.unparse(default) if default is not None else None,
            "argument",
        )

    # --- routes ----------------------------------------------------------------------------

    def _route(
        self, f: _Field, operation: str, served: list[tuple[str, list[AuthRequirement]]]
    ) -> Route:
        declared_facts, declared = f.declared
        same_file = declared_facts.path == f.facts.path
        endpoints = sorted({path for path, _ in served})
        inherited = served[0][1] if served else []
        if f.fn is not None:
            span, body = f.fn.span, f.fn.full_span
        else:
            span = body = span_of(f.span, f.facts.wide_lines)
        return Route(
            framework=self.framework,
            methods=(operation,),
            path=f.name,
            handler=f"{f.facts.module}:{f.handler}",
            file=f.facts.path,
            span=span,
            decorator_span=span_of(declared, declared_facts.wide_lines) if same_file else None,
            local_path=f.python_name,
            parameters=f.args,
            response_model=f.type,
            auth=inherited + f.auth,
            docstring=docstring(f.fn) if f.fn is not None else None,
            is_async=f.fn is not None and isinstance(f.fn.node, ast.AsyncFunctionDef),
            reachable=True,  # the schema is what serves it, wherever it is mounted
            body_span=body,
            endpoint=", ".join(endpoints) if endpoints else None,
        )


# --- type text -------------------------------------------------------------------------------


def _unannotated(annotation: ast.expr) -> ast.expr:
    if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
        sl = annotation.slice
        return sl.elts[0] if isinstance(sl, ast.Tuple) else sl
    return annotation


def _is_private(annotation: ast.expr) -> bool:
    base = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return last_name(base) in {"Private", "ClassVar"}


def _argument_name(annotation: ast.expr) -> str | None:
    """``Annotated[str, strawberry.argument(name="q")]`` -> "q"."""
    if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
        sl = annotation.slice
        for meta in sl.elts[1:] if isinstance(sl, ast.Tuple) else []:
            if isinstance(meta, ast.Call) and last_name(meta.func) == "argument":
                name = keyword_value(meta, "name")
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    return name.value
    return None


def _strawberry_type(annotation: ast.expr, required: bool = True) -> str:
    """A Python annotation in GraphQL's notation: ``list[int] | None`` -> ``[Int!]``."""
    annotation = _unannotated(annotation)
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        text = annotation.value
        try:
            annotation = ast.parse(text, mode="eval").body
        except SyntaxError:
            return text
    bang = "!" if required else ""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        parts = [annotation.left, annotation.right]
        rest = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)]
        if len(rest) == 1:
            return _strawberry_type(rest[0], required=False)
        return ast.unparse(annotation)
    if isinstance(annotation, ast.Subscript):
        outer = last_name(annotation.value)
        inner = annotation.slice
        if outer == "Optional":
            return _strawberry_type(inner, required=False)
        if outer in {"list", "List", "Sequence", "Iterable"}:
            return f"[{_strawberry_type(inner)}]{bang}"
        return ast.unparse(annotation) + bang
    name = last_name(annotation) or ast.unparse(annotation)
    return SCALARS.get(name, name) + bang


def _graphene_type(expr: ast.expr) -> str:
    """``graphene.List(graphene.NonNull(graphene.Int), required=True)`` -> ``[Int!]!``."""
    if isinstance(expr, ast.Lambda):
        return _graphene_type(expr.body)
    if not isinstance(expr, ast.Call):
        return last_name(expr) or ast.unparse(expr)
    kind = last_name(expr.func)
    inner = (
        expr.args[0] if expr.args else keyword_value(expr, "type_") or keyword_value(expr, "type")
    )
    if kind in {"Field", "Argument", "InputField", "Dynamic"} and inner is not None:
        text = _graphene_type(inner)
    elif kind == "List" and inner is not None:
        text = f"[{_graphene_type(inner)}]"
    elif kind == "NonNull" and inner is not None:
        return _graphene_type(inner) + "!"
    else:
        text = kind
    required = keyword_value(expr, "required")
    if isinstance(required, ast.Constant) and required.value is True:
        text += "!"
    return text

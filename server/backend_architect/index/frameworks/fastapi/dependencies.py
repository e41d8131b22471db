"""Dependencies (``Depends``/``Security``) and whether they authenticate the caller."""

from __future__ import annotations

import ast

from ....core.model import AuthRequirement
from ....core.syntax import dotted_name, keyword_value, last_name
from ...facts import FunctionFacts, ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym, External, FunctionSym
from ...symbols import Symbols
from ..common import AUTH_NAME_RE, LinkContext, RouterNode, arg
from .names import MODEL_BASES, PARAM_KINDS, SECURITY_SCHEMES


class DependencyReader:
    """The link being read, and what a handler's dependencies say about auth."""

    framework = "fastapi"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.nodes: dict[tuple[str, str, str], RouterNode] = {}

    def _annotated(
        self, facts: ModuleFacts, scope: Scope, annotation: ast.expr, depth: int = 0
    ) -> tuple[ast.expr, ast.Call | None, ModuleFacts, Scope]:
        """``Annotated[T, Depends(x)]`` (or an alias of it, maybe in another module) ->
        (T, Depends(x), and the module and scope the marker is written in, where ``x`` must
        be resolved and where its origin is)."""
        if depth > 4:
            return annotation, None, facts, scope
        if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
            sl = annotation.slice
            elts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
            meta = next(
                (e for e in elts[1:] if isinstance(e, ast.Call) and marker_name(e) in PARAM_KINDS),
                None,
            )
            return elts[0], meta, facts, scope
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            sym = self.symbols.resolve_expr(facts, scope, annotation)
            if isinstance(sym, Assigned) and isinstance(sym.value, ast.Subscript):
                found = self._annotated(sym.facts, sym.scope, sym.value, depth + 1)
                if found[1] is not None:
                    return found
        return annotation, None, facts, scope

    def _is_model(self, facts: ModuleFacts, scope: Scope, annotation: ast.expr) -> bool:
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, annotation))
        if isinstance(sym, ClassSym):
            return any(b in MODEL_BASES for b in self.symbols.class_bases(sym))
        if isinstance(annotation, ast.Subscript):  # list[Item]
            inner = annotation.slice
            return isinstance(inner, (ast.Name, ast.Attribute)) and self._is_model(
                facts, scope, inner
            )
        return False

    def _dependencies_auth(
        self, facts: ModuleFacts, scope: Scope, expr: ast.expr | None, level: str
    ) -> list[AuthRequirement]:
        if not isinstance(expr, (ast.List, ast.Tuple)):
            return []
        out = []
        for item in expr.elts:
            if isinstance(item, ast.Call):
                req = self._dependency_auth(facts, scope, item, None, level)
                if req is not None:
                    out.append(req)
        return out

    def _dependency_auth(
        self,
        facts: ModuleFacts,
        scope: Scope,
        marker: ast.Call,
        annotation: ast.expr | None,
        level: str,
    ) -> AuthRequirement | None:
        target = arg(marker, 0, "dependency") or annotation
        if target is None:
            return None
        scopes: tuple[str, ...] = ()
        scopes_expr = keyword_value(marker, "scopes")
        scopes_v = self.symbols.evaluate(facts, scope, scopes_expr) if scopes_expr else None
        if isinstance(scopes_v, list):
            scopes = tuple(str(s) for s in scopes_v if isinstance(s, str))
        name = dotted_name(target) or ast.unparse(target)
        is_security = marker_name(marker) == "Security"
        if is_security or self._is_auth_dependency(facts, scope, target, 0):
            return AuthRequirement(name, level, self.ctx.origin(facts, marker.lineno - 1), scopes)
        return None

    def _is_auth_dependency(
        self, facts: ModuleFacts, scope: Scope, target: ast.expr, depth: int
    ) -> bool:
        if depth > 4:
            return False
        if isinstance(target, ast.Call):  # Depends(RoleChecker(["admin"]))
            target = target.func
        name = dotted_name(target) or ""
        if AUTH_NAME_RE.search(name.split(".")[-1]):
            return True
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, target))
        if isinstance(sym, External):
            return bool(SECURITY_SCHEMES.match(sym.dotted))
        if isinstance(sym, Assigned) and isinstance(sym.value, ast.Call):
            callee = self.symbols.qualified(sym.facts, sym.scope, sym.value.func) or ""
            return (
                bool(SECURITY_SCHEMES.match(callee))
                or AUTH_NAME_RE.search(callee.split(".")[-1]) is not None
            )
        if isinstance(sym, ClassSym):
            init = sym.facts.functions.get(f"{sym.qualname}.__call__")
            return init is not None and self._function_uses_auth(sym.facts, init, depth + 1)
        if isinstance(sym, FunctionSym):
            return self._function_uses_auth(sym.facts, sym.facts.functions[sym.qualname], depth + 1)
        return False

    def _function_uses_auth(self, facts: ModuleFacts, fn: FunctionFacts, depth: int) -> bool:
        args = fn.node.args
        defaults = list(args.defaults) + [d for d in args.kw_defaults if d is not None]
        markers = [
            (d, facts, fn.scope)
            for d in defaults
            if isinstance(d, ast.Call) and marker_name(d) in {"Depends", "Security"}
        ]
        for a in args.posonlyargs + args.args + args.kwonlyargs:
            if a.annotation is not None:
                _base, meta, meta_facts, meta_scope = self._annotated(facts, fn.scope, a.annotation)
                if meta is not None and marker_name(meta) in {"Depends", "Security"}:
                    markers.append((meta, meta_facts, meta_scope))
        for m, m_facts, m_scope in markers:
            if marker_name(m) == "Security":
                return True
            t = arg(m, 0, "dependency")
            if t is not None and self._is_auth_dependency(m_facts, m_scope, t, depth + 1):
                return True
        return False


def marker_name(call: ast.Call) -> str:
    return last_name(call.func)

"""What a project function does with its parameters, for the request-data rules: which of them
reach which sink (``sinks.py``), and which it hands back, through the calls it makes to other
project functions (across modules with the index), statically and to a bounded depth.

A summary is memoised per function and keyed by its file's content digest, so an edit to the
helper's file makes a new one. ``helper_hits`` is what a rule reports at a call site: request
data passed to a parameter that reaches a sink of the helper."""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from ...core.source import content_digest
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..nodes import of_type
from .request_data import LocalRequestData
from .request_sources import REQUEST_MODULES
from .sinks import PATH_CHECKS, URL_CHECKS, Sink, sink_of

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
MAX_HELPER_DEPTH = 3  # helper -> helper -> helper
MAX_MEMO = 20_000
PARAM = "param:"


@dataclass(frozen=True)
class Reach:
    """A sink one parameter reaches, and where."""

    sink: Sink
    path: str
    line: int  # 1-based, of the sink's argument
    via: str  # the function holding the sink


@dataclass
class Summary:
    reaches: dict[str, list[Reach]] = field(default_factory=dict)  # parameter -> sinks
    returns: set[str] = field(default_factory=set)  # parameters handed back
    returns_request: str | None = None  # request data it reads and hands back


@dataclass(frozen=True)
class Hit:
    """Request data passed at a call site to a helper parameter that reaches a sink."""

    arg: ast.expr
    source: str
    callee: str
    reach: Reach


_memo: dict[tuple[str, str, int, int], Summary] = {}
_contexts: dict[tuple[str, str], FileContext] = {}
_computing: set[tuple[str, str, int, int]] = set()


class RequestData(LocalRequestData):
    """Request data as it flows in a file, through the project's helper functions too: a
    helper's return value is what its summary says it hands back."""

    def _helper_source(
        self,
        call: ast.Call,
        fn: FunctionNode | None,
        sub: object,
        depth: int,
    ) -> str | None:
        assert callable(sub)
        if not isinstance(call.func, (ast.Name, ast.Attribute)):
            return None
        return returned(self, call, fn, sub, depth)


class ParamFlow(RequestData):
    """The request-data flow with the function's own parameters as the sources."""

    def __init__(self, ctx: FileContext, fn: FunctionNode, depth: int) -> None:
        super().__init__(ctx)
        self.fn = fn
        self.depth = depth

    def param(self, name: str, fn: FunctionNode | None) -> str | None:
        if fn is self.fn and name not in ("self", "cls"):
            return PARAM + name
        return None


def _params(fn: FunctionNode) -> list[str]:
    return [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]


def bound_args(call: ast.Call, fn: FunctionNode, method: bool) -> dict[str, ast.expr]:
    """The argument each parameter of ``fn`` receives at ``call``."""
    names = _params(fn)
    if method and names:
        names = names[1:]
    out: dict[str, ast.expr] = {}
    for name, arg in zip(names, call.args, strict=False):
        if isinstance(arg, ast.Starred):
            break
        out[name] = arg
    for k in call.keywords:
        if k.arg is not None:
            out[k.arg] = k.value
    return out


def callee(
    call: ast.Call, ctx: FileContext, fn: FunctionNode | None
) -> tuple[FileContext, FunctionNode, bool] | None:
    """The project function a call runs: one of this file, a method of the same class through
    ``self``, or (with the index) one imported from another module."""
    func = call.func
    scopes = ctx.scopes
    if isinstance(func, ast.Name):
        local = scopes.functions.get(func.id)
        if local is not None:
            return ctx, local, False
        if func.id not in scopes.imports and ctx.index is None:
            return None
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id in ("self", "cls") and fn is not None:
            owner = scopes.owner_of(fn)
            method = next(
                (s for s in owner.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and s.name == func.attr),
                None,
            ) if owner is not None else None  # fmt: skip
            return (ctx, method, True) if method is not None else None
        if func.value.id not in scopes.imports:
            return None
    else:
        return None
    return _imported(func, ctx, fn)


def _imported(
    func: ast.expr, ctx: FileContext, fn: FunctionNode | None
) -> tuple[FileContext, FunctionNode, bool] | None:
    index = ctx.index
    if index is None:
        return None
    facts = index.facts(ctx.path)
    if facts is None:
        return None
    from ...index.symbol_types import FunctionSym

    scope = ctx.scopes.scope(fn).qualname
    try:
        sym = index.symbols.follow(index.symbols.resolve_expr(facts, scope, func))
    except Exception:  # a rule must never take the file's other findings down with it
        return None
    if not isinstance(sym, FunctionSym) or "." in sym.qualname:
        return None
    other = _context(ctx, sym.facts.path)
    if other is None:
        return None
    target = other.scopes.functions.get(sym.qualname)
    return (other, target, False) if target is not None else None


def _context(ctx: FileContext, path: str) -> FileContext | None:
    if path == ctx.path:
        return ctx
    index = ctx.index
    parsed = index.parsed(path) if index is not None else None
    if parsed is None or parsed.tree is None:
        return None
    key = (path, parsed.digest)
    found = _contexts.get(key)
    if found is None:
        if len(_contexts) > 512:
            _contexts.clear()
        found = _contexts[key] = FileContext(path, parsed.text, parsed.tree, index)
    return found


def summary(ctx: FileContext, fn: FunctionNode, depth: int = 0) -> Summary:
    key = (ctx.path, _digest(ctx), fn.lineno, fn.col_offset)
    found = _memo.get(key)
    if found is not None:
        return found
    if key in _computing or depth > MAX_HELPER_DEPTH:
        return Summary()  # recursion, or too deep: nothing known (and not remembered)
    _computing.add(key)
    ctx.stack.append(fn)
    try:
        result = _summarise(ctx, fn, depth)
    finally:
        ctx.stack.pop()
        _computing.discard(key)
    if len(_memo) > MAX_MEMO:
        _memo.clear()
    _memo[key] = result
    return result


def _digest(ctx: FileContext) -> str:
    digest = ctx.shared.get("digest")
    if digest is None:
        digest = ctx.shared["digest"] = content_digest(ctx.text)
    assert isinstance(digest, str)
    return digest


@dataclass(frozen=True)
class _ByLine:
    nodes: list[ast.AST]
    lines: list[int]


def _nodes_in(ctx: FileContext, fn: FunctionNode, kind: type[ast.AST]) -> list[ast.AST]:
    """The nodes of one type inside ``fn`` (nested definitions too), from the file's nodes by
    type (the engine's walk gathered them) cut by line: no walk of the function's own."""
    key = f"lines:{kind.__name__}"
    table = ctx.shared.get(key)
    if not isinstance(table, _ByLine):
        # by line (a decorator's call comes after the body in the walk's order)
        nodes = sorted(of_type(ctx.tree, kind), key=lambda n: getattr(n, "lineno", 0))
        table = ctx.shared[key] = _ByLine(nodes, [getattr(n, "lineno", 0) for n in nodes])
    lo = bisect.bisect_left(table.lines, fn.lineno)
    hi = bisect.bisect_right(table.lines, fn.end_lineno or fn.lineno)
    return table.nodes[lo:hi]


def _mentions(ctx: FileContext, fn: FunctionNode, words: frozenset[str]) -> bool:
    text = "\n".join(ctx.lines[fn.lineno - 1 : fn.end_lineno or fn.lineno])
    return any(w in text for w in words)


def _summarise(ctx: FileContext, fn: FunctionNode, depth: int) -> Summary:
    out = Summary()
    params = set(_params(fn))
    if not params:
        return out
    flow = ParamFlow(ctx, fn, depth)
    for node in _nodes_in(ctx, fn, ast.Return):
        assert isinstance(node, ast.Return)
        if node.value is not None:
            # a value handed back as it is (``return request.args.get("q")``), not text built
            # around it (``f"{base}?{query}"``), whose place in it a rule may judge
            found = None if _built(node.value, ctx, fn) else flow.source_in(node.value, fn, node)
            if found is not None and found.startswith(PARAM):
                out.returns.add(found[len(PARAM) :])
            elif found is not None and out.returns_request is None:
                out.returns_request = found
    for node in _nodes_in(ctx, fn, ast.Call):
        assert isinstance(node, ast.Call)
        sink = sink_of(node, ctx.scopes)
        if sink is not None:
            if (sink.kind == "path" and _mentions(ctx, fn, PATH_CHECKS)) or (
                sink.kind == "url"
                and (_mentions(ctx, fn, URL_CHECKS) or _fixed_url(flow, sink.arg, node))
            ):
                continue
            found = flow.source_in(sink.arg, fn, node)
            if found is not None and found.startswith(PARAM):
                reach = Reach(sink, ctx.path, sink.arg.lineno, fn.name)
                out.reaches.setdefault(found[len(PARAM) :], []).append(reach)
            continue
        target = callee(node, ctx, fn) if depth < MAX_HELPER_DEPTH else None
        if target is None:
            continue
        other, helper, method = target
        inner = summary(other, helper, depth + 1)
        for name, arg in bound_args(node, helper, method).items():
            if name not in inner.reaches:
                continue
            found = flow.source_in(arg, fn, node)
            if found is not None and found.startswith(PARAM):
                out.reaches.setdefault(found[len(PARAM) :], []).extend(inner.reaches[name])
    return out


BUILDING = (ast.JoinedStr, ast.BinOp)


def _built(expr: ast.expr, ctx: FileContext, fn: FunctionNode) -> bool:
    """Text built from parts: an f-string, ``+``/``%``, ``.format``, or a name bound to one."""
    if isinstance(expr, ast.Name):
        return any(
            b.value is not None and not isinstance(b.value, ast.Name) and _built(b.value, ctx, fn)
            for b in ctx.scopes.scope(fn).bindings.get(expr.id, ())
        )
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        return expr.func.attr in ("format", "join")
    return isinstance(expr, BUILDING)


def _fixed_url(flow: RequestData, url: ast.expr, at: ast.AST) -> bool:
    from .url_hosts import fixed_host

    return fixed_host(url, flow, at)


def returned(
    data: RequestData,
    call: ast.Call,
    fn: FunctionNode | None,
    sub: Callable[[ast.expr], str | None],
    depth: int,
) -> str | None:
    """What a call to a project function hands back of the request: what it reads itself, or
    what the caller passed to a parameter it returns."""
    level = data.depth if isinstance(data, ParamFlow) else 0
    if level >= MAX_HELPER_DEPTH:
        return None
    target = callee(call, data.ctx, fn)
    if target is None:
        return None
    other, helper, method = target
    if helper is fn:
        return None
    summ = summary(other, helper, level + 1)
    if summ.returns_request is not None and not isinstance(data, ParamFlow):
        return f"{summ.returns_request} (through `{helper.name}()`)"
    for name, arg in bound_args(call, helper, method).items():
        if name in summ.returns:
            found = sub(arg)
            if found is not None:
                return found
    return None


def _may_hold_request(ctx: FileContext) -> bool:
    text = ctx.text
    return "request" in text or "Request" in text


def helper_hits(ctx: FileContext) -> list[Hit]:
    """Request data handed, at a call in this file, to a project function parameter that
    reaches a sink (computed once per file for every rule that reports them)."""
    cached = ctx.shared.get("helper_hits")
    if cached is not None:
        assert isinstance(cached, list)
        return cached
    hits: list[Hit] = []
    ctx.shared["helper_hits"] = hits
    if not _may_hold_request(ctx):
        return hits
    data = RequestData(ctx)
    flask = any(t in REQUEST_MODULES for t in ctx.scopes.imports.values())
    functions = [
        fn
        for fn in of_type(ctx.tree, ast.FunctionDef, ast.AsyncFunctionDef)
        if flask or _takes_request(fn) or ctx.scopes.owner_of(fn) is not None
    ]
    for fn in functions:
        # the functions that can be innermost at fn's lines: fn and those defined inside it
        # (asking all of them for every call was quadratic in a big file)
        end = fn.end_lineno or fn.lineno
        near = [g for g in functions if fn.lineno <= g.lineno <= end]
        for node in _nodes_in(ctx, fn, ast.Call):
            assert isinstance(node, ast.Call)
            if not _project_shaped(node, ctx) or _innermost(near, node) is not fn:
                continue
            ctx.stack.append(fn)
            try:
                hits.extend(_call_hits(ctx, data, fn, node))
            finally:
                ctx.stack.pop()
    return hits


def _project_shaped(call: ast.Call, ctx: FileContext) -> bool:
    """A callee that can be a project function: one of this file, ``self.x``, or an import."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ctx.scopes.functions or (
            ctx.index is not None and func.id in ctx.scopes.imports
        )
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id in ("self", "cls") or (
            ctx.index is not None and func.value.id in ctx.scopes.imports
        )
    return False


def _may_be_project(call: ast.Call, ctx: FileContext) -> bool:
    """Whether the callee can be a project function: one of this file, or imported from a
    module some project file could be (any dotted prefix of the import names one)."""
    func = call.func
    head = func.id if isinstance(func, ast.Name) else getattr(func, "value", None)
    if isinstance(head, ast.Name):
        head = head.id
    if not isinstance(head, str) or head in ctx.scopes.functions:
        return True
    target = ctx.scopes.imports.get(head)
    if target is None or ctx.index is None:
        return True  # not an import: the full resolution decides
    known = ctx.index.symbols.by_name
    parts = target.split(".")
    return any(".".join(parts[:k]) in known for k in range(1, len(parts) + 1))


def _innermost(functions: list[FunctionNode], node: ast.AST) -> FunctionNode | None:
    line = getattr(node, "lineno", 0)
    inside = [f for f in functions if f.lineno <= line <= (f.end_lineno or f.lineno)]
    return max(inside, key=lambda f: f.lineno) if inside else None


def _takes_request(fn: FunctionNode) -> bool:
    args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    return any(
        a.arg in ("request", "req")
        or (a.annotation is not None and (dotted_name(a.annotation) or "").endswith("Request"))
        for a in args
    ) or bool(fn.decorator_list)


def _call_hits(ctx: FileContext, data: RequestData, fn: FunctionNode, call: ast.Call) -> list[Hit]:
    # cheapest question first: a method through ``self`` is looked up in its class (most such
    # calls are inherited: ``self.assertEqual``); then whether request data goes in at all (the
    # function's bindings); only then an imported callee is resolved through the index
    func = call.func
    own = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
    own = own and func.value.id in ("self", "cls")  # type: ignore[attr-defined]
    target = callee(call, ctx, fn) if own else None
    if own and target is None:
        return []
    if not own and not _may_be_project(call, ctx):
        return []  # ``json.dumps(x)``: no module of the project by that name
    given = [*call.args, *(k.value for k in call.keywords)]
    sources = {id(a): s for a in given if (s := data.source_in(a, fn, call)) is not None}
    if not sources:  # no request data goes in: what the callee does with its arguments is moot
        return []
    if target is None:
        target = callee(call, ctx, fn)
    if target is None:
        return []
    other, helper, method = target
    if helper is fn:
        return []
    summ = summary(other, helper)
    if not summ.reaches:
        return []
    out: list[Hit] = []
    for name, arg in bound_args(call, helper, method).items():
        reaches = summ.reaches.get(name)
        if not reaches:
            continue
        source = sources.get(id(arg))
        if source is not None:
            out.extend(Hit(arg, source, helper.name, r) for r in reaches)
    return out


def report_hits(ctx: FileContext, kind: str, what: str) -> None:
    """Report this file's helper hits of one sink kind (``what``: how the sink is harmed)."""
    seen: set[int] = set()
    for hit in helper_hits(ctx):
        if hit.reach.sink.kind != kind or id(hit.arg) in seen:
            continue
        seen.add(id(hit.arg))
        import os

        where = "" if hit.reach.path == ctx.path else f"`{os.path.basename(hit.reach.path)}`, "
        ctx.report(
            hit.arg,
            f"{hit.source} is passed to `{hit.callee}()`, which hands it to "
            f"`{hit.reach.sink.name}` in `{hit.reach.via}()` ({where}line {hit.reach.line}): "
            f"{what}",
        )

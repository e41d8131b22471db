"""A bounded evaluator: small, side-effect-free project functions followed over the facts.

Nothing runs: the evaluator interprets the AST the index already holds, statement by statement,
with values it builds itself (constants, lists, dicts, tuples; project classes and functions as
the symbols that denote them). What it meets outside the project stays a value it does not
interpret (:class:`ExtCall` for ``path("x/", view)``, :class:`MethodCall` for
``View.as_view()``), for the caller to read. Anything it cannot know is ``UNKNOWN``; a branch
or loop that depends on it abandons the call (the answer would be a guess).

Bounded: ``max_steps`` statements and expressions per evaluator, ``max_depth`` nested calls,
lists and strings capped in size. Module globals are evaluated once per evaluator and then
kept, so what a decorator adds to a registry dict (``registry["views"][app].append(...)``)
is there for the function that reads it: :meth:`Evaluator.run_decorators` applies a module's
project decorators to the classes and functions they decorate, as importing it would.

Interface: ``Evaluator(symbols, attribute=, is_subclass=, calls=)``; ``value(facts, scope,
expr)`` for an expression, ``apply(callee, args, kwargs)`` for a call. The hooks bring a
framework's knowledge, each answering ``UNKNOWN`` for what it does not know:
``attribute(value, name)`` (a Django model's ``_meta.app_label``), ``is_subclass(cls, base)``,
``calls(dotted, args, kwargs)`` for a library's callable (DRF's ``Route(...)``),
``has_attribute(value, name)`` for ``hasattr``/``getattr`` with a default. Methods run on an
:class:`Instance` the caller models (a router, a ``ModelAdmin``); ``super()`` in them goes on
up the class chain, then to the hook as :class:`Super` (a library's method, as
:class:`Native`).
"""

from __future__ import annotations

import ast
import collections
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .facts import ModuleFacts, Scope
from .symbol_types import UNKNOWN, Assigned, ClassSym, External, FunctionSym, ModuleSym
from .symbols import Symbols, registers

MAX_ITEMS = 10_000  # elements of one list, characters of one string
MAX_INT_BITS = 4_096  # x = x * x in a loop grows without end: no URL needs such a number
# a width or precision of five digits or more (``"%0100000d"``, ``"{:>100000}"``) builds a huge
# string before any length check could see it
_HUGE_FORMAT = re.compile(
    r"%[-#0 +]*(?:\*|\d{5,})|%[-#0 +]*\d*\.(?:\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}"
)


@dataclass(frozen=True, eq=False)
class ExtCall:
    """A call of something outside the project, its arguments evaluated."""

    name: str  # dotted
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    facts: ModuleFacts
    node: ast.Call


@dataclass(frozen=True, eq=False)
class MethodCall:
    """A method called on a class or object the evaluator does not interpret
    (``SiteView.as_view()``)."""

    receiver: Any
    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True, eq=False)
class Obj:
    """An instance of a project class: only what was passed to it is known."""

    cls: ClassSym
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True, eq=False)
class Method:
    """A method of a class or object the evaluator does not interpret (``SiteView.as_view``);
    calling it gives a :class:`MethodCall`."""

    receiver: Any
    name: str


@dataclass(frozen=True, eq=False)
class Native:
    """A callable the evaluator calls with known arguments: a method of a value it built
    (``list.append``), or what a hook gives for a library's method (DRF's ``get_routes``)."""

    fn: Callable[..., Any]


_Builtin = Native


@dataclass(frozen=True, eq=False)
class Bound:
    """A method of the project (or of an installed package the index reads) bound to its
    receiver: a class (a classmethod) or an :class:`Instance`."""

    receiver: Any
    fn: FunctionSym


_Bound = Bound


@dataclass(eq=False)
class Namespace:
    """An object whose attributes are known (what a hook answers)."""

    attrs: dict[str, Any]


@dataclass(eq=False)
class Instance(Namespace):
    """An instance of a project (or installed) class whose attributes are modelled: ``attrs``
    first, then the class's methods and attributes, then the ``attribute`` hook with
    :class:`Super` for what the library bases define (``self.routes`` of a DRF router)."""

    cls: ClassSym | None = None


@dataclass(frozen=True, eq=False)
class Super:
    """``super()`` in a method of ``owner`` called on ``instance``: the classes after
    ``owner`` in the instance's chain, then the hook (``owner`` None: past every class the
    index reads)."""

    owner: ClassSym | None
    instance: Instance


@dataclass(eq=False)
class Closure:
    facts: ModuleFacts
    qualname: str  # the def's qualname ("" for a lambda)
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    env: Env | None  # the enclosing call's frame


@dataclass(eq=False)
class Env:
    facts: ModuleFacts
    scope: Scope  # the function's qualname: where its names resolve in the facts
    vars: dict[str, Any] = field(default_factory=dict)
    parent: Env | None = None
    first: str | None = None  # the method's first parameter (``self``), for ``super()``


def _too_big(value: Any) -> bool:
    return isinstance(value, int) and value.bit_length() > MAX_INT_BITS


class Abort(Exception):
    """The evaluation cannot go on honestly (an unknown condition, the budget spent)."""


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class _Raise(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


# what ends an evaluation at an entry point: the answer is then "unknown", never an error
_GIVE_UP = (
    Abort,
    _Raise,
    _Return,
    _Break,
    _Continue,
    RecursionError,
    OverflowError,
    MemoryError,
)


_SAFE_BUILTINS: dict[str, Callable[..., Any]] = {
    "len": len,
    "str": str,
    "int": int,
    "bool": bool,
    "list": list,
    "tuple": tuple,
    "dict": dict,
    "set": set,
    "sorted": sorted,
    "reversed": lambda x: list(reversed(x)),
    "enumerate": lambda x, start=0: list(enumerate(x, start)),
    "zip": lambda *xs: list(zip(*xs, strict=False)),
    "min": min,
    "max": max,
    "any": any,
    "all": all,
    "range": lambda *a: list(range(*a)) if len(range(*a)) <= MAX_ITEMS else _abort(),
}
_BUILTIN_TYPES: dict[str, type] = {"str": str, "int": int, "list": list, "dict": dict}
_CONTAINER_METHODS = frozenset(
    {
        "append", "extend", "insert", "pop", "remove", "index", "count", "copy", "get",
        "setdefault", "update", "items", "keys", "values", "format", "join", "lower", "upper",
        "replace", "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "title",
        "removeprefix", "removesuffix",
    }
)  # fmt: skip
_ERRORS = {
    KeyError: "KeyError",
    IndexError: "IndexError",
    TypeError: "TypeError",
    ValueError: "ValueError",
    AttributeError: "AttributeError",
}
_CATCHES = {
    "KeyError": {"KeyError"},
    "IndexError": {"IndexError"},
    "LookupError": {"KeyError", "IndexError"},
    "TypeError": {"TypeError"},
    "ValueError": {"ValueError"},
    "AttributeError": {"AttributeError"},
    "Exception": set(_ERRORS.values()),
}
_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Mod: operator.mod,
    ast.FloorDiv: operator.floordiv,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_PLAIN = (str, int, float, bool, type(None))


def _abort() -> Any:
    raise Abort


def _known(value: Any) -> bool:
    if value is UNKNOWN:
        return False
    if isinstance(value, (list, tuple)):
        return all(_known(v) for v in value)
    return True


class Evaluator:
    """See the module docstring."""

    def __init__(
        self,
        symbols: Symbols,
        attribute: Callable[[Any, str], Any] | None = None,
        is_subclass: Callable[[Any, Any], bool | None] | None = None,
        calls: Callable[[str, list[Any], dict[str, Any]], Any] | None = None,
        has_attribute: Callable[[Any, str], bool | None] | None = None,
        chain: Callable[[ClassSym], list[ClassSym]] | None = None,
        max_steps: int = 50_000,
        max_depth: int = 8,
    ) -> None:
        self.symbols = symbols
        self.hook = attribute
        self.is_subclass = is_subclass
        self.calls = calls
        self.has_attribute = has_attribute
        # an instance's classes, in the order their methods are looked up
        self.chain = chain or symbols.class_chain
        self.steps = max_steps
        self.max_depth = max_depth
        self.depth = 0
        self.globals: dict[tuple[str, str], Any] = {}

    # --- entry points ------------------------------------------------------------------

    def value(self, facts: ModuleFacts, scope: Scope, expr: ast.expr) -> Any:
        """``expr`` as seen from ``scope`` of ``facts`` (module level or a class body);
        ``UNKNOWN`` when it cannot be known."""
        try:
            return self._expr(expr, Env(facts, scope))
        except _GIVE_UP:
            return UNKNOWN

    def apply(self, callee: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
        try:
            return self._call_value(callee, args, kwargs, None)
        except _GIVE_UP:
            return UNKNOWN

    def attribute(self, value: Any, attr: str) -> Any:
        """``value.attr`` as the evaluator reads it (a method of an :class:`Instance`)."""
        try:
            return self._attribute(value, attr)
        except _GIVE_UP:
            return UNKNOWN

    def run(
        self, facts: ModuleFacts, scope: Scope, stmts: list[ast.stmt], bindings: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Run ``stmts`` (of ``scope`` in ``facts``) with ``bindings`` as the local names;
        the names as they end, or None when the statements cannot be followed."""
        env = Env(facts, scope, dict(bindings))
        try:
            self._body(stmts, env)
        except _GIVE_UP:
            return None
        return env.vars

    def run_decorators(self, modules: Iterable[ModuleFacts], steps_each: int = 2_000) -> None:
        """Apply each project decorator of ``modules`` to what it decorates (bottom up), as
        importing the module would (a function's only when it calls a plain name), each within ``steps_each``; the values are dropped, what
        they add to module globals stays."""
        for facts in modules:
            targets: list[tuple[Any, list[ast.expr], Scope]] = [
                (ClassSym(facts, c.qualname), c.node.decorator_list, c.scope)
                for c in facts.classes.values()
                if c.node.decorator_list
            ]
            targets += [  # a function's decorators called on an object route it instead
                (FunctionSym(facts, f.qualname), [d for d in f.decorators if registers(d)], f.scope)
                for f in facts.functions.values()
                if f.decorators and not f.scope
            ]
            for target, decorators, scope in targets:
                for dec in reversed(decorators):
                    func = dec.func if isinstance(dec, ast.Call) else dec
                    if not isinstance(func, (ast.Name, ast.Attribute)):
                        continue
                    callee = self.symbols.follow(self.symbols.resolve_expr(facts, scope, func))
                    if not isinstance(callee, FunctionSym):
                        continue  # a library's decorator: nothing the project registers
                    budget = self.steps
                    self.steps = start = min(budget, steps_each)
                    try:
                        wrapper = self.value(facts, scope, dec)
                        if wrapper is not UNKNOWN:
                            target = self.apply(wrapper, [target], {})
                    finally:
                        self.steps = budget - (start - max(self.steps, 0))
                    if target is UNKNOWN:
                        break

    # --- statements --------------------------------------------------------------------

    def _tick(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise Abort

    def _body(self, stmts: list[ast.stmt], env: Env) -> None:
        for stmt in stmts:
            self._stmt(stmt, env)

    def _stmt(self, stmt: ast.stmt, env: Env) -> None:
        self._tick()
        if isinstance(stmt, ast.Expr):
            self._expr(stmt.value, env)
        elif isinstance(stmt, ast.Assign):
            value = self._expr(stmt.value, env)
            for target in stmt.targets:
                self._assign(target, value, env)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self._assign(stmt.target, self._expr(stmt.value, env), env)
        elif isinstance(stmt, ast.AugAssign):
            load = _as_load(stmt.target)
            value = self._binop(stmt.op, self._expr(load, env), self._expr(stmt.value, env))
            if isinstance(stmt.op, ast.Add) and isinstance(value, list):
                current = self._expr(load, env)
                if isinstance(current, list):  # ``x += [...]`` extends the same list
                    current[:] = value
                    return
            self._assign(stmt.target, value, env)
        elif isinstance(stmt, ast.Return):
            raise _Return(self._expr(stmt.value, env) if stmt.value is not None else None)
        elif isinstance(stmt, ast.If):
            self._body(stmt.body if self._truth(stmt.test, env) else stmt.orelse, env)
        elif isinstance(stmt, ast.For):
            self._for(stmt, env)
        elif isinstance(stmt, ast.Try):
            self._try(stmt, env)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            qual = f"{env.scope}.{stmt.name}" if env.scope else stmt.name
            env.vars[stmt.name] = Closure(env.facts, qual, stmt, env)
        elif isinstance(stmt, ast.With):
            self._body(stmt.body, env)
        elif isinstance(stmt, ast.Raise):
            raise _Raise(_raised(stmt.exc))
        elif isinstance(stmt, ast.Break):
            raise _Break
        elif isinstance(stmt, ast.Continue):
            raise _Continue
        elif isinstance(stmt, (ast.Pass, ast.Assert, ast.Import, ast.ImportFrom)):
            pass
        else:  # while loops, deletes, globals, classes...: not this evaluator's
            raise Abort

    def _for(self, stmt: ast.For, env: Env) -> None:
        for item in self._items_of(self._expr(stmt.iter, env)):
            self._assign(stmt.target, item, env)
            try:
                self._body(stmt.body, env)
            except _Break:
                return
            except _Continue:
                continue
        self._body(stmt.orelse, env)

    @staticmethod
    def _items_of(value: Any) -> list[Any]:
        """What a loop over ``value`` runs through (a copy); a value of unknown length stops
        the evaluation."""
        if isinstance(value, dict):
            return list(value)
        if not isinstance(value, (list, tuple, str)):
            raise Abort
        return list(value)

    def _try(self, stmt: ast.Try, env: Env) -> None:
        try:
            self._body(stmt.body, env)
        except _Raise as raised:
            for handler in stmt.handlers:
                names = _handler_names(handler.type)
                if names is None or any(raised.kind in _CATCHES.get(n, {n}) for n in names):
                    if handler.name:
                        env.vars[handler.name] = UNKNOWN
                    self._body(handler.body, env)
                    break
            else:
                raise
        else:
            self._body(stmt.orelse, env)
        finally:
            self._body(stmt.finalbody, env)

    def _assign(self, target: ast.expr, value: Any, env: Env) -> None:
        if isinstance(target, ast.Name):
            env.vars[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            if not isinstance(value, (list, tuple)) or len(value) != len(target.elts):
                raise Abort
            for t, v in zip(target.elts, value, strict=True):
                self._assign(t, v, env)
        elif isinstance(target, ast.Subscript):
            container = self._expr(target.value, env)
            key = self._expr(target.slice, env)
            if isinstance(container, (dict, list)) and _known(key):
                try:
                    container[key] = value
                except (IndexError, TypeError) as exc:
                    raise _Raise(_ERRORS.get(type(exc), "Exception")) from None
            else:
                raise Abort
        elif isinstance(target, ast.Attribute):
            owner = self._expr(target.value, env)
            if not isinstance(owner, Namespace):  # objects the evaluator does not model
                raise Abort
            owner.attrs[target.attr] = value
        else:
            raise Abort

    def _truth(self, test: ast.expr, env: Env) -> bool:
        value = self._expr(test, env)
        if not _known(value) or isinstance(value, (ExtCall, MethodCall, Obj)):
            raise Abort
        return bool(value)

    # --- expressions -------------------------------------------------------------------

    def _expr(self, expr: ast.expr, env: Env) -> Any:
        self._tick()
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.Name):
            return self._name(expr.id, env)
        if isinstance(expr, ast.JoinedStr):
            parts: list[str] = []
            for part in expr.values:
                v = (
                    part.value if isinstance(part, ast.Constant) else self._expr(part.value, env)  # type: ignore[attr-defined]
                )
                if not isinstance(v, _PLAIN):
                    return UNKNOWN
                parts.append(str(v))
            return "".join(parts)
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            out = self._elements(expr.elts, env)
            if out is None:
                return UNKNOWN
            return tuple(out) if isinstance(expr, ast.Tuple) else out
        if isinstance(expr, ast.Dict):
            d: dict[Any, Any] = {}
            for k, v in zip(expr.keys, expr.values, strict=True):
                if k is None:
                    inner = self._expr(v, env)
                    if not isinstance(inner, dict):
                        return UNKNOWN
                    d.update(inner)
                    continue
                key = self._expr(k, env)
                if not _hashable(key):
                    return UNKNOWN
                d[key] = self._expr(v, env)
            return d
        if isinstance(expr, ast.BinOp):
            return self._binop(expr.op, self._expr(expr.left, env), self._expr(expr.right, env))
        if isinstance(expr, ast.UnaryOp):
            operand = self._expr(expr.operand, env)
            if isinstance(expr.op, ast.Not):
                if not _known(operand):
                    return UNKNOWN
                return not operand
            if isinstance(expr.op, ast.USub) and isinstance(operand, (int, float)):
                return -operand
            return UNKNOWN
        if isinstance(expr, ast.BoolOp):
            last: Any = None
            for e in expr.values:
                last = self._expr(e, env)
                if not _known(last):
                    return UNKNOWN
                if isinstance(expr.op, ast.And) and not last:
                    return last
                if isinstance(expr.op, ast.Or) and last:
                    return last
            return last
        if isinstance(expr, ast.Compare):
            left = self._expr(expr.left, env)
            for op, comp in zip(expr.ops, expr.comparators, strict=True):
                right = self._expr(comp, env)
                if not (_known(left) and _known(right)):
                    return UNKNOWN
                try:
                    if not _COMPARE[type(op)](left, right):
                        return False
                except TypeError:
                    return UNKNOWN
                left = right
            return True
        if isinstance(expr, ast.IfExp):
            return self._expr(expr.body if self._truth(expr.test, env) else expr.orelse, env)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, env)
        if isinstance(expr, ast.Attribute):
            return self._attribute(self._expr(expr.value, env), expr.attr)
        if isinstance(expr, ast.Call):
            return self._call(expr, env)
        if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self._comprehension(expr, env)
        if isinstance(expr, ast.Lambda):
            return Closure(env.facts, "", expr, env)
        return UNKNOWN

    def _binop(self, op: ast.operator, left: Any, right: Any) -> Any:
        fn = _BINOPS.get(type(op))
        if fn is None or not (_known(left) and _known(right)):
            return UNKNOWN
        if _too_big(left) or _too_big(right):
            return UNKNOWN
        if isinstance(op, ast.Mod) and isinstance(left, str) and _HUGE_FORMAT.search(left):
            return UNKNOWN
        if isinstance(op, ast.Mult) and (
            isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))
        ):
            seq, count = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if not isinstance(count, int) or len(seq) * count > MAX_ITEMS:
                return UNKNOWN
        try:
            result = fn(left, right)
        except Exception:
            return UNKNOWN
        if (isinstance(result, (str, list, tuple)) and len(result) > MAX_ITEMS) or _too_big(result):
            raise Abort
        return result

    def _subscript(self, expr: ast.Subscript, env: Env) -> Any:
        container = self._expr(expr.value, env)
        if isinstance(expr.slice, ast.Slice):
            parts = [
                self._expr(p, env) if p is not None else None
                for p in (expr.slice.lower, expr.slice.upper, expr.slice.step)
            ]
            if isinstance(container, (list, tuple, str)) and all(
                p is None or isinstance(p, int) for p in parts
            ):
                return container[slice(*parts)]
            return UNKNOWN
        key = self._expr(expr.slice, env)
        if not isinstance(container, (dict, list, tuple, str)) or not _known(key):
            return UNKNOWN
        try:
            return container[key]
        except (KeyError, IndexError, TypeError) as exc:
            raise _Raise(_ERRORS[type(exc)]) from None

    def _comprehension(self, expr: Any, env: Env) -> Any:
        inner = Env(env.facts, env.scope, {}, env)
        results: list[Any] = []

        def loop(i: int) -> None:
            if i == len(expr.generators):
                if isinstance(expr, ast.DictComp):
                    results.append((self._expr(expr.key, inner), self._expr(expr.value, inner)))
                else:
                    results.append(self._expr(expr.elt, inner))
                if len(results) > MAX_ITEMS:
                    raise Abort
                return
            gen = expr.generators[i]
            for item in self._items_of(self._expr(gen.iter, inner)):
                self._assign(gen.target, item, inner)
                if all(self._truth(cond, inner) for cond in gen.ifs):
                    loop(i + 1)

        loop(0)
        if isinstance(expr, ast.DictComp):
            return dict(results) if all(_hashable(k) for k, _ in results) else UNKNOWN
        return results

    def _name(self, name: str, env: Env) -> Any:
        e: Env | None = env
        while e is not None:
            if name in e.vars:
                return e.vars[name]
            facts = e.facts
            e = e.parent
        return self._global(facts, name)

    def _global(self, facts: ModuleFacts, name: str) -> Any:
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        sym = self.symbols.resolve_name(facts, "", name)
        return self._symbol(sym, name)

    def _symbol(self, sym: Any, name: str) -> Any:
        if isinstance(sym, Assigned):
            if sym.scope and sym.scope in sym.facts.classes:
                return self.value(sym.facts, sym.scope, sym.value)
            key = (sym.facts.path, sym.name)
            if sym.scope:
                return UNKNOWN
            if key not in self.globals:
                self.globals[key] = UNKNOWN  # a global defined through itself stays unknown
                self.globals[key] = self.value(sym.facts, "", sym.value)
            return self.globals[key]
        if isinstance(sym, External) and sym.dotted == name and name in _BUILTIN_TYPES:
            return _BUILTIN_TYPES[name]
        return sym  # a project class, function or module, or something outside

    def _attribute(self, value: Any, attr: str) -> Any:
        if self.hook is not None and not isinstance(
            value, (list, dict, str, tuple, Instance, Super)
        ):
            answered = self.hook(value, attr)  # the framework's knowledge first (``as_view``)
            if answered is not UNKNOWN:
                return answered
        if isinstance(value, Instance):
            if attr in value.attrs:
                return value.attrs[attr]
            return self._inherited(value, None, attr)
        if isinstance(value, Super):
            return self._inherited(value.instance, value.owner, attr)
        if isinstance(value, ModuleSym):
            return self._symbol(self.symbols.member(value, attr), attr)
        if isinstance(value, External):
            return External(f"{value.dotted}.{attr}")
        if isinstance(value, Namespace):
            return value.attrs.get(attr, UNKNOWN)
        if isinstance(value, (list, dict, str, tuple)) and attr in _CONTAINER_METHODS:
            if attr == "format" and isinstance(value, str) and _HUGE_FORMAT.search(value):
                return UNKNOWN
            method = getattr(value, attr, None)
            return _Builtin(method) if method is not None else UNKNOWN
        if isinstance(value, ClassSym):
            member = self.symbols.member(value, attr)
            if isinstance(member, Assigned):
                return self._symbol(member, attr)
            if isinstance(member, FunctionSym):
                return _Bound(value, member)
            if isinstance(member, ClassSym):
                return member
        if isinstance(value, (ClassSym, Obj)):
            return Method(value, attr)  # a library's method
        return UNKNOWN

    def _inherited(self, instance: Instance, owner: ClassSym | None, attr: str) -> Any:
        """``attr`` of ``instance`` from its class chain past ``owner`` (the whole chain when
        None): a method bound to it (a property called), a class attribute; else the hook's
        answer for what the library bases define."""
        chain = self.chain(instance.cls) if instance.cls is not None else []
        if owner is not None:
            at = next(
                (
                    i
                    for i, k in enumerate(chain)
                    if k.facts is owner.facts and k.qualname == owner.qualname
                ),
                None,
            )
            chain = chain[at + 1 :] if at is not None else []
        for klass in chain:
            info = klass.facts.classes[klass.qualname]
            method = info.methods.get(attr)
            if method is not None:
                fn = FunctionSym(klass.facts, method.qualname)
                if any(isinstance(d, ast.Name) and d.id == "property" for d in method.decorators):
                    return self._call_function(fn, [instance], {})
                if any(
                    isinstance(d, ast.Name) and d.id == "staticmethod" for d in method.decorators
                ):
                    return fn
                return _Bound(instance, fn)
            entry = info.fields.get(attr)
            if entry is not None and entry[1] is not None:
                return self.value(klass.facts, klass.qualname, entry[1])
        if self.hook is not None:
            return self.hook(Super(None, instance), attr)
        return UNKNOWN

    def _elements(self, elts: list[ast.expr], env: Env) -> list[Any] | None:
        """A display's elements or a call's arguments, ``*x`` spread; None when a spread
        value is no known sequence."""
        out: list[Any] = []
        for e in elts:
            if isinstance(e, ast.Starred):
                inner = self._expr(e.value, env)
                if not isinstance(inner, (list, tuple)):
                    return None
                out.extend(inner)
            else:
                out.append(self._expr(e, env))
        return out

    # --- calls -------------------------------------------------------------------------

    def _call(self, call: ast.Call, env: Env) -> Any:
        if isinstance(call.func, ast.Name) and call.func.id == "super":
            return self._super(call, env)
        callee = self._expr(call.func, env)
        args = self._elements(call.args, env)
        if args is None:
            return UNKNOWN
        kwargs: dict[str, Any] = {}
        for k in call.keywords:
            v = self._expr(k.value, env)
            if k.arg is None:
                if not isinstance(v, dict):
                    return UNKNOWN
                kwargs.update(v)
            else:
                kwargs[k.arg] = v
        return self._call_value(callee, args, kwargs, (env.facts, call))

    def _super(self, call: ast.Call, env: Env) -> Any:
        """``super()`` (in a method of a class the chain holds) or ``super(Cls, self)``."""
        if call.args:
            if len(call.args) != 2:
                return UNKNOWN
            owner, instance = (self._expr(a, env) for a in call.args)
        else:
            e: Env | None = env
            while e is not None and e.first is None:
                e = e.parent
            if e is None or e.first is None or "." not in e.scope:
                return UNKNOWN
            qual = e.scope.rsplit(".", 1)[0]
            if qual not in e.facts.classes:
                return UNKNOWN
            owner, instance = ClassSym(e.facts, qual), e.vars.get(e.first)
        if not isinstance(owner, ClassSym) or not isinstance(instance, Instance):
            return UNKNOWN
        return Super(owner, instance)

    def _call_value(
        self,
        callee: Any,
        args: list[Any],
        kwargs: dict[str, Any],
        site: tuple[ModuleFacts, ast.Call] | None,
    ) -> Any:
        if isinstance(callee, _Builtin):
            if not all(_known(a) for a in args):
                return UNKNOWN
            try:
                result = callee.fn(*args, **kwargs)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
                raise _Raise(_ERRORS[type(exc)]) from None
            if isinstance(result, (str, list)) and len(result) > MAX_ITEMS:
                raise Abort
            if type(result).__name__ in ("dict_items", "dict_keys", "dict_values"):
                return list(result)
            return result
        if isinstance(callee, _Bound):
            return self._call_function(callee.fn, [callee.receiver, *args], kwargs)
        if isinstance(callee, Method):
            return MethodCall(callee.receiver, callee.name, tuple(args), kwargs)
        if isinstance(callee, Closure):
            return self._invoke(callee, args, kwargs)
        if isinstance(callee, FunctionSym):
            return self._call_function(callee, args, kwargs)
        if isinstance(callee, type) and callee in _BUILTIN_TYPES.values():
            return self._builtin(callee.__name__, args, kwargs)
        if isinstance(callee, ClassSym):
            bases = self.symbols.class_bases(callee)
            if "dict" in bases or "collections.OrderedDict" in bases:
                return dict(*args, **kwargs) if all(_known(a) for a in args) else UNKNOWN
            return Obj(callee, tuple(args), kwargs)
        if isinstance(callee, External):
            name = callee.dotted
            if name in _SAFE_BUILTINS or name in (
                "type", "issubclass", "isinstance", "getattr", "hasattr"
            ):  # fmt: skip
                return self._builtin(name, args, kwargs)
            if name in ("collections.defaultdict", "defaultdict"):
                factory = args[0] if args else None
                if factory in (dict, list) or factory is None:
                    return collections.defaultdict(factory)
                return UNKNOWN
            if name in ("collections.OrderedDict", "OrderedDict"):
                return self._builtin("dict", args, kwargs)
            if self.calls is not None:
                answered = self.calls(name, args, kwargs)
                if answered is not UNKNOWN:
                    return answered
            if site is None:
                return UNKNOWN
            return ExtCall(name, tuple(args), kwargs, site[0], site[1])
        return UNKNOWN

    def _builtin(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if name == "type" and len(args) == 1:
            value = args[0]
            return (
                type(value) if isinstance(value, (*_PLAIN, list, dict, tuple)) else External("type")
            )
        if name in ("issubclass", "isinstance") and len(args) == 2:
            if name == "isinstance" and isinstance(args[1], type):
                return isinstance(args[0], args[1])
            if self.is_subclass is not None:
                found = self.is_subclass(args[0], args[1])
                if found is not None:
                    return found
            return UNKNOWN
        if name in ("getattr", "hasattr") and len(args) in (2, 3) and isinstance(args[1], str):
            return self._getattr(name, args)
        fn = _SAFE_BUILTINS.get(name)
        if fn is None or not all(_known(a) for a in args):
            return UNKNOWN
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise _Raise(_ERRORS[type(exc)]) from None

    def _getattr(self, name: str, args: list[Any]) -> Any:
        """``hasattr(x, "a")``, ``getattr(x, "a"[, default])``: whether ``x`` has it from the
        ``has_attribute`` hook (a value's own attributes where the evaluator built it)."""
        value, attr = args[0], args[1]
        has: bool | None = None
        if isinstance(value, Namespace) and not isinstance(value, Instance):
            has = attr in value.attrs
        elif isinstance(value, (dict, list, str, tuple)):
            has = attr in _CONTAINER_METHODS
        if has is None and self.has_attribute is not None:
            has = self.has_attribute(value, attr)
        if name == "hasattr":
            return UNKNOWN if has is None else has
        if has is False:
            if len(args) == 3:
                return args[2]
            raise _Raise("AttributeError")
        found = self._attribute(value, attr)
        if has is None and (found is UNKNOWN or isinstance(found, Method)):
            return UNKNOWN  # a library's attribute, or none: not known which
        return found

    def _call_function(self, fn: FunctionSym, args: list[Any], kwargs: dict[str, Any]) -> Any:
        info = fn.facts.functions.get(fn.qualname)
        if info is None:
            return UNKNOWN
        self.symbols.reads(fn.facts, fn.qualname)
        return self._invoke(Closure(fn.facts, fn.qualname, info.node, None), args, kwargs)

    def _invoke(self, fn: Closure, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if self.depth >= self.max_depth:
            raise Abort
        env = Env(fn.facts, fn.qualname, {}, fn.env)
        spec = fn.node.args
        if fn.qualname and (spec.posonlyargs or spec.args):
            env.first = (spec.posonlyargs or spec.args)[0].arg
        self._bind(fn.node.args, args, kwargs, env)
        self.depth += 1
        try:
            if isinstance(fn.node, ast.Lambda):
                return self._expr(fn.node.body, env)
            try:
                self._body(fn.node.body, env)
            except _Return as ret:
                return ret.value
            return None
        finally:
            self.depth -= 1

    def _bind(self, spec: ast.arguments, args: list[Any], kwargs: dict[str, Any], env: Env) -> None:
        positional = [*spec.posonlyargs, *spec.args]
        defaults = dict(
            zip(
                [a.arg for a in positional[len(positional) - len(spec.defaults) :]],
                spec.defaults,
                strict=True,
            )
        )
        defaults.update(
            {
                a.arg: d
                for a, d in zip(spec.kwonlyargs, spec.kw_defaults, strict=True)
                if d is not None
            }
        )
        outer = Env(env.facts, "", {}, env.parent)  # defaults are evaluated where defined
        for i, a in enumerate(positional):
            if i < len(args):
                env.vars[a.arg] = args[i]
            elif a.arg in kwargs:
                env.vars[a.arg] = kwargs.pop(a.arg)
            elif a.arg in defaults:
                env.vars[a.arg] = self._expr(defaults[a.arg], outer)
            else:
                raise Abort
        if spec.vararg is not None:
            env.vars[spec.vararg.arg] = tuple(args[len(positional) :])
        elif len(args) > len(positional):
            raise Abort
        for a in spec.kwonlyargs:
            if a.arg in kwargs:
                env.vars[a.arg] = kwargs.pop(a.arg)
            elif a.arg in defaults:
                env.vars[a.arg] = self._expr(defaults[a.arg], outer)
            else:
                raise Abort
        if spec.kwarg is not None:
            env.vars[spec.kwarg.arg] = dict(kwargs)
        elif kwargs:
            raise Abort


def _as_load(target: ast.expr) -> ast.expr:
    return target  # the evaluator reads a target node as it reads the same expression


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return _known(value)


def _raised(exc: ast.expr | None) -> str:
    target = exc.func if isinstance(exc, ast.Call) else exc
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return "Exception"


def _handler_names(expr: ast.expr | None) -> list[str] | None:
    if expr is None:
        return None
    elts = expr.elts if isinstance(expr, ast.Tuple) else [expr]
    return [_raised(e) for e in elts]
